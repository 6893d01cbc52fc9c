"""Subject access (UK GDPR Art. 15): whose records a request is about, which text names them or
someone else, and when the answer is due.

The period is the practice profile's `subject-access` rule and its extension the
`subject-access-extension` rule (domain/timescales.py): never a month written here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from fscli.domain.allocation import RECORDER
from fscli.domain.dates import british
from fscli.domain.due import DueItem
from fscli.domain.frozen import frozen
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

PERIOD = "subject-access"
EXTENSION = "subject-access-extension"
RULES = frozenset({PERIOD, EXTENSION})  # `due` lists an open request whatever its date


@frozen
class Appearance:
    """One person row: someone as recorded in one case."""

    person_id: int
    case_id: int
    ref: str
    name: str
    dob: date | None = None
    child_id: str | None = None


@frozen
class Matched:
    included: tuple[Appearance, ...]  # the subject's appearances: the pack holds their records
    possible: tuple[Appearance, ...]  # the same name, a date of birth missing: for the officer to decide (--also REF)


def normal_name(name: str) -> str:
    """A name as search compares it: the same letters, any case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def match(subject: Appearance, candidates: list[Appearance], also: frozenset[str] = frozenset()) -> Matched:
    """The subject's appearances among `candidates` (every person row that might be them).

    The same row or the same child id is the subject. Otherwise the same name (as search compares
    it) and the same date of birth is the subject; the same name with a date of birth missing on
    either side is only possibly them, included when the officer names its case in `also`
    (references, any case). The same name with two different dates of birth is someone else."""
    wanted = {ref.strip().upper() for ref in also}
    included: list[Appearance] = []
    possible: list[Appearance] = []
    for row in candidates:
        if row.person_id == subject.person_id or (subject.child_id and row.child_id and subject.child_id.upper() == row.child_id.upper()):
            included.append(row)
        elif normal_name(row.name) != normal_name(subject.name):
            continue
        elif subject.dob is not None and row.dob is not None:
            if subject.dob == row.dob:
                included.append(row)
        elif row.ref.upper() in wanted:
            included.append(row)
        else:
            possible.append(row)
    order = lambda a: (a.ref, a.person_id)  # noqa: E731
    return Matched(tuple(sorted(included, key=order)), tuple(sorted(possible, key=order)))


def unknown_also(also: frozenset[str], matched: Matched) -> list[str]:
    """The --also references that name no case of a possible match: an officer's slip, refused."""
    known = {a.ref.upper() for a in matched.included + matched.possible}
    return sorted(ref for ref in also if ref.strip().upper() not in known)


def _word(text: str) -> str:
    return r"(?<!\w)" + re.escape(text) + r"(?!\w)"


def names(text: str | None, name: str, *, given_name: bool = True) -> bool:
    """Whether `text` names this person: the whole name in any case, or (with `given_name`) their
    first name as a word, written with its capital as a name is (so 'May' is named, 'may' is not)."""
    if not text:
        return False
    flat = _flat(text)
    whole = _flat(name)
    if not whole:
        return False
    if re.search(_word(whole), flat, re.IGNORECASE):
        return True
    first = whole.split()[0]
    return given_name and len(first) > 1 and re.search(_word(first), flat) is not None


def may_name(people: list[str], *, given_name: bool = True):
    """A quick first look for scanning many texts: a test that is true of every text `names` finds
    naming one of `people` (with `given_name`, by whole or first name; without, by whole name), and
    false of most others. A whole name begins with its first name, so a text naming someone holds
    that first name, or (without `given_name`) their whole name, in some case, once normalised as
    `names` normalises it; `names` then decides. One search for all of them at once."""
    wholes = {_flat(name) for name in people} - {""}
    words = sorted({whole.split()[0] for whole in wholes} if given_name else wholes)
    if not words:
        return lambda text: False
    any_of = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return lambda text: bool(text) and any_of.search(_flat(text)) is not None


def _flat(text: str) -> str:
    """Text as names are looked for in it: NFC, every run of white space one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def others_named(texts: list[str | None], others: list[str], subject: str, agencies: frozenset[str] = frozenset(), *, whole: frozenset[str] = frozenset()) -> list[str]:
    """Which of `others` (people of the family, agencies, people at a meeting) these texts name:
    the third parties an officer reviews before the pack is sent. Never the subject; a name
    sharing the subject's first name, an agency's ('Birchwood Primary', not 'Birchwood'), and one
    of `whole` (people of the pack's other cases: a first name alone there could be anyone's)
    count only when written whole."""
    mine = normal_name(subject).split()[:1]
    found: list[str] = []
    for other in others:
        if not other or normal_name(other) == normal_name(subject) or other in found:
            continue
        given = normal_name(other).split()[:1] != mine and other not in agencies and other not in whole
        if any(names(text, other, given_name=given) for text in texts):
            found.append(other)
    return found


def listed_names(text: str | None) -> list[str]:
    """The names in a list as typed ('Kerry Hart, Jo Reed (health visitor); Oakfield Primary'):
    a meeting's attendees or a booking's invited."""
    if not text:
        return []
    parts = re.split(r"[,;\n]|\band\b", text)
    return [p.strip() for p in (re.sub(r"\([^)]*\)", "", part) for part in parts) if p.strip()]


# --- the request and its due date -------------------------------------------------------------


def due_on(received: date, profile: Profile, calendar: WorkingCalendar) -> date:
    """When the answer is due: the profile's subject-access period after receipt."""
    return profile.interval(PERIOD).after(received, calendar)


def extended_to(first_due: date, profile: Profile, calendar: WorkingCalendar) -> date:
    """The extended deadline: the profile's extension after the first one."""
    return profile.interval(EXTENSION).after(first_due, calendar)


@frozen
class OpenRequest:
    """An open request as `due` reads it: its case and person are gone when the case was erased."""

    request_id: int
    received_on: date
    due_on: date
    extended_to: date | None
    recorded_by: str | None
    case_id: int | None = None
    ref: str | None = None
    family: str | None = None
    person: str | None = None

    @property
    def deadline(self) -> date:
        return self.extended_to or self.due_on


def request_name(request_id: int) -> str:
    """How a request is named on the command line and in `due`: SAR3."""
    return f"SAR{request_id}"


def request_number(name: str) -> int | None:
    """The number of a request named SAR4 (any case) or 4; None when it names none."""
    text = name.strip().upper().removeprefix("SAR")
    return int(text) if text.isdigit() and len(text) <= 12 else None


def due_item(request: OpenRequest, profile: Profile) -> DueItem:
    """A request not yet answered, on its recorder's list (the officer who took it)."""
    rule = EXTENSION if request.extended_to else PERIOD
    who = f"{request.person} ({request.ref})" if request.person and request.ref else f"{request_name(request.request_id)}, its case erased"
    if request.extended_to:
        basis = f"{profile.interval(EXTENSION)} after the first deadline ({british(request.due_on)}), extended; received {british(request.received_on)}"
    else:
        basis = f"{profile.interval(PERIOD)} after the request was received ({british(request.received_on)})"
    return DueItem(request.case_id or 0, request.ref or "", request.family or "", request.recorded_by, None, rule,
                   f"{profile[PERIOD].what} — {who}", request.deadline, basis, role=RECORDER)  # fmt: skip
