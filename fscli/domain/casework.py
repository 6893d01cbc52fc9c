"""The rules of a case's own life: referral, people, allocation, closure and reopening.

Each function takes plain values and `today` and returns the problems it finds, all of them,
so a worker can correct a command in one go.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

from fscli.domain.dates import british, not_in_future
from fscli.domain.naming import AUTO_REF_PREFIX
from fscli.domain.problems import Problem

_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,29}")
EARLIEST_BIRTH = date(1900, 1, 1)
LONGEST_PREGNANCY_WEEKS = 44
# A birth recorded further than this from the expected date is taken for a mistyped date. A local
# sanity rule of fscli, not a clinical or statutory figure (domain.md has none): 18 weeks early is
# about 22 weeks' gestation, the edge of survival [unverified]; 6 weeks late allows for an
# expected date that was a first estimate.
BORN_EARLY_WEEKS = 18
BORN_LATE_WEEKS = 6


def check_ref(ref: str, field: str = "--ref") -> list[Problem]:
    if not _REF.fullmatch(ref):
        return [Problem(field, ref, "a case reference is 1-30 letters, digits, '-', '/', '_' or '.', starting with a letter or digit")]
    if ref.upper().startswith(AUTO_REF_PREFIX) and ref[len(AUTO_REF_PREFIX):].isdigit():
        return [Problem(field, ref, f"references starting {AUTO_REF_PREFIX} followed by a number are given by fscli", "leave out --ref, or use the council's own ID")]
    return []


def check_referral(referred: date, today: date) -> list[Problem]:
    return not_in_future(referred, today, "--referred", "a referral date")


def check_close(*, is_open: bool, ref: str, referred: date, last_reopened: date | None, closed_on: date, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if not is_open:
        problems.append(Problem("case", ref, "is already closed", f"reopen it first with 'fscli case reopen {ref} --date DATE --reason TEXT'"))
    problems += not_in_future(closed_on, today, "--date", "a closure date")
    if closed_on < referred:
        problems.append(Problem("--date", british(closed_on), f"is before the referral ({british(referred)})"))
    elif last_reopened and closed_on < last_reopened:
        problems.append(Problem("--date", british(closed_on), f"is before the case was last reopened ({british(last_reopened)})"))
    return problems


def check_reopen(*, is_open: bool, ref: str, closed_on: date | None, reopened_on: date, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if is_open:
        problems.append(Problem("case", ref, "is open already: only a closed case can be reopened"))
    problems += not_in_future(reopened_on, today, "--date", "a reopening date")
    if closed_on and reopened_on < closed_on:
        problems.append(Problem("--date", british(reopened_on), f"is before the case was closed ({british(closed_on)})"))
    return problems


def check_outcome_check(*, closed_on: date, on: date, today: date) -> list[Problem]:
    problems = not_in_future(on, today, "--date", "a check")
    if on < closed_on:
        problems.append(Problem("--date", british(on), f"is before the case closed ({british(closed_on)}): the check follows the closure"))
    return problems


def check_allocation(*, is_open: bool, ref: str, referred: date, current_worker: str | None, current_since: date | None, worker: str, on: date, today: date, as_role: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if not is_open:
        problems.append(Problem("case", ref, "is closed: reopen it before allocating a worker"))
    problems += not_in_future(on, today, "--date", "an allocation date")
    if on < referred:
        problems.append(Problem("--date", british(on), f"is before the referral ({british(referred)})"))
    if current_since and on < current_since:
        problems.append(Problem("--date", british(on), f"is before the current allocation{as_role} began ({british(current_since)})"))
    if current_worker and current_worker.casefold() == worker.casefold():
        problems.append(Problem("WORKER", worker, f"already holds this case{as_role}"))
    return problems


def check_dob(dob: date, today: date) -> list[Problem]:
    problems = not_in_future(dob, today, "--dob", "a date of birth")
    if dob < EARLIEST_BIRTH:
        problems.append(Problem("--dob", british(dob), "is before 1900"))
    return problems


# A date of birth this far back is taken for a mistyped year, and told, not refused: a true date
# must never be kept out of the record. No one on record has lived to 123; fscli's bound is 120.
# A child's plan is for under-18s, and a care leaver is supported to 25 (Children and Social
# Work Act 2017, s3): a "child" older than that is a mistyped year or the wrong --role.
OLDEST_LIVING_YEARS = 120
OLDEST_CHILD_YEARS = 25


def dob_warnings(*, ref: str, name: str, role: str, dob: date | None, today: date) -> list[str]:
    """Lines to tell the worker about a date of birth that is allowed but unlikely."""
    if dob is None:
        return []
    age = age_in_years(dob, today)
    fix = f"if it is mistyped: fscli person set {ref} {name!r} --dob DATE --reason TEXT"
    if age > OLDEST_LIVING_YEARS:
        return [f"fscli: warning: --dob {british(dob)}: makes {name} {age}, older than anyone living; {fix}"]
    if role == "child" and age > OLDEST_CHILD_YEARS:
        return [f"fscli: warning: --dob {british(dob)}: makes {name} {age}, recorded as a child (a care leaver is supported to {OLDEST_CHILD_YEARS}); {fix}"]
    return []


def check_person_dates(*, role: str, dob: date | None, due: date | None, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if dob and due:
        problems.append(Problem("--due", british(due), "give either --dob (born) or --due (unborn), not both"))
    if due and role != "child":
        problems.append(Problem("--due", british(due), "only a child can be unborn", "use --role child"))
    if dob:
        problems += check_dob(dob, today)
    if due:
        latest = today + relativedelta(weeks=LONGEST_PREGNANCY_WEEKS)
        if due > latest:
            problems.append(Problem("--due", british(due), f"is more than {LONGEST_PREGNANCY_WEEKS} weeks away"))
        if due < today - relativedelta(months=3):
            problems.append(Problem("--due", british(due), "was more than 3 months ago", "record the birth with --dob"))
    return problems


def check_birth(*, name: str, role: str, dob: date | None, due: date | None, died: date | None, born: date, today: date) -> list[Problem]:
    """An unborn child is born: the same record gets its date of birth. `dob`, `due` and `died` are
    what the record holds now; `born` is the date of birth given."""
    if role != "child":
        return [Problem("NAME", name, f"is recorded as a {role}: only an unborn child can be born")]
    if dob is not None:
        return [Problem("NAME", name, f"was born on {british(dob)} already: 'person born' is for an unborn child")]
    if due is None:
        return [Problem("NAME", name, "is not recorded as unborn (no expected date of birth): only an unborn child can be born")]
    problems = not_in_future(born, today, "--dob", "a date of birth")
    early, late = due - relativedelta(weeks=BORN_EARLY_WEEKS), due + relativedelta(weeks=BORN_LATE_WEEKS)
    if not early <= born <= late:
        problems.append(Problem("--dob", british(born), f"is {describe_gap(born, due)} {name}'s expected date ({british(due)}): a birth more than {BORN_EARLY_WEEKS} weeks early or {BORN_LATE_WEEKS} weeks late is taken for a mistyped date", "check the date of birth"))
    if died is not None and born > died:
        problems.append(Problem("--dob", british(born), f"is after {name}'s recorded death ({british(died)})"))
    return problems


def describe_gap(born: date, due: date) -> str:
    """'on', '2 weeks before', '3 days after': a birth against its expected date."""
    days = (born - due).days
    if days == 0:
        return "on"
    weeks, rest = divmod(abs(days), 7)
    parts = [f"{weeks} week{'s' if weeks != 1 else ''}"] * bool(weeks) + [f"{rest} day{'s' if rest != 1 else ''}"] * bool(rest)
    return f"{' '.join(parts)} {'before' if days < 0 else 'after'}"


def after_closure(on: date, closures: list[tuple[date, object]], recorded_at: object) -> date | None:
    """The closure an entry dated `on` was recorded after, though it happened before it: the first
    closure on or after `on`, if it was recorded before the entry (`closures`: (closed_on,
    recorded_at) pairs; the instants are compared as given). None for an entry made in time."""
    later = sorted((c for c in closures if c[0] >= on), key=lambda c: c[0])
    if later and later[0][1] < recorded_at:  # type: ignore[operator]
        return later[0][0]
    return None


def late_note(closed_on: date | None) -> str:
    """What a confirmation adds for an entry recorded after the case's closure."""
    return f"; recorded after closure (the case closed on {british(closed_on)})" if closed_on else ""


def check_death(died: date, *, dob: date | None, today: date) -> list[Problem]:
    problems = not_in_future(died, today, "--died", "a date of death")
    if dob and died < dob:
        problems.append(Problem("--died", british(died), f"is before the date of birth ({british(dob)})"))
    return problems


def age_in_years(dob: date, today: date) -> int:
    """Whole years; someone born on 29 February turns a year older on 1 March in other years."""
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def describe_age(dob: date | None, due: date | None, today: date) -> str:
    """How a worker says a child's age: '9', '8 months', '3 weeks', 'unborn (due 12/01/2027)'."""
    if dob is None:
        return f"unborn (due {british(due)})" if due else ""
    span = relativedelta(today, dob)
    if age_in_years(dob, today) >= 2:
        return str(age_in_years(dob, today))
    months = span.years * 12 + span.months
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    weeks = (today - dob).days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''}" if weeks else "newborn"
