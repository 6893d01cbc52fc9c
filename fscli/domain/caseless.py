"""Work that belongs to no one family: supervision, a team meeting, training, calls with
professionals about several families. Logged with no case reference, it may name the cases it
discussed; each of those then shows it in its chronology, and a supervision that discussed a case
is management oversight of it (the case's record says when it was last discussed).

The kinds are domain/booking_kinds.py CASELESS_MEETINGS; the schema holds a meeting of no case
to them (meeting's caseless_kinds check).
"""

from __future__ import annotations

from datetime import date

from fscli.domain.booking_kinds import CASELESS_MEETINGS
from fscli.domain.problems import Problem

KINDS_SAID = ", ".join(CASELESS_MEETINGS)


def kind_problems(kind: str) -> list[Problem]:
    """A meeting logged with no REF must be of a kind that belongs to no one family; a strategy
    discussion or an ICPC is about one family, and names it."""
    if kind in CASELESS_MEETINGS:
        return []
    return [Problem("REF", None, f"is needed for a meeting of type {kind}: it is about one family",
                    f"only {KINDS_SAID} are logged without one, e.g. fscli meeting log --type supervision --date 'today 2pm' --cases FS-0001")]  # fmt: skip


def cases_with_ref_problems() -> list[Problem]:
    """--cases is for a meeting of no one family; a family's own meeting is in its chronology already."""
    return [Problem("--cases", None, "names the cases a meeting of no one family discussed (supervision, a team meeting)",
                    "leave out REF to log such a meeting; a meeting of one family is in its own chronology already")]  # fmt: skip


def discussed_problems(ref: str, *, on: date, referred: date) -> list[Problem]:
    """A case can be discussed only once it is known: not before its referral."""
    if on < referred:
        return [Problem("--cases", ref, f"was referred on {referred:%d/%m/%Y}, after this meeting ({on:%d/%m/%Y})")]
    return []


def someone_elses(case_id: int | None, owner: str | None, me: str | None) -> bool:
    """A meeting of no one family is seen (listed, found, voided, corrected) only by its own worker:
    to anyone else it is as if it did not exist."""
    return case_id is None and (not me or not owner or owner.casefold() != me.strip().casefold())


def same_day_line(*, what: str, existing: list[str], day: date) -> tuple[str, str]:
    """A second meeting of no one family of one kind on one day: most are the same one typed twice
    (domain/duplicates.py); said as the worker's own, since it is no family's."""
    message = f"you have a {what} on {day:%d/%m/%Y} already ({', '.join(existing)})"
    return message, f"{message[:1].upper()}{message[1:]}. Log another {what} that day?"


def discussed_text(cases: list[str]) -> str:
    """'discussed: FS-0001 Brook, FS-0004 Okoro' (each case as its reference and family name)."""
    return f"discussed: {', '.join(cases)}" if cases else ""


def chronology_summary(*, others: int, chair: str | None, decisions: str | None) -> str:
    """What a discussed case's chronology says of a meeting of no one family. Its notes are shown
    only when this case was the one discussed: a chronology is shared (a conference, a court
    bundle, the family's own request) and must not carry what was said about other families."""
    said = "this case discussed" + (f", with {others} other{'s' if others > 1 else ''}" if others else "")
    said += f"; chaired by {chair}" if chair else ""
    if decisions and not others:
        said += f"; {decisions}"
    elif decisions:
        said += "; its notes stay with the meeting, which discussed other families too"
    return said


def oversight_text(on: date | None) -> str:
    """What a case's record says of its management oversight: 'supervision on Tue 24/11/2026'."""
    return f"supervision on {on:%a %d/%m/%Y}" if on else "none recorded"
