"""Loading the sample caseload: an ordinary import through the same services and rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fscli.domain.dates import Look, parse_date
from fscli.errors import DataProblem, FscliError
from fscli.services import agencies, cases, people
from fscli.store.uow import UnitOfWork

SAMPLE = "caseload.toml"


@dataclass(frozen=True)
class Loaded:
    cases: int
    people: int
    agencies: int


def read_sample(path: Path | None = None) -> tuple[str, dict[str, Any]]:
    if path is None:
        source = resources.files("fscli.sample_data").joinpath(SAMPLE)
        name, text = f"sample_data/{SAMPLE}", source.read_text(encoding="utf-8")
    else:
        name, text = str(path), path.read_text(encoding="utf-8")
    try:
        return name, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataProblem(f"{name}: {error}", hint="fix the sample file") from None


def load(uow: UnitOfWork, name: str, data: dict[str, Any]) -> Loaded:
    today = uow.clock.today()
    counts = [0, 0, 0]

    def day(entry: dict, key: str, look: Look = Look.BACK) -> date | None:
        return parse_date(entry[key], today, field=key, look=look) if entry.get(key) is not None else None

    for number, entry in enumerate(data.get("case", []), start=1):
        where = f"{name}: case {number} ({entry.get('family', '?')})"
        try:
            opened = cases.open_case(uow, family=entry["family"], referred_on=day(entry, "referred"), source=entry["source"], reason=entry["reason"], ref=entry.get("ref"), worker=entry.get("worker"))
            for person in entry.get("people", []):
                people.add_person(uow, opened.ref, person["name"], role=person["role"], dob=day(person, "dob"), due=day(person, "due", Look.AHEAD), sex=person.get("sex"), relationship=person.get("relationship"))
                counts[1] += 1
            for agency in entry.get("agencies", []):
                agencies.add_agency(uow, opened.ref, agency["name"], kind=agency["kind"], contact=agency.get("contact"))
                counts[2] += 1
            for allocation in entry.get("allocations", []):
                cases.allocate(uow, opened.ref, allocation["worker"], on=day(allocation, "date"), reason=allocation.get("reason"))
            if "closed" in entry:
                closed = entry["closed"]
                cases.close_case(uow, opened.ref, on=day(closed, "date"), reason=closed["reason"], summary=closed.get("summary"), sustain=closed.get("sustain"))
            if "reopened" in entry:
                again = entry["reopened"]
                cases.reopen_case(uow, opened.ref, on=day(again, "date"), reason=again["reason"], worker=again.get("worker"))
        except KeyError as missing:
            raise DataProblem(f"{where}: {missing.args[0]!r} is missing", hint="every case needs family, referred, source and reason") from None
        except FscliError as error:
            raise DataProblem(f"{where}: {error.line()}") from None
        counts[0] += 1
    return Loaded(*counts)
