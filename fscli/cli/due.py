"""The morning views: what is due, which reviews are coming, which cases should be closing; the profile."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.output import show
from fscli.cli.options import Color, ColorOpt, DbOpt, DueFormatOpt, FormatOpt, MineOpt
from fscli.cli.read_views import due_scope as _scope, hiding_whose as _whose, read_window as _window


WorkerOpt = Annotated[Optional[str], typer.Option("--worker", help="Only this worker's duties, on the cases where they hold a role.", show_default=False)]
CaseOpt = Annotated[Optional[str], typer.Option("--case", help="Only this case: every worker's duties, saying whose.", show_default=False)]


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
    from fscli.cli.read_views import due as view  # its one body, run without Typer when the line is plain (cli/fast.py)

    view(within, mine, worker, case, fmt, color, db)


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

