"""The practice profile in force: statutory defaults, then the team's profile file, then the config file.

Each later file overrides the earlier key by key, and every rule remembers which file set it,
so `fscli profile show` can say why a timescale is what it is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fscli.config import TABLES, ConfigError, Settings, cache_dir, read_toml
from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

if TYPE_CHECKING:
    from fscli.domain.retention import Rules


@frozen
class Practice:
    profile: Profile
    calendar: WorkingCalendar
    added: tuple[tuple[date, str], ...] = ()  # bank holidays added by config, with the file
    removed: tuple[tuple[date, str], ...] = ()
    # How long a closed case's record is kept: set when a profile has a [retention] table, else the
    # defaults, made when asked (importing the rules cost every read view 6 ms: benchmarks/compare_reads.py).
    retention_set: Rules | None = None
    # How a family reaches the team ([contact] of the profile: domain/team_contact.py); empty when unset.
    contact: tuple[tuple[str, str], ...] = ()

    @property
    def retention(self) -> Rules:
        from fscli.domain.retention import Rules

        return self.retention_set or Rules.default()


def _sources(settings: Settings) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    team_file = settings.get("profile")
    if team_file:
        path = Path(str(team_file)).expanduser()
        data = read_toml(path, allowed=set(TABLES), missing_ok=False)
        found.append((f"profile file {path}", data))
    if settings.tables:
        found.append((f"config file {settings.config_file}", settings.tables))
    return found


def _dates(values: object, field: str) -> tuple[list[date], list[Problem]]:
    if not isinstance(values, list):
        return [], [Problem(field, values, "must be a list of dates", 'e.g. add = ["2027-06-04"]')]
    days, problems = [], []
    for value in values:
        if isinstance(value, date):
            days.append(value)
            continue
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            problems.append(Problem(field, value, "is not an ISO date", "write it as YYYY-MM-DD"))
    return days, problems


def load_practice(settings: Settings) -> Practice:
    from fscli.bank_holidays import england_and_wales

    profile, problems = Profile.default(), []
    retention: Rules | None = None
    added: list[tuple[date, str]] = []
    removed: list[tuple[date, str]] = []
    contact: dict[str, str] = {}
    for source, data in _sources(settings):
        if "contact" in data:
            from fscli.domain.team_contact import read_contact

            found_contact, found = read_contact(data["contact"], source)
            contact.update(found_contact)
            problems += found
        if "timescales" in data:
            profile, found = profile.overridden(data["timescales"], source)
            problems += found
        if "owners" in data:
            profile, found = profile.owned(data["owners"], source)
            problems += found
        if "retention" in data:
            from fscli.domain.retention import Rules

            retention, found = (retention or Rules.default()).overridden(data["retention"], source)
            problems += found
        table = data.get("bank_holidays", {})
        unknown = sorted(set(table) - {"add", "remove"})
        problems += [Problem(f"{source}: [bank_holidays]", key, "is not a setting here", "use add = [dates] or remove = [dates]") for key in unknown]
        for key, into in (("add", added), ("remove", removed)):
            if key in table:
                days, found = _dates(table[key], f"{source}: [bank_holidays] {key}")
                problems += found
                into += [(d, source) for d in days]
    if problems:
        raise ConfigError(" | ".join(p.line() for p in problems), hint='fix the file: see "Timescales" in the README')
    days = set(england_and_wales(cache_dir())) | {d for d, _ in added}
    days -= {d for d, _ in removed}
    return Practice(profile, WorkingCalendar.of(days), tuple(added), tuple(removed), retention, tuple(contact.items()))
