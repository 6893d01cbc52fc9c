"""The manager's and the record-keeper's views: summary and indicators, chronology, search, audit."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_period
from fscli.cli.output import show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

FromOpt = Annotated[Optional[str], typer.Option("--from", help="The period's first day (with --to).", show_default=False)]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="The period's last day (default today).", show_default=False)]


def summary(
    by: Annotated[Optional[list[str]], typer.Option("--by", help="One breakdown only: plan, worker, age, source or area; twice for a cross-tab of children (rows by the first, columns by the second, with totals).", show_default=False)] = None,
    families: Annotated[bool, typer.Option("--families", help="With two --by: count families (those with a child in both groups) instead of children.")] = False,
    indicators: Annotated[bool, typer.Option("--indicators", help="Outcome indicators for the period (default: the last 12 months), each with its definition.")] = False,
    listing: Annotated[Optional[str], typer.Option("--list", help="With --indicators: the children, families or events behind one figure, by its key (kept-at-home, families-improved, open-past-16-weeks, closed-rc7...). With two --by: the children (or --families) in one cell, ROW,COLUMN ('all' for a total).", show_default=False)] = None,
    denominator: Annotated[bool, typer.Option("--denominator", help="With --list: every one the figure counts from, marked whether in it.")] = False,
    ended: Annotated[bool, typer.Option("--ended", help="The panel's outcomes of the work that ended in the period: families' first score against the last (and by area), children not looked after after it, by kind of work.")] = False,
    dashboard: Annotated[bool, typer.Option("--dashboard", help="Write the manager's dashboard to --out: one HTML file of what is overdue, children by plan and age, caseloads, the indicators and the work ended, every number linked to its list.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", metavar="FILE.html", help="With --dashboard: the file to write, yours alone (0600), complete or not at all; it must not exist, unless --replace.", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="With --dashboard: replace an existing file, whole, once the new one is complete.")] = False,
    within: Annotated[Optional[str], typer.Option("--period", help="With --ended or --dashboard: the period ending on --to (default today), e.g. 12w or 90 (default: the profile's outcome-cohort).", show_default=False)] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only the cases this worker held in the period.", show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The caseload in numbers: children and families by plan type, worker, age band, referral source, goal area.

    Without a period: cases open today. With --from/--to: cases open at any time in it.
    --indicators: children kept at home, families improving, cases past the profile's target
    closure and limit (12 and 16 weeks by default), closures, step-ups and downs, re-referrals,
    continuity, and timeliness, each with its numerator, denominator and definition.

    --by plan --by age: children by plan type (rows) and age band (columns), with totals; with
    --families, the families with a child in both groups. --list ROW,COLUMN lists a cell's.

    --ended: the outcomes of the work that ended in the period (default: the profile's outcome-cohort,
    12 weeks, to today; or --period 12w, or --from/--to), each family and child listed under the figures.

    --indicators --list NAME: who is behind a figure, one row each (its numerator; with
    --denominator, everyone it counts from). NAME is a figure's key: kept-at-home,
    families-improved, open-past-12-weeks, open-past-16-weeks, median-weeks-open, closed-REASON
    (closed-rc7...), step-ups, step-downs, stepped-down-to-early-help, stepped-up-from-early-help,
    re-referrals, workers-per-family, three-or-more-workers, assessments-in-time,
    cp-reviews-in-time, cp-visits-in-time, cin-visits-in-time.

    Example: fscli summary --indicators --from 01/07/2026 --to 30/09/2026

    Example: fscli summary --by plan --by age --from 01/07/2026 --to 30/09/2026

    Example: fscli summary --by worker --by plan --families

    Example: fscli summary --by plan --by age --list "cp,under 1"

    Example: fscli summary --indicators --list families-improved --from 01/07/2026 --to 30/09/2026

    --dashboard --out FILE.html: the manager's dashboard, one private HTML file to print or share
    (A4, a phone): what is overdue across the team today, children by plan type and age band,
    workers' caseloads and continuity, the indicators and the work ended in the period (default:
    the profile's outcome-cohort, 12 weeks, to today; or --period, or --from/--to), each number
    linked to the list of the children, families or items it counts. A list longer than 500 rows
    (a whole council's) prints its first 500 and names the command that prints it whole, for a
    spreadsheet; --worker NAME makes one worker's dashboard, its lists whole. Exit codes: 0
    written, 1 bad input, 73 the file exists (without --replace) or cannot be written.
    docs/documents.md says more.

    Example: fscli summary --ended --period 12w

    Example: fscli summary --dashboard --period 12w --out dashboard.html
    """
    from fscli.cli.read_views import summary as view  # its one body, run without Typer when the line is plain (cli/fast.py)

    view(by, families, indicators, listing, denominator, ended, dashboard, out, replace, within, start, end, worker, fmt, color, db)


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
