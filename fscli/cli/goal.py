"""fscli goal: the family's goals, their scores over time, and whether families are moving."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date, read_text
from fscli.cli.output import confirm, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

app = typer.Typer(help="Goals in the family's own words, scaled over time by the family and the worker.", no_args_is_help=True)
GoalArg = Annotated[str, typer.Argument(metavar="GOAL", help="The goal with its case, e.g. FS-0001/2 (see 'fscli goal list REF'); a bare number only for a goal on one of your open cases.", show_default=False)]


@app.command("add")
def add(
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The goal in the family's words.", show_default=False)],
    for_: Annotated[Optional[str], typer.Option("--for", help="The person the goal is for, if one.", show_default=False)] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Happy, Healthy or Safe (the list is 'goal_areas' in the config).", show_default=False)] = None,
    outcome: Annotated[Optional[str], typer.Option("--outcome", help="Supporting Families headline outcome (see 'fscli codes sf-outcome').", show_default=False)] = None,
    scale: Annotated[str, typer.Option("--scale", help="0-10 or 1-10.")] = "1-10",
    db: DbOpt = None,
) -> None:
    """Add a goal; it is named with its case (FS-0001/2) for 'goal score'.

    Example: fscli goal add FS-0001 "Mum feels confident setting bedtimes" --for "Kerry Ashworth" --area Happy --outcome relationships
    """
    from fscli.services.goals import add_goal

    ctx = AppContext(db)
    result = ctx.write(lambda uow: add_goal(uow, ref, text, person=for_, area=area, outcome=outcome, scale=scale, areas=ctx.settings.goal_areas))
    confirm(f"Added goal {result.name} for {result.ref} {result.family}: \"{result.text}\" ({result.line}). Score it with: fscli goal score {result.name} VALUE --by NAME", result.name)


@app.command("list")
def list_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List a family's goals with their numbers and family and worker scores.

    Example: fscli goal list FS-0001
    """
    from fscli.reports.goals import goal_list
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("goal.list", lambda reader: goal_list(reader, ref), the_case(ref)), fmt, color)


@app.command("score", context_settings={"ignore_unknown_options": True})  # so "-1" reaches VALUE and is refused as a score
def score(
    goal: GoalArg,
    value: Annotated[str, typer.Argument(help="The score, a whole number on the goal's scale.", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="Who scored: someone in the family, 'worker' (or a worker's name), or an agency on the case.", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When the score was given (default: today), e.g. yesterday, 'thu' (the last Thursday).")] = "today",
    note: Annotated[Optional[str], typer.Option("--note", help="What one point higher would look like ('-' reads stdin).", show_default=False)] = None,
    next_step: Annotated[Optional[str], typer.Option("--next-step", help="The next small step agreed.", show_default=False)] = None,
    phase: Annotated[Optional[str], typer.Option("--phase", help="baseline, midway, end or review (default: worked out from the dates).", show_default=False)] = None,
    corrects: Annotated[Optional[str], typer.Option("--corrects", help="The score this one corrects, as 'goal show' lists it (S9, or 9); both stay in the history.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record a score for a goal.

    Example: fscli goal score FS-0001/2 6 --by "Kerry Ashworth" --note "One point higher: bedtime without shouting three nights a week"
    """
    from fscli.services.goals import score_goal

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: score_goal(uow, goal, value, by=by, on=on, note=read_text(note), next_step=next_step, phase=phase, corrects=corrects))
    confirm(f"Goal {result.name} ({result.family}): {result.line}.")


@app.command("progress")
def progress(
    ref: Annotated[Optional[str], typer.Argument(help="A case; leave out with --all for the whole caseload.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="The share of families whose own scores improved, across the caseload.")] = False,
    start: Annotated[Optional[str], typer.Option("--from", help="With --all: the families of the cases open at any time from this day (with --to).", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="With --all: the period's last day (default today); scores up to it.", show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """How far each goal has moved (family and worker side by side), or the caseload's share improving.

    With --all --from/--to: the families of the cases open at any time in the period, on their
    scores up to its last day (the families 'summary --indicators' counts as improving).

    Example: fscli goal progress FS-0001

    Example: fscli goal progress --all --from 01/07/2026 --to 30/09/2026
    """
    from fscli.errors import InvalidInput
    from fscli.reports.goals import caseload_progress, goal_progress

    if (ref is None) == (not all_):
        raise InvalidInput("REF/--all", None, "give a case reference, or --all for the whole caseload")
    from fscli.reports.seen import listed, the_case

    if ref is not None and (start or end):
        raise InvalidInput("--from/--to" if start and end else "--from" if start else "--to", start or end, "goes with --all, not a case", hint="fscli goal progress --all --from DATE --to DATE")
    ctx = AppContext(db)
    period = _period(ctx, start, end) if start or end else None
    built = (lambda reader: caseload_progress(reader, period)) if all_ else (lambda reader: goal_progress(reader, ref))
    show(ctx.view("goal.progress", built, listed if all_ else the_case(ref), {"all": all_}), fmt, color)


@app.command("show")
def show_(goal: GoalArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """One goal and every score it has had, corrections included.

    Example: fscli goal show FS-0001/2
    """
    from fscli.reports.goals import goal_show
    from fscli.reports.seen import the_goals_case

    ctx = AppContext(db)
    me = ctx.settings.worker
    show(ctx.view("goal.show", lambda reader: goal_show(reader, goal, me=me), the_goals_case(goal, me)), fmt, color)


@app.command("close")
def close(
    goal: GoalArg,
    date: Annotated[str, typer.Option("--date", help="When it was closed, e.g. today, yesterday.", show_default=False)],
    achieved: Annotated[bool, typer.Option("--achieved", help="The goal was met.")] = False,
    withdrawn: Annotated[bool, typer.Option("--withdrawn", help="The goal was dropped.")] = False,
    note: Annotated[Optional[str], typer.Option("--note", help="A word on why.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Close a goal as achieved or withdrawn; it takes no more scores.

    Example: fscli goal close FS-0001/2 --date today --achieved --note "Bedtimes calm for a month"
    """
    from fscli.errors import InvalidInput
    from fscli.services.goals import close_goal

    if achieved == withdrawn:
        raise InvalidInput("--achieved/--withdrawn", None, "choose one of them")
    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: close_goal(uow, goal, on=on, status="achieved" if achieved else "withdrawn", note=note))
    confirm(f"Goal {result.name} ({result.family}) {result.line}.")


def _period(ctx: AppContext, start: Optional[str], end: Optional[str]):
    """The period of --from/--to: --to alone is the cases open on that day, as in 'fscli summary'."""
    from fscli.cli.context import read_period
    from fscli.domain.problems import Problem, check
    from fscli.reports.summary import Period

    first, last = read_period(ctx, start, end)
    last = last or ctx.today
    first = first or last
    if first > last:
        check([Problem("--from", start, f"is after --to ({last:%d/%m/%Y})", "give the period's first day, then its last")])
    return Period(first, last)
