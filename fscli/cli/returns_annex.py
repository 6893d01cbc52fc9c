"""fscli return annex-a: Ofsted's Annex A lists 1-7, one workbook."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli.cli.options import DbOpt


def annex_a(
    out: Annotated[Path, typer.Option("--out", metavar="FILE.xlsx", help="The workbook to write; its name must end .xlsx (Annex A is 7 lists, a sheet each): yours alone (0600), complete or not at all.", show_default=False)],
    months: Annotated[str, typer.Option("--months", metavar="N", help="How many months up to --on the lists cover (1-24).")] = "6",
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="The last day the lists cover (default today).", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing file, once the new one is complete.")] = False,
    db: DbOpt = None,
) -> None:
    """Write Ofsted's Annex A lists 1-7 for an inspection: a sheet each, in Ofsted's columns.

    1 contacts, 2 Early Help assessments, 3 referrals, 4 assessments, 5 section 47 enquiries and
    ICPCs, 6 children in need, 7 child protection: what was recorded in the months up to --on
    (events dated in them; work open at any point in them). Dates are Excel dates; text is
    always text, never a formula. Lists 8-11 (children in care, care leavers, adoption) need
    placement data fscli does not hold. Columns fscli has no fact for are left blank:
    docs/returns.md lists them and says how each column is filled. On a team server the lists
    hold the cases your login may see. Exit codes: 0 written, 1 a bad --months, --on or --out
    name, 2 no --out, 73 the file cannot be written (or exists, without --replace), 75 the
    database was busy.

    Example: fscli return annex-a --out annex-a.xlsx --months 6 --on 30/11/2026
    """
    from fscli.cli.context import AppContext, read_date
    from fscli.cli.output import confirm
    from fscli.cli.signals import stopping
    from fscli.domain import annex_a as rules
    from fscli.domain.problems import check
    from fscli.reports import annex_a as lists
    from fscli.services import return_file

    ctx = AppContext(db)
    count, problems = rules.read_months(months)
    check(problems)
    day = read_date(ctx, on, "--on") if on is not None else ctx.today
    check(rules.check_day(day, ctx.today) + rules.check_out(out.name))
    destination = return_file.check_destination(out, replace=replace)
    staged: list = []

    def build(reader):
        built = lists.build(reader, day, count)
        staged.append(return_file.stage_workbook(destination, built.reports, built.batches(), replace=replace))
        return built

    asked = {"months": count, "on": day.isoformat(), "replace": replace}
    with stopping():
        try:
            built = ctx.view("return.annex-a", build, lambda reader, b: b.cases, lambda b: asked | {"rows": b.rows})
            path = return_file.place(staged[0])
        except BaseException:
            return_file.discard(staged[0] if staged else None)
            raise
    written = staged[0].counts
    counts = ", ".join(f"{annex.number}: {written[report.title]}" for annex, report in zip(rules.LISTS, built.reports))
    start = rules.period_start(day, count)
    confirm(f"Wrote Annex A lists 1-7 for {start:%d/%m/%Y} to {day:%d/%m/%Y} to {path} (rows by list {counts}).", str(path))
    if built.held_back:
        confirm(f"Left out {built.held_back} case{'s' if built.held_back != 1 else ''} or children under restriction of processing ('fscli processing list' names them).")
