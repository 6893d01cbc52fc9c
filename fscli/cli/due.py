"""The morning views: what is due, which reviews are coming, which cases should be closing; the profile."""

from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from fscli import formats
from fscli.cli.context import AppContext
from fscli.cli.output import data_out, show
from fscli.cli.options import Color, ColorOpt, DbOpt, DueFormatOpt, FormatOpt, MineOpt, worker_meant


WorkerOpt = Annotated[Optional[str], typer.Option("--worker", help="Only this worker's duties, on the cases where they hold a role.", show_default=False)]
CaseOpt = Annotated[Optional[str], typer.Option("--case", help="Only this case: every worker's duties, saying whose.", show_default=False)]


def _scope(ctx: AppContext, mine: bool, worker: Optional[str], case: Optional[str]):
    from fscli.reports.due import Scope

    return Scope(ref=case, worker=worker_meant(mine, ctx.settings.worker, worker), me=ctx.settings.worker)


def _whose(report, scope):
    """One worker's view says whose every line is already: the table leaves that column out."""
    return report.hiding("whose") if scope.worker else report


def _window(text: Optional[str], field: str) -> Optional[int]:
    from fscli.domain.due import parse_window

    return parse_window(text, field) if text is not None else None


def due(
    within: Annotated[str, typer.Option("--within", help="How far ahead: 14d, 2w, 30. Overdue items are always shown.")] = "14d",
    mine: MineOpt = False,
    worker: WorkerOpt = None,
    case: CaseOpt = None,
    fmt: DueFormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Everything due or overdue, most urgent first: visits, reviews, conferences, assessments, tasks.

    Computed from what is recorded, never typed in: log the visit or the meeting and the clock moves on.
    On a case with several workers each duty is its role's (see 'fscli profile show', column Whose):
    --mine is my duties, --case everyone's on the family. A booked conference or review shows
    against its deadline; a booking of no case (supervision, training) is in its worker's list only.
    'Within N working days after X': the first working day after X is day 1; weekends and England
    and Wales bank holidays are skipped (see 'fscli profile show').

    The ics feed names case references, children's initials and the kind of item only (never a name,
    a place or a note), as calendars are often synced to services outside the council. A booking
    keeps its event when moved, and a booking called off is sent as cancelled.

    Example: fscli due --mine
    Also: fscli due --within 4w --case FS-0004 ; fscli due --mine --format ics > due.ics
    """
    from fscli.reports.due import due_report

    ctx = AppContext(db)
    days = _window(within, "--within") or 0
    scope = _scope(ctx, mine, worker, case)
    practice = ctx.practice
    feed = fmt is not None and fmt.value in formats.names(formats.CALENDAR)  # it carries the bookings called off, for clients to drop
    built = lambda reader: due_report(reader, scope, practice.profile, practice.calendar, ctx.today, within=days, cancelled=feed)  # noqa: E731
    with _uncollected():
        if case is None:  # the worker's own working list: not a view of any one case's records
            report = ctx.read(built)
        else:
            from fscli.reports.seen import the_case

            report = ctx.view("due", built, the_case(case), {"within": days, "mine": mine})
        if feed:
            formats.function(fmt.value, formats.CALENDAR)(report, ctx.today, ctx.clock.utcnow(), data_out(fmt.value))
            return
        show(_whose(report, scope), fmt, color)


@contextmanager
def _uncollected():
    """The cyclic garbage collector held off while a list is made and written: a council's list is
    some 400,000 records, rows and cells, none in a cycle (refcounting frees them), which the
    collector otherwise scanned again and again as they grew (a fifth of `fscli due`'s processor
    time on the council: benchmarks/due.py). Collection goes on as before afterwards (fscli/collector.py:
    the reader opened inside does not turn it back on)."""
    from fscli.collector import held

    with held():
        yield


def reviews(
    within: Annotated[Optional[str], typer.Option("--within", help="Only reviews due within this window (14d, 2w); overdue ones always show.", show_default=False)] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only reviews past their date.")] = False,
    mine: MineOpt = False,
    worker: WorkerOpt = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The next review of every open plan: CP reviews and core groups, CIN, TAF and LAC reviews.

    Example: fscli reviews --overdue
    """
    from fscli.reports.due import reviews_report

    ctx = AppContext(db)
    days = _window(within, "--within")
    scope = _scope(ctx, mine, worker, None)
    practice = ctx.practice
    show(_whose(ctx.read(lambda reader: reviews_report(reader, scope, practice.profile, practice.calendar, ctx.today, within=days, overdue_only=overdue)), scope), fmt, color)


def closures(
    within: Annotated[Optional[str], typer.Option("--within", help="Only open work whose target closure falls within this window (4w, 30).", show_default=False)] = None,
    recent: Annotated[str, typer.Option("--recent", help="Show cases closed in this many days (90, 12w).")] = "90",
    mine: MineOpt = False,
    worker: WorkerOpt = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Target closure dates of open work, cases past their limit, and recent closures with their sustained-outcome check.

    The target, the limit and the check are the practice profile's target-closure, closure-limit and
    sustained-check (12 weeks, 16 weeks and 6 months by default: fscli profile show).

    Example: fscli closures --within 4w --recent 60
    """
    from fscli.reports.due import closures_report

    ctx = AppContext(db)
    days = _window(within, "--within")
    recent_days = _window(recent, "--recent") or 0
    scope = _scope(ctx, mine, worker, None)
    practice = ctx.practice
    show(_whose(ctx.read(lambda reader: closures_report(reader, scope, practice.profile, practice.calendar, ctx.today, within=days, recent=recent_days)), scope), fmt, color)


profile_app = typer.Typer(help="The practice profile: the timescales fscli keeps and where each comes from.", no_args_is_help=True)


@profile_app.command("show")
def profile_show(fmt: FormatOpt = None, color: ColorOpt = Color.auto) -> None:
    """Every timescale in force, its statutory or local default, its source, what overrides it, and whose it is.

    Override one in the team's profile file (FSCLI_PROFILE) or the config file:
    [timescales] cp-visit = "2 weeks"; give a clock to another role on the case with
    [owners] cin-visit = "family-support"; add a bank holiday with [bank_holidays] add = ["2027-06-04"].

    Example: fscli profile show
    """
    from fscli.reports.due import profile_report

    ctx = AppContext()
    practice = ctx.practice
    show(profile_report(practice.profile, practice.added, practice.removed), fmt, color)

