"""fscli void, fscli correct, and --again: mistakes put right, the record kept."""

import sys
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date
from fscli.cli.output import confirm
from fscli.cli.options import DbOpt, RefArg

AgainOpt = Annotated[bool, typer.Option("--again", help="Log it even though one of the same type is recorded for the family that day (a second visit, not the same one typed twice).")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why the recorded value was wrong (kept with the history of the record).", show_default=False)]

correct_app = typer.Typer(help="Correct a recorded date of a child's journey, with a reason: the old value stays in the record's history and the clocks follow.", no_args_is_help=True)


def on_terminal() -> bool:
    """Whether a person is there to answer: stdin and stderr (where the question goes) a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def write_asking_again(ctx: AppContext, work):
    """Run `work(uow, again)`; if the family has an entry of that type that day already, ask on a
    terminal (y/N) and run it again with again=True, or leave the refusal to a script. The first
    attempt wrote nothing (its transaction rolled back)."""
    from fscli.errors import FscliError, SameDayEntry

    try:
        return ctx.write(lambda uow: work(uow, False))
    except SameDayEntry as twin:
        if not on_terminal():
            raise
        if not typer.confirm(twin.question, default=False, err=True):
            raise FscliError("nothing was written", hint="to log it after all, run it again with --again") from None
    return ctx.write(lambda uow: work(uow, True))


def void(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The entry: V12 (visit), M3 (meeting), D4 (diary), T7 (task), S5 (goal score), P2 (plan), B9 (booking), SAR2 (subject access request recorded in error), FS-0001/2 (goal); with its case, checked: FS-0001/V12.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why the entry was made in error.", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Void an entry made in error: it leaves every view, clock and count, and stays in the audit
    and the export (with when and why it was voided); 'fscli chronology REF --voided' shows it
    struck through. Voiding a correction voids the entry it corrects with it.

    Example: fscli void FS-0001/V12 --reason "Typed twice: the same visit as V11"
    """
    from fscli.services.voiding import void_entry

    ctx = AppContext(db)
    done = ctx.write(lambda uow: void_entry(uow, ident, reason=reason))
    confirm(f"{done.line[0].upper()}{done.line[1:]}.", done.label)


def move(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The entry: V12 (visit), M3 (meeting), T7 (task), D4 (diary), FS-0001/2 (goal, with its scores); with its case, checked: FS-0003/V12.", show_default=False)],
    to: Annotated[str, typer.Option("--to", help="The case it belongs on.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why it is moved: kept in both cases' history.", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Move an entry filed on the wrong family to the right case. It keeps its number (V12 stays
    V12), both cases' chronologies say so, and both families' clocks follow. The people and
    agencies on it become those of the same name on the case it goes to; anyone not there stops
    the move, named, so nothing points at the family it leaves. The case it goes to must be open.

    Example: fscli move FS-0003/V12 --to FS-0004 --reason "Filed on the wrong family"
    """
    from fscli.services.moving import move_entry

    ctx = AppContext(db)
    done = ctx.write(lambda uow: move_entry(uow, ident, to=to, reason=reason))
    confirm(f"{done.line[0].upper()}{done.line[1:]}.", done.label)


@correct_app.command("icpc")
def correct_icpc(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The date the ICPC was really held.", show_default=False)],
    reason: ReasonOpt,
    child: Annotated[Optional[list[str]], typer.Option("--child", help="Only these children (default: every child whose ICPC is recorded on the same day).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Correct the date of a recorded ICPC: the CP plan that began at it, and the ICPC meeting
    logged that day, move with it, and the review clock runs from the new date.

    Example: fscli correct icpc FS-0004 --date 29/12/2025 --reason "Held on the Monday after Christmas, not Boxing Day"
    """
    from fscli.services.corrections import correct_icpc as run

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    done = ctx.write(lambda uow: run(uow, ref, on=on, children=child or [], reason=reason, calendar=ctx.practice.calendar))
    confirm("Corrected: " + "; ".join(done.lines) + ".", done.ref)


@correct_app.command("plan")
def correct_plan(
    ident: Annotated[str, typer.Argument(metavar="PLAN", help="The plan, e.g. P3 or FS-0001/P3 ('fscli case journey REF' lists them).", show_default=False)],
    reason: ReasonOpt,
    start: Annotated[Optional[str], typer.Option("--start", help="The date the plan really began.", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--end", help="The date an ended plan really ended.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Correct when a plan began or ended; a step from another plan that day moves with it.

    Example: fscli correct plan P3 --start 17/11/2026 --reason "The CIN plan began the day after the assessment"
    """
    from fscli.services.corrections import correct_plan as run

    ctx = AppContext(db)
    new_start, new_end = read_date(ctx, start, "--start"), read_date(ctx, end, "--end")
    done = ctx.write(lambda uow: run(uow, ident, start=new_start, end=new_end, reason=reason))
    confirm("Corrected: " + "; ".join(done.lines) + ".", done.ref)


@correct_app.command("assessment")
def correct_assessment(
    ref: RefArg,
    reason: ReasonOpt,
    child: Annotated[Optional[list[str]], typer.Option("--child", help="The child whose assessment it is (needed when more than one child has one).", show_default=False)] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="The date the assessment really began.", show_default=False)] = None,
    completed: Annotated[Optional[str], typer.Option("--completed", help="The date it was really authorised.", show_default=False)] = None,
    early_help: Annotated[bool, typer.Option("--early-help", help="The child's latest Early Help assessment (EHA), not the single assessment.")] = False,
    db: DbOpt = None,
) -> None:
    """Correct when a child's latest single assessment (or, with --early-help, EHA) began or was authorised.

    Example: fscli correct assessment FS-0002 --child "Ava Hart" --start 02/11/2026 --reason "Started the Monday"
    """
    from fscli.services.corrections import correct_assessment as run

    ctx = AppContext(db)
    new_start, new_done = read_date(ctx, start, "--start"), read_date(ctx, completed, "--completed")
    done = ctx.write(lambda uow: run(uow, ref, children=child or [], start=new_start, completed=new_done, reason=reason, kind="early-help" if early_help else "single"))
    confirm("Corrected: " + "; ".join(done.lines) + ".", done.ref)


@correct_app.command("referral")
def correct_referral(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The date the referral was really received.", show_default=False)],
    reason: ReasonOpt,
    db: DbOpt = None,
) -> None:
    """Correct the referral date: the case's first episode starts with it, and the clocks follow.

    Example: fscli correct referral FS-0003 --date 01/09/2026 --reason "Received on the Tuesday"
    """
    from fscli.services.corrections import correct_referral as run

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    done = ctx.write(lambda uow: run(uow, ref, on=on, reason=reason))
    confirm("Corrected: " + "; ".join(done.lines) + ".", done.ref)
