"""The bodies of the read views that run without Typer when their command line is plain (cli/fast.py).

Each is the command itself: `cli/case.py`, `cli/views.py` and `cli/due.py` declare its options for Typer (help,
completion, refusals) and call it here, so a view has one body whichever way it was reached. Its
parameters and defaults are the Typer command's (tests/cli/test_fast.py holds them equal).
"""

from __future__ import annotations

from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING

from fscli.cli.color import Color
from fscli.cli.context import AppContext, read_period
from fscli.cli.output import show

if TYPE_CHECKING:
    from pathlib import Path


def case_show(ref: str, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.reports.cases import case_show as build
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    practice = ctx.practice
    show(ctx.view("case.show", lambda reader: build(reader, ref, ctx.today, practice), the_case(ref)), fmt, color)


def case_list(open_only: bool = False, closed: bool = False, all_: bool = False, worker: str | None = None, mine: bool = False, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.cli.mine import worker_meant
    from fscli.errors import InvalidInput
    from fscli.reports.cases import case_list as build

    if sum((open_only, closed, all_)) > 1:
        raise InvalidInput("--open/--closed/--all", None, "choose one of them")
    ctx = AppContext(db)
    holder = worker_meant(mine, ctx.settings.worker, worker)
    status = "all" if all_ else "closed" if closed else "open"
    show(ctx.read(lambda reader: build(reader, status=status, worker=holder)), fmt, color)


def chronology(ref: str, voided: bool = False, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.reports.records import chronology as build
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("chronology", lambda reader: build(reader, ref, voided=voided), the_case(ref), {"voided": voided}), fmt, color)


def due(within: str = "14d", mine: bool = False, worker: str | None = None, case: str | None = None, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli import formats
    from fscli.cli.output import data_out, output_format
    from fscli.reports.due import due_report

    ctx = AppContext(db)
    days = read_window(within, "--within") or 0
    scope = due_scope(ctx, mine, worker, case)
    practice = ctx.practice
    chosen = output_format(fmt) if fmt is not None else None
    feed = chosen in formats.names(formats.CALENDAR)  # it carries the bookings called off, for clients to drop
    built = lambda reader: due_report(reader, scope, practice.profile, practice.calendar, ctx.today, within=days, cancelled=feed)  # noqa: E731
    with uncollected():
        if case is None:  # the worker's own working list: not a view of any one case's records
            report = ctx.read(built)
        else:
            from fscli.reports.seen import the_case

            report = ctx.view("due", built, the_case(case), {"within": days, "mine": mine})
        if feed:
            formats.function(chosen, formats.CALENDAR)(report, ctx.today, ctx.clock.utcnow(), data_out(chosen))
            return
        show(hiding_whose(report, scope), fmt, color)


def due_scope(ctx: AppContext, mine: bool, worker: str | None, case: str | None):
    """Whose duties a morning view lists (cli/due.py's due, reviews and closures)."""
    from fscli.cli.mine import worker_meant
    from fscli.reports.due import Scope

    return Scope(ref=case, worker=worker_meant(mine, ctx.settings.worker, worker), me=ctx.settings.worker)


def hiding_whose(report, scope):
    """One worker's view says whose every line is already: the table leaves that column out."""
    return report.hiding("whose") if scope.worker else report


def read_window(text: str | None, field: str) -> int | None:
    from fscli.domain.due import parse_window

    return parse_window(text, field) if text is not None else None


@contextmanager
def uncollected():
    """The cyclic garbage collector held off while a list is made and written: a council's list is
    some 400,000 records, rows and cells, none in a cycle (refcounting frees them), which the
    collector otherwise scanned again and again as they grew (a fifth of `fscli due`'s processor
    time on the council: benchmarks/due.py). Collection goes on as before afterwards (fscli/collector.py:
    the reader opened inside does not turn it back on)."""
    from fscli.collector import held

    with held():
        yield


def summary(by: list[str] | None = None, families: bool = False, indicators: bool = False, listing: str | None = None, denominator: bool = False, ended: bool = False, dashboard: bool = False, out: Path | None = None, replace: bool = False,
            within: str | None = None, start: str | None = None, end: str | None = None, worker: str | None = None, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.errors import InvalidInput
    from fscli.reports.summary import BY, summary as build

    breakdowns = [b.strip().lower() for b in by or []]
    for given, chosen in zip(by or [], breakdowns):
        if chosen not in BY:
            raise InvalidInput("--by", given, f"is not a breakdown fscli makes ({', '.join(BY)})")
    if len(breakdowns) > 2 or (len(breakdowns) == 2 and breakdowns[0] == breakdowns[1]):
        raise InvalidInput("--by", " ".join(by or []), "takes one breakdown, or two different ones for a cross-tab", hint="e.g. --by plan --by age")
    if breakdowns and indicators:
        raise InvalidInput("--by", breakdowns[0], "does not go with --indicators", hint="drop --by, or --indicators")
    if families and len(breakdowns) != 2:
        raise InvalidInput("--families", None, "goes with two --by (a cross-tab); one --by already counts families and children", hint="fscli summary --by plan --by age --families")
    if listing is not None and len(breakdowns) == 2:
        if denominator:
            raise InvalidInput("--denominator", None, "goes with --indicators --list NAME, not a cross-tab's cell", hint="drop --denominator: the cell's list is every one it counts")
    elif listing is not None and not indicators:
        raise InvalidInput("--list", listing, "lists the people behind an indicator", hint=f"add --indicators: fscli summary --indicators --list {listing}")
    if denominator and listing is None:
        raise InvalidInput("--denominator", None, "goes with --list NAME", hint="fscli summary --indicators --list kept-at-home --denominator")
    if (out is not None or replace) and not dashboard:
        raise InvalidInput("--out" if out is not None else "--replace", str(out) if out is not None else None, "goes with --dashboard", hint="fscli summary --dashboard --out dashboard.html")
    if dashboard and (indicators or breakdowns or ended or listing is not None or fmt is not None):
        raise InvalidInput("--dashboard", None, "goes alone, with a period (--period, or --from/--to) and --out", hint="fscli summary --dashboard --period 12w --out dashboard.html")
    if dashboard and out is None:
        raise InvalidInput("--out", None, "is needed: the dashboard is a file", hint="fscli summary --dashboard --out dashboard.html")
    if within is not None and not (ended or dashboard):
        raise InvalidInput("--period", within, "goes with --ended or --dashboard", hint="fscli summary --ended --period 12w")
    if (ended or dashboard) and within is not None and start is not None:
        raise InvalidInput("--period", within, "does not go with --from", hint="give --period (back from --to), or --from and --to")
    if ended and (indicators or breakdowns):
        raise InvalidInput("--ended", None, "goes alone, with a period (--period, or --from/--to)", hint="fscli summary --ended --period 12w")
    ctx = AppContext(db)
    if dashboard:
        _dashboard(ctx, start, end, worker, within, out, replace)  # type: ignore[arg-type]
        return
    if ended:
        _ended(ctx, start, end, worker, within, fmt, color)
        return
    if indicators:
        from fscli.reports.indicators import indicators_report

        period = _period(ctx, start, end, worker, default_days=364)
        practice = ctx.practice
        if listing is not None:
            from fscli.reports.drilldown import members_report

            show(ctx.read(lambda reader: members_report(reader, period, practice.profile, practice.calendar, ctx.today, listing, denominator=denominator)), fmt, color, page=True)
            return
        show(ctx.read_in_lanes(lambda readers: indicators_report(readers, period, practice.profile, practice.calendar, ctx.today), lanes=2), fmt, color, page=True)
        return
    period = _period(ctx, start, end, worker, default_days=0) if start else _period(ctx, end, end, worker, default_days=0)
    if len(breakdowns) == 2:
        from fscli.reports.crosstab import crosstab

        unit = "families" if families else "children"
        if listing is not None:
            from fscli.reports.crosstab import cell_report

            show(ctx.read(lambda reader: cell_report(reader, period, *breakdowns, listing, unit=unit)), fmt, color, page=True)
            return
        show(ctx.read(lambda reader: crosstab(reader, period, *breakdowns, unit=unit)), fmt, color, page=True)
        return
    show(ctx.read_in_lanes(lambda readers: build(readers, period, breakdowns[0] if breakdowns else None), lanes=1 if breakdowns else 2), fmt, color, page=True)


def _period(ctx: AppContext, start: str | None, end: str | None, worker: str | None, *, default_days: int):
    from datetime import timedelta

    from fscli.domain.problems import Problem, check
    from fscli.reports.summary import Period

    first, last = read_period(ctx, start, end)
    last = last or ctx.today
    first = first or (last - timedelta(days=default_days))
    if first > last:
        check([Problem("--from", start, f"is after --to ({last:%d/%m/%Y})", "give the period's first day, then its last")])
    _warn_if_ahead(last, ctx.today)
    return Period(first, last, worker)


def _warn_if_ahead(last, today) -> None:
    """A period that ends after today counts what is recorded so far, as if it were its end: a
    plan booked to start next month, or a case 'open past 12 weeks' on a day not yet come, are
    guesses (a manager asked for next quarter's figures and got them stated as facts)."""
    if last > today:
        from fscli.render.emit import message

        message(f"fscli: warning: --to {last:%d/%m/%Y} is after today ({today:%d/%m/%Y}): the figures count what is recorded so far, not what will happen; give --to today or earlier for figures to stand behind")


def _cohort_period(ctx: AppContext, start: str | None, end: str | None, worker: str | None, within: str | None):
    """The period of --ended and --dashboard: --from/--to, or --period (else the profile's outcome-cohort) back from --to."""
    from fscli.domain.due import parse_window
    from fscli.domain.outcomes import cohort_start
    from fscli.reports.summary import Period

    if start is not None:
        return _period(ctx, start, end, worker, default_days=0)
    _, last = read_period(ctx, None, end)
    last = last or ctx.today
    cohort = ctx.practice.profile.interval("outcome-cohort")
    first = cohort_start(last, parse_window(within, "--period", at_least=1), "days") if within is not None else cohort_start(last, cohort.count, cohort.unit)
    _warn_if_ahead(last, ctx.today)
    return Period(first, last, worker)


def _ended(ctx: AppContext, start: str | None, end: str | None, worker: str | None, within: str | None, fmt, color) -> None:
    """summary --ended: the outcomes of the work ended in the period."""
    from fscli.reports.cohorts import ended_page

    practice = ctx.practice
    period = _cohort_period(ctx, start, end, worker, within)
    show(ctx.read(lambda reader: ended_page(reader, period, practice.profile, practice.calendar, ctx.today)), fmt, color, page=True)


def _dashboard(ctx: AppContext, start: str | None, end: str | None, worker: str | None, within: str | None, out: Path, replace: bool) -> None:
    """summary --dashboard: the manager's dashboard, written as the other documents are (cli/documents.py)."""
    from fscli.cli.documents import choose_format, write_document
    from fscli.cli.output import confirm
    from fscli.render.document import dashboard_page
    from fscli.reports.seen import in_lists
    from fscli.reports.team_dashboard import dashboard

    choose_format(out, None, ("html",), "dashboard")
    practice, me = ctx.practice, ctx.settings.worker
    period = _cohort_period(ctx, start, end, worker, within)
    detail = {"from": period.start.isoformat(), "to": period.end.isoformat(), "worker": bool(worker)}
    path = write_document(ctx, out, replace, "summary.dashboard", in_lists,
                          lambda reader: dashboard(reader, period, practice.profile, practice.calendar, ctx.today), lambda board: dashboard_page(board, made_by=me), detail)  # fmt: skip
    confirm(f"Wrote the manager's dashboard to {path}.", str(path))
