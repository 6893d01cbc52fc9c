"""Statutory returns written to a file: the CIN census XML (fscli return cin).

The return is a view of every case it holds: read from one snapshot, its access row written
(store/access.py) before the file is moved into place, so no return appears that the log does not
show. The file is written as every return's is (services/return_file.py): into a private staging
folder beside the destination, fsynced, then renamed into place whole, yours alone (0600). A
failure, Ctrl-C, SIGTERM or SIGHUP leaves nothing; what SIGKILL leaves is swept by the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fscli.domain import census
from fscli.domain.problems import check
from fscli.domain.workdays import WorkingCalendar
from fscli.errors import CannotCreate, DataProblem
from fscli.services import return_file
from fscli.services.cin_xml import cin_xml
from fscli.store import census_facts
from fscli.store.db import Database


class ReturnRefused(DataProblem):
    """The return cannot be written truly: a required fact is missing for some child."""

    def __init__(self, result: census.CensusReturn) -> None:
        blocking = result.blocking
        super().__init__(f"the {result.year.name} CIN return cannot be written: {len(blocking)} required fact{'s are' if len(blocking) != 1 else ' is'} missing (listed above)",
                         hint="record them and run it again; nothing was written")  # fmt: skip
        self.result = result


@dataclass(frozen=True)
class Written:
    path: Path
    result: census.CensusReturn
    swept: tuple[str, ...]

    @property
    def episodes(self) -> int:
        return sum(len(child.episodes) for child in self.result.children)


def check_request(year: str, la: str) -> census.CensusYear:
    """The census year asked for, or every problem with what was typed (exit 1)."""
    chosen, problems = census.parse_year(year)
    problems += census.check_la(la)
    check(problems)
    assert chosen is not None
    return chosen


def write_cin(database: Database, out: Path, *, year: census.CensusYear, la: str, replace: bool, now: datetime, calendar: WorkingCalendar, log: Callable[[Any, list[int]], None] | None = None) -> Written:
    destination = return_file.check_destination(out, replace=replace)
    staged: return_file.Staged | None = None
    try:
        with database.reader(logged=log is not None) as reader:
            result, case_ids = census_facts.census_return_of(reader, year, calendar=calendar)
            if result.blocking:
                raise ReturnRefused(result)
            if not result.children:
                raise DataProblem(f"--year {year.name}: {census.nobody_in(year)}, so there is no return to write",
                                  hint="check the year; nothing was written")  # fmt: skip
            staged = return_file.stage(destination, cin_xml(result, la=la, now=now), replace=replace)
            if log is not None:
                log(reader, sorted(case_ids[ref] for ref in result.cases))
        return_file.place(staged)
    except BaseException:
        return_file.discard(staged)
        raise
    return Written(destination, result, staged.swept)
