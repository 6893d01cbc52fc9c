"""Statutory returns written to a file: the CIN census XML (fscli return cin).

The return is a view of every case it holds: read from one snapshot, its access row written
(store/access.py) before the file is moved into place, so no return appears that the log does not
show. The file is written as an export's are (services/export.py): into a private staging folder
beside the destination, fsynced, then renamed into place whole, yours alone (0600). A failure,
Ctrl-C, SIGTERM or SIGHUP leaves nothing; what SIGKILL leaves is swept by the next run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fscli.domain import census
from fscli.domain.problems import check
from fscli.errors import CannotCreate, DataProblem
from fscli.services.cin_xml import cin_xml
from fscli.services.export import Sink, refuse_link, staging_name, sweep_stale, writable_parent
from fscli.store import census_facts
from fscli.store.db import Database
from fscli.store.location import fsync_folder


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


def check_file(out: Path, *, replace: bool) -> Path:
    """Refuse before reading anything: a planted link, a file there already, a folder, an unwritable parent."""
    refuse_link(out)
    if out.is_dir():
        raise CannotCreate(f"--out {out}: is a folder, not a file", hint="give the name of the XML file to write")
    if out.exists() and not replace:
        raise CannotCreate(f"--out {out}: exists already", hint="choose a new name, or add --replace to replace it whole")
    return writable_parent(out)


def write_cin(database: Database, out: Path, *, year: census.CensusYear, la: str, replace: bool, now: datetime, log: Callable[[Any, list[int]], None] | None = None) -> Written:
    destination = check_file(out, replace=replace)
    swept = tuple(sweep_stale(destination))
    staging = destination.parent / f"{staging_name(destination.name, 'partial')}-{os.getpid()}"
    try:
        os.mkdir(staging, 0o700)
        with database.reader(logged=log is not None) as reader:
            result, case_ids = census_facts.census_return_of(reader, year)
            if result.blocking:
                raise ReturnRefused(result)
            if not result.children:
                raise DataProblem(f"--year {year.name}: no child had a statutory episode open from {year.start:%d/%m/%Y} to {year.reference:%d/%m/%Y}, so there is no return to write",
                                  hint="check the year; nothing was written")  # fmt: skip
            sink = Sink(staging / destination.name)
            try:
                sink.write_bytes(cin_xml(result, la=la, now=now))
            finally:
                sink.close()
            if log is not None:
                log(reader, sorted(case_ids[ref] for ref in result.cases))
        if destination.is_symlink() or (destination.exists() and not replace):
            raise CannotCreate(f"--out {destination}: appeared while the return was written; nothing was replaced", hint="run it again")
        os.replace(staging / destination.name, destination)
        fsync_folder(destination.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(destination, result, swept)

