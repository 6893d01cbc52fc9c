"""What a document for the family says in their words, not the system's (the plan on a page).

The one home of the family's words for the system's codes: the kinds of agency, the workers' roles,
the reviews and the meetings. A code with no family words here reads as its label, so `JARGON`
lists the professional words a family's page must never hold; a test scans the demo's pages for them.
"""

from __future__ import annotations

import re

# Agency kinds (domain/codes.py AGENCY_KIND) whose label is professional language.
AGENCY_WORDS: dict[str, str] = {
    "school": "School or nursery",
    "education": "Education service",
    "hospital": "Hospital",
    "camhs": "Children's mental health service (CAMHS)",
    "youth-justice": "Youth justice service",
    "childrens-social-care": "Children's social care",
    "early-help": "Early Help service",
    "cafcass": "Cafcass (advisers to the family court)",
    "family-hub": "Children's centre or family hub",
    "citizens-advice": "Citizens Advice",
    "voluntary": "Community or charity service",
    "iro": "Independent reviewing officer (chairs your child's reviews)",
    "other-la": "Another council",
    "other": "Also helping",
}

# The workers' roles (domain/allocation.py ROLES), as a family says them.
ROLE_WORDS: dict[str, str] = {
    "key-worker": "your key worker",
    "social-worker": "your social worker",
    "family-support": "your family support worker",
    "lead-practitioner": "leads the help for your family (Early Help)",
    "other": "also works with your family",
}

# The reviews of a plan (domain/due.py REVIEW_RULES), as a family hears of them.
REVIEW_WORDS: dict[str, str] = {
    "core-group-first": "First core group meeting about your child protection plan",
    "core-group": "Core group meeting about your child protection plan",
    "cp-review-first": "First review meeting of your child protection plan",
    "cp-review-after-birth": "First review meeting of your child protection plan since the baby was born",
    "cp-review": "Review meeting of your child protection plan",
    "cin-review": "Review meeting of your child in need plan",
    "taf-review": "Team Around the Family review meeting",
    "lac-review-first": "First review of your child's care plan",
    "lac-review-second": "Second review of your child's care plan",
    "lac-review": "Review of your child's care plan",
}

# Meeting kinds (domain/codes.py MEETING_TYPE) booked with or for a family.
MEETING_WORDS: dict[str, str] = {
    "icpc": "Child protection conference",
    "rcpc": "Review meeting of your child protection plan",
    "core-group": "Core group meeting about your child protection plan",
    "cin-planning": "Meeting to plan the help for your child",
    "cin-review": "Review meeting of your child in need plan",
    "taf": "Team Around the Family review meeting",
    "eh-review": "Review meeting of your Early Help plan",
    "lac-review": "Review of your child's care plan",
    "placement-planning": "Meeting to plan where your child lives",
    "pre-proceedings": "Meeting about the council's concerns before any court case (pre-proceedings)",
    "fgc": "Family group conference: a meeting of your family and friends",
    "discharge-planning": "Meeting at the hospital to plan for going home",
    "return-interview": "A talk with your child after they went missing",
    "transfer": "Meeting to hand over the help to another team",
    "court-hearing": "Court hearing",
    "agency-appointment": "An appointment at another service, with your worker",
    "strategy": "Meeting of the professionals about your child's safety",
    "other": "Meeting",
}

# Professional words a family's page never holds (tests/domain/test_family_words.py scans the demo's pages).
JARGON: tuple[str, ...] = (
    "designated safeguarding lead", "YOT", "voluntary sector", "CIN", "LAC", "lead practitioner", "ICPC", "RCPC",
    "review child protection conference", "(booked", "Appointment with a parent", "ask your worker",
)


def agency(kind: str, label: str) -> str:
    """An agency's kind as the family's page says it: the family's words, else the code's label."""
    return AGENCY_WORDS.get(kind, label)


def roles(held: list[str]) -> str:
    """A worker's roles in one phrase: 'your key worker; leads the help for your family'."""
    said = "; ".join(dict.fromkeys(ROLE_WORDS.get(r, r) for r in held))
    return said[:1].upper() + said[1:]


def review(rule: str, what: str) -> str:
    """A review of the plan in the family's words, else the profile's words."""
    return REVIEW_WORDS.get(rule, what)


def meeting(kind: str, label: str) -> str:
    """A meeting booked with or for the family, in their words, else the label."""
    return MEETING_WORDS.get(kind, label)


def next_step(what: str, booking: str | None) -> str:
    """A due item as the family's plan lists it: a booking's reference left out ('Core group
    (booked: B9, 14:30)' is 'Core group'), and a visit told as a visit from their worker."""
    if not booking:
        return what
    said = re.sub(r" \((?:booked: )?" + re.escape(booking) + r"\b[^)]*\)$", "", what)
    if said.startswith("Planned ") and said.endswith(" visit"):
        kind = said.removeprefix("Planned ").removesuffix(" visit")
        return "A visit from your worker" if kind in ("home", "statutory") else f"A visit from your worker ({kind})"
    return said


def where(place: str | None, *, visit: bool) -> str | None:
    """Where a booking is, from the family's side: a visit with no place is at their home."""
    if place:
        return place
    return "at your home" if visit else None


def first_names(names: list[str]) -> dict[str, str]:
    """Each family member's name as their plan calls them: the first name, or the whole name when
    two of them share a first name."""
    firsts = [n.split()[0] if n.split() else n for n in names]
    return {n: (f if firsts.count(f) == 1 else n) for n, f in zip(names, firsts)}
