"""fscli case: open, list, show, allocate, close, reopen."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, confirm, read_date, read_text, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

app = typer.Typer(help="Open, list, show, allocate, close and reopen cases (one case = one family).", no_args_is_help=True)


@app.command("open")
def open_(
    family: Annotated[str, typer.Argument(help="The family's name as you refer to it, e.g. \"Hart family\".", show_default=False)],
    referred: Annotated[str, typer.Option("--referred", help="Referral date, e.g. 03/11/2026 or 'last monday'.", show_default=False)],
    source: Annotated[str, typer.Option("--source", help="Referral source code (CIN census), e.g. 3B health visitor: see 'fscli codes referral-source'.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="The presenting reason, in a sentence ('-' reads it from stdin).", show_default=False)],
    ref: Annotated[Optional[str], typer.Option("--ref", help="The council's own case ID; without it fscli gives FS-0001, FS-0002, ...", show_default=False)] = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="The allocated worker (default: FSCLI_WORKER or the config file).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Open a case for a family.

    Example: fscli case open "Hart family" --referred 03/11/2026 --source 3B --reason "Health visitor worried about missed feeds"
    """
    from fscli.domain.dates import echo
    from fscli.domain.codes import REFERRAL_SOURCE
    from fscli.services.cases import open_case

    ctx = AppContext(db)
    referred_on = read_date(ctx, referred, "--referred")
    holder = worker if worker is not None else ctx.settings.worker
    result = ctx.write(lambda uow: open_case(uow, family=family, referred_on=referred_on, source=source, reason=read_text(reason) or "", ref=ref, worker=holder))
    source_code = REFERRAL_SOURCE.find(source)
    by = f"{source_code.code} ({source_code.label})" if source_code else source
    allocated = f"worker: {result.worker}" if result.worker else "unallocated (set FSCLI_WORKER, or: fscli case allocate " + result.ref + " WORKER)"
    confirm(f"Opened {result.ref} {result.family}, referred {echo(referred_on)} by {by}; {allocated}.", result.ref)


@app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="Open cases (the default).")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Closed cases only.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Open and closed cases.")] = False,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only cases this worker holds now.", show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only the cases you hold (FSCLI_WORKER or the config file).")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """List cases with their worker, how many workers they have had, and their children.

    Example: fscli case list --mine
    """
    from fscli.errors import FscliError, InvalidInput
    from fscli.reports.cases import case_list

    if sum((open_only, closed, all_)) > 1:
        raise InvalidInput("--open/--closed/--all", None, "choose one of them")
    if worker and mine:
        raise InvalidInput("--worker/--mine", None, "choose one of them")
    ctx = AppContext(db)
    holder = worker
    if mine:
        holder = ctx.settings.worker
        if not holder:
            raise FscliError("--mine: fscli does not know your name", hint="set FSCLI_WORKER, or 'worker = \"Your Name\"' in the config file")
    status = "all" if all_ else "closed" if closed else "open"
    show(ctx.read(lambda reader: case_list(reader, status=status, worker=holder)), fmt, color)


@app.command("show")
def show_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """The family on a page: people with ages, agencies, workers over time, history.

    Example: fscli case show FS-0001
    """
    from fscli.reports.cases import case_show

    ctx = AppContext(db)
    show(ctx.read(lambda reader: case_show(reader, ref, ctx.today)), fmt, color)


@app.command("allocate")
def allocate(
    ref: RefArg,
    worker: Annotated[str, typer.Argument(help="The worker taking the case.", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When they take it (default: today).")] = "today",
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the worker changes: see 'fscli codes worker-change' (needed when the case already has a worker).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Allocate a case to a worker; the history of who held it is kept.

    Example: fscli case allocate FS-0001 "Priya Shah" --date 01/12/2026 --reason LEFTRL
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import allocate as allocate_case

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: allocate_case(uow, ref, worker, on=on, reason=reason))
    confirm(f"Allocated {result.ref} {result.family} to {result.worker} from {echo(on)} ({result.note}).")


@app.command("close")
def close(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="Closure date.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="RC1-RC9, or an Early Help reason: outcomes-met, stepped-up, disengaged, consent-withdrawn, moved-away.", show_default=False)],
    summary: Annotated[Optional[str], typer.Option("--summary", help="What was achieved ('-' reads it from stdin).", show_default=False)] = None,
    sustain: Annotated[Optional[str], typer.Option("--sustain", help="What will sustain progress: the family's support network.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Close a case with a reason; the closure stays in the case's history.

    Example: fscli case close FS-0003 --date today --reason outcomes-met --summary "Settled in the new tenancy"
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import close_case

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: close_case(uow, ref, on=on, reason=reason, summary=read_text(summary), sustain=sustain))
    confirm(f"Closed {result.ref} {result.family} on {echo(on)}: {result.note}.")


@app.command("reopen")
def reopen(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="Reopening date.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why the case is reopened.", show_default=False)],
    worker: Annotated[Optional[str], typer.Option("--worker", help="Allocate it to this worker as it reopens.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Reopen a closed case; the earlier closure stays in the history.

    Example: fscli case reopen FS-0003 --date today --reason "New referral from school about attendance"
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import reopen_case

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: reopen_case(uow, ref, on=on, reason=reason, worker=worker))
    allocated = f"; worker: {result.worker}" if result.worker else f"; allocate it with: fscli case allocate {result.ref} WORKER"
    confirm(f"Reopened {result.ref} {result.family} on {echo(on)}{allocated}.")
