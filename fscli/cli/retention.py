"""fscli retention [--all] | fscli retention erase REF --yes [--decision WHY]."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt


class Action(str, Enum):
    erase = "erase"


def retention(
    action: Annotated[Optional[Action], typer.Argument(metavar="[erase]", help="Left out: list the closed cases whose retention review date has come.", show_default=False)] = None,
    ref: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="erase: the case to erase, e.g. FS-0003.", show_default=False)] = None,
    every: Annotated[bool, typer.Option("--all", help="List every case: those still kept, open ones, and those whose date the rules cannot work out.")] = False,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules in force instead: each period, what it counts from, its source, and the file that set it.")] = False,
    erased: Annotated[bool, typer.Option("--erased", help="List the cases erased instead: each tombstone (reference, when, by whom, on what basis, how many rows), and any a restore brought back.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="erase: erase without asking. Without it, says what would go and erases nothing (exit 1).")] = False,
    decision: Annotated[Optional[str], typer.Option("--decision", metavar="WHY", help="erase: erase before the review date, under an erasure decision (UK GDPR Art. 17); say why, with no names.", show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """How long each closed case's record is kept, and erasing one whose time has come.

    'fscli retention' lists the closed cases whose retention review date has come: the record's
    category (the most serious plan any child had: looked after, child protection, child in need,
    Early Help), the rule, the date and its source. The periods are docs/retention.md's (looked after: to
    the 75th anniversary of birth, or 15 years after a death before 18, CPPCR 2010 reg 50; child
    protection: 35 years after the last contact, Blackpool's; child in need and, as the council's
    own choice, Early Help: to the 18th birthday and 3 years of inactivity, Devon's); a council sets
    its own in the profile's [retention] table. Nothing is ever deleted on its own.

    'fscli retention erase REF --yes' removes the case and every record of it, in one transaction,
    its search entries and the file's free pages; the access log keeps the case's number and the
    audit keeps one tombstone row with counts, no names. Refused for an open case, one under a
    restriction of processing, and one with a subject access request not yet answered. Backups
    and exports made before still hold the case: see docs/retention.md.

    Example: fscli retention --all

    Example: fscli retention --rules

    Example: fscli retention --erased

    Example: fscli retention erase FS-0003 --yes

    Example: fscli retention erase FS-0007 --yes --decision "erasure request upheld by the DPO, ref DP-114"
    """
    from fscli.errors import InvalidInput

    ctx = AppContext(db)
    if action is None:
        for name, given in (("REF", ref), ("--yes", yes or None), ("--decision", decision), ("--all", (every and (rules or erased)) or None), ("--rules", (rules and erased) or None)):
            if given is not None:
                raise InvalidInput(name, None, "goes with erase" if name not in ("--all", "--rules") else "asks for another list: give one of --all, --rules, --erased", hint="e.g. 'fscli retention erase FS-0003 --yes'")
        from fscli.cli.output import show
        from fscli.reports.retention import erased_report, retention_report, rules_report

        in_force, today = ctx.practice.retention, ctx.today
        if rules:
            show(rules_report(in_force), fmt, color)
        else:
            show(ctx.read(lambda reader: erased_report(reader) if erased else retention_report(reader, in_force, today, every=every)), fmt, color)
        return
    if ref is None:
        raise InvalidInput("REF", None, "give the case to erase", hint="see 'fscli retention' for the cases due")
    if every or rules or erased or fmt is not None:
        raise InvalidInput("--all" if every else "--rules" if rules else "--erased" if erased else "--format", None, "goes with the list, not with erase")
    _erase(ctx, ref, yes=yes, decision=decision)


def _erase(ctx: AppContext, ref: str, *, yes: bool, decision: str | None) -> None:
    from fscli.cli.output import confirm
    from fscli.errors import FscliError
    from fscli.render.emit import message
    from fscli.services.erasure import erase

    rules = ctx.practice.retention
    done = ctx.write(lambda uow: erase(uow, ref, rules=rules, decision=decision, confirmed=yes))
    try:
        emptied, busy = ctx.database.reclaim(sorted(done.removed)), None
    except FscliError as error:  # the erasure is committed: only the clean-up after it waits
        emptied, busy = False, error
    confirm(f"Erased case {done.ref} ({done.basis.partition(':')[0]}): {done.total} rows removed ({done.counts()})"
            + (f"; {done.requests_cleared} answered subject access request(s) keep their dates, without the person" if done.requests_cleared else "")
            + ". Kept: the audit's tombstone row and the access log's case number."
            " Older backups and exports still hold it: see docs/retention.md.", done.ref)  # fmt: skip
    if busy is not None:
        message(f"fscli: warning: the file could not be VACUUMed just now ({busy.message}): the removed rows were overwritten with zeros, but the -wal may hold earlier copies of their pages until SQLite's next checkpoint, and the file is VACUUMed at the next erasure")
    elif not emptied:
        message("fscli: warning: another program has the caseload open, so its -wal file still holds pages from before the erasure; SQLite empties it when the last program using the caseload closes it")
