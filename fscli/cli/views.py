"""The manager's and the record-keeper's views: summary and indicators, chronology, search, audit."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_period
from fscli.cli.output import show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

FromOpt = Annotated[Optional[str], typer.Option("--from", help="The period's first day (with --to).", show_default=False)]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="The period's last day (default today).", show_default=False)]


def _period(ctx: AppContext, start: Optional[str], end: Optional[str], worker: Optional[str], *, default_days: int):
    from datetime import timedelta

    from fscli.domain.problems import Problem, check
    from fscli.reports.summary import Period

    first, last = read_period(ctx, start, end)
    last = last or ctx.today
    first = first or (last - timedelta(days=default_days))
    if first > last:
        check([Problem("--from", start, f"is after --to ({last:%d/%m/%Y})", "give the period's first day, then its last")])
    return Period(first, last, worker)


def summary(
    by: Annotated[Optional[str], typer.Option("--by", help="One breakdown only: plan, worker, age, source or area.", show_default=False)] = None,
    indicators: Annotated[bool, typer.Option("--indicators", help="Outcome indicators for the period (default: the last 12 months), each with its definition.")] = False,
    start: FromOpt = None,
    end: ToOpt = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only the cases this worker held in the period.", show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The caseload in numbers: children and families by plan type, worker, age band, referral source, goal area.

    Without a period: cases open today. With --from/--to: cases open at any time in it.
    --indicators: children kept at home, families improving, cases past 12 and 16 weeks, closures,
    step-ups and downs, re-referrals, continuity, and timeliness, each with its numerator,
    denominator and definition.

    Example: fscli summary --indicators --from 01/07/2026 --to 30/09/2026
    """
    from fscli.errors import InvalidInput
    from fscli.reports.summary import BY, summary as build

    if by is not None and by.strip().lower() not in BY:
        raise InvalidInput("--by", by, f"is not a breakdown fscli makes ({', '.join(BY)})")
    ctx = AppContext(db)
    if indicators:
        from fscli.reports.indicators import indicators_report

        period = _period(ctx, start, end, worker, default_days=364)
        practice = ctx.practice
        show(ctx.read_in_lanes(lambda readers: indicators_report(readers, period, practice.profile, practice.calendar, ctx.today), lanes=2), fmt, color, page=True)
        return
    period = _period(ctx, start, end, worker, default_days=0) if start else _period(ctx, end, end, worker, default_days=0)
    show(ctx.read_in_lanes(lambda readers: build(readers, period, by.strip().lower() if by else None), lanes=1 if by else 2), fmt, color, page=True)


def chronology(
    ref: RefArg,
    voided: Annotated[bool, typer.Option("--voided", help="Show the entries voided as made in error too: struck through and marked VOIDED (reason); machine formats add voided and void_reason.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The case's significant events in date order: births, referral, assessments, plans, meetings, visits, diary entries, allocations, closures, corrections.

    csv, tsv, json and ndjson carry each note whole; the table shows a long one's first line and says so.

    Example: fscli chronology FS-0001 --format csv > chronology.csv
    """
    from fscli.cli.read_views import chronology as view  # its one body, run without Typer when the line is plain (cli/fast.py)

    view(ref, voided, fmt, color, db)


def search(
    text: Annotated[str, typer.Argument(help="Words to find; every word must appear. % and _ match themselves.", show_default=False)],
    case: Annotated[Optional[str], typer.Option("--case", help="Only this case.", show_default=False)] = None,
    limit: Annotated[int, typer.Option("-n", "--limit", help="How many to show, newest first.", min=1)] = 50,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Find families, people and agencies by any word or part of their name; visit notes, diary entries,
    meetings, tasks, goals and closures by their words.

    Example: fscli search "nursery form"
    """
    from fscli.reports.records import search as build
    from fscli.reports.seen import listed

    ctx = AppContext(db)
    # The words searched for are left out of the log: they may be a child's name.
    asked = lambda report: {"results": len(report.rows), "limit": limit, "case": case is not None}  # noqa: E731
    show(ctx.view("search", lambda reader: build(reader, text, ref=case, limit=limit, me=ctx.settings.worker), listed, asked), fmt, color)


def audit(
    ref: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="Only this case.", show_default=False)] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only what this worker did.", show_default=False)] = None,
    limit: Annotated[int, typer.Option("-n", "--limit", help="How many entries, newest first.", min=1)] = 100,
    views: Annotated[bool, typer.Option("--views", help="Who looked at the records instead: each view of the case's records (case show, chronology, search, export, backup, ...), when, by whom, and what was asked. Always logged on a team's server; on a SQLite file only while the setting access_log is on.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Who did what to which record, and when: the append-only, hash-chained audit trail ('fscli db check' verifies it).
    With --views, who looked at the records, when, and with which view (the access log).
    A case's trail includes an entry moved off it to another case ('fscli move'), whose row
    names the case it went to.

    Example: fscli audit FS-0001 --from 01/11/2026
    Also: fscli audit FS-0001 --views --format csv
    """
    from fscli.reports.records import audit_trail, views_trail

    ctx = AppContext(db)
    first, last = read_period(ctx, start, end)
    trail = views_trail if views else audit_trail
    if views and not ctx.logs_views:
        from fscli.render.emit import message

        message("fscli: note: views are not being logged on this file (the setting access_log is off; see 'fscli config show')")
    show(ctx.read(lambda reader: trail(reader, ref=ref, start=first, end=last, worker=worker, limit=limit)), fmt, color)
