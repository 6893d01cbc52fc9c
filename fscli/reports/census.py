"""The CIN census return's problems before a file is written (fscli return cin --check): the
year's return as it would be written (store/census_facts.py, domain/census.py) and what
domain/census_checks.py finds in it, as a Report."""

from __future__ import annotations

from datetime import date

from fscli.domain import census
from fscli.domain.census_checks import CensusProblem, census_problems
from fscli.domain.frozen import frozen
from fscli.domain.problems import check
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.spec import Column, Report
from fscli.store.census_facts import census_return_of


@frozen
class Checked:
    """What --check found: the Report, the problems, the year, how many children are in its scope
    and the ids of the cases shown (for the access log)."""

    report: Report
    problems: list[CensusProblem]
    year: census.CensusYear
    children: int
    shown: list[int]


def cin_check(reader, year: str | None, today: date, calendar: WorkingCalendar | None = None) -> Checked:
    """--check: the year's return as it would be written, and its problems as a Report (the DfE
    rule, the case, the child, the episode, the problem and what to record), on `reader`."""
    if year is None:
        chosen = census.census_year_of(today)
    else:
        chosen, refused = census.parse_year(year)
        check(refused)
        assert chosen is not None
    result, case_ids = census_return_of(reader, chosen)
    problems = census_problems(result, today, calendar)
    columns = [Column("rule", "DfE rule", "code"), Column("ref", "Case", "code"), Column("child", "Child", "name"), Column("episode", "Episode (referral)", "date"),
               Column("problem", "Problem"), Column("fix", "What to record"), Column("query", "Query", "int", in_table=False), Column("note", "Note", "int", in_table=False)]  # fmt: skip
    rows = [{"rule": p.rule, "ref": p.case_ref, "child": p.child, "episode": p.episode, "problem": p.problem, "fix": p.fix, "query": int(p.query), "note": int(p.note)} for p in problems]
    children = len(result.checked)
    report = Report(f"Problems in the {chosen.name} CIN census return ({children} child{'ren' if children != 1 else ''})", columns, rows, empty=f"No problems found in the {chosen.name} CIN return.")
    shown = sorted({case_ids[p.case_ref] for p in problems if p.case_ref in case_ids})
    return Checked(report, problems, chosen, children, shown)


def family_problems(reader, case_id: int, today: date, calendar: WorkingCalendar | None = None) -> Report | None:
    """'case show': the family's problems in the running year's CIN return, as --check says them
    (the same rules: domain/census_checks.py), or None when there are none. One case's rows only."""
    year = census.census_year_of(today)
    result, _ = census_return_of(reader, year, case_id)
    problems = [p for p in census_problems(result, today, calendar) if p.case_ref]  # a whole return's query (2887Q) is not the family's
    if not problems:
        return None
    columns = [Column("rule", "DfE rule", "code"), Column("child", "Child", "name"), Column("problem", "Problem"), Column("fix", "What to record"),
               Column("query", "Query", "int", in_table=False), Column("note", "Note", "int", in_table=False)]  # fmt: skip
    rows = [{"rule": p.rule, "child": p.child, "problem": p.problem, "fix": p.fix, "query": int(p.query), "note": int(p.note)} for p in problems]
    errors = sum(p.error for p in problems)
    return Report(f"CIN return {year.name}: {errors} error{'s' if errors != 1 else ''} to put right, {len(problems) - errors} to check", columns, rows)
