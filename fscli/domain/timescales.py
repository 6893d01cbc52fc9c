"""The practice profile: every timescale fscli keeps, its statutory or local default, and its source.

A team overrides any of them in a TOML file (`[timescales]`); `fscli profile show` prints the
rules in force, and whose duty each is on a case with several workers (`[owners]`). Figures and sources are those of domain.md §2, not remembered ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from fscli.domain.allocation import DUTY_OWNERS, RECORDER, ROLES
from fscli.domain.frozen import frozen
from fscli.domain.intervals import LETTER, WORD, Units, shift
from fscli.domain.problems import Problem
from fscli.domain.workdays import WorkingCalendar

# "10 working days", "10wd", "4 weeks", "3m": no "wk", "mo" or "fortnight" in a team's profile.
UNITS = Units(("working days", "days", "weeks", "months"), forms=(LETTER, WORD))


@frozen
class Interval:
    count: int
    unit: str  # working days | days | weeks | months
    forward: bool = False  # a calendar deadline on a non-working day moves to the NEXT working day (Rule.rolls_forward)

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.count == 1 else self.unit
        return f"{self.count} {unit}"

    def before_noun(self) -> str:
        """'16-week', '6-month', '20-working-day': as in "the 16-week limit"."""
        return f"{self.count}-{self.unit[:-1].replace(' ', '-')}"

    def after(self, start: date, calendar: WorkingCalendar) -> date:
        """The deadline: the Nth working day after `start`, or start plus calendar time.

        A calendar deadline that lands on a weekend or bank holiday is brought forward to the
        working day before it: "within 3 months" cannot be met by a conference on a Saturday.
        With `forward` (a rule whose source says so: the ICO's for subject access) it moves
        to the next working day instead.
        """
        return _deadline(self, start, calendar)

    def span_end(self, start: date, calendar: WorkingCalendar) -> date:
        """The last day of a span of this length from `start` (a follow-up, not a deadline): the
        same calendar date N months or weeks on, never moved off a weekend or bank holiday, since
        nothing need be done on it; the Nth working day for a span in working days."""
        return _span_end(self, start, calendar)

    def first_start_due_from(self, day: date, calendar: WorkingCalendar) -> date:
        """The earliest start whose deadline falls on or after `day`. A later start never has an
        earlier deadline, so a report need only read the starts between two such days."""
        start = day
        while self.after(start - timedelta(days=1), calendar) >= day:
            start -= timedelta(days=1)
        return start


@lru_cache(maxsize=65_536)
def _deadline(interval: Interval, start: date, calendar: WorkingCalendar) -> date:
    # A council's due list asks for ~70,000 deadlines from a few thousand distinct start dates:
    # each is worked out once (the rules took half as long; benchmarks/due.py).
    if interval.unit == "working days":
        return calendar.add_working_days(start, interval.count)
    day = shift(start, interval.count, interval.unit)
    if interval.forward:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day
    while not calendar.is_working_day(day) and day > start:
        day -= timedelta(days=1)
    return day


@lru_cache(maxsize=65_536)
def _span_end(interval: Interval, start: date, calendar: WorkingCalendar) -> date:
    # A council's kept-at-home figure asks for 14,000 from a few thousand end dates (benchmarks/summary.py).
    if interval.unit == "working days":
        return calendar.add_working_days(start, interval.count)
    return shift(start, interval.count, interval.unit)


def parse_interval(text: object, field: str) -> tuple[Interval | None, list[Problem]]:
    read = UNITS.read(text, digits=3) if isinstance(text, str) else None
    if not read or read[0] == 0:
        return None, [Problem(field, text, "is not an interval", 'write a number and a unit, e.g. "10 working days", "4 weeks", "3 months" or "7 days"')]
    return Interval(*read), []


@frozen
class Rule:
    key: str
    what: str  # the thing that is due, as a worker says it
    interval: Interval
    after: str  # what the clock starts from
    source: str
    default: Interval
    set_by: str = "default"  # or the file that overrode it
    owner: str = "key-worker"  # the role whose duty it is on a case (domain/allocation.py)
    owner_set_by: str = "default"
    # Where the rule's own source says a deadline on a non-working day moves to the next working
    # day (its source, cited), not back to the one before as fscli's other calendar rules do.
    rolls_forward: str = ""
    # A span of time a figure looks over (the panel's cohort and follow-up), not a deadline for
    # something to be done: a weekend or bank holiday at its end does not move it.
    span: bool = False

    @property
    def is_default(self) -> bool:
        return self.interval == self.default

    def on_non_working_day(self) -> str:
        """What happens to a calendar deadline that falls on a weekend or bank holiday."""
        if self.interval.unit == "working days":
            return ""
        if self.span:
            return "not moved (a span, not a deadline)"
        return f"next working day ({self.rolls_forward})" if self.rolls_forward else "working day before"


def _rule(key: str, what: str, interval: str, after: str, source: str) -> Rule:
    parsed, _ = parse_interval(interval, key)
    assert parsed is not None
    return Rule(key, what, parsed, after, source, parsed)


WT = "Working Together to Safeguard Children 2023"
# The ICO: the time limit is the corresponding calendar date of the next month; "if this is not a
# working day, you have until the next working day to respond".
ICO_ROLL = "ICO right of access guidance, 'How long do we have to comply?'"
CPPCR = "Care Planning, Placement and Case Review (England) Regulations 2010"

DEFAULT_RULES: tuple[Rule, ...] = (
    _rule("referral-decision", "Referral decision", "1 working day", "the referral", f"{WT}; Sussex procedures 4.1.3"),
    _rule("assessment", "Single assessment completed", "45 working days", "the referral", f"{WT}; DfE CIN validator 8670Q"),
    _rule("eh-assessment", "Early Help assessment completed", "15 working days", "the start of the Early Help assessment (EHA, JAFF or the local name)",
          "Sefton Early Help timescales (local default: conclusions, solutions and actions shared with the family within 15 working days)"),
    _rule("icpc", "Initial child protection conference", "15 working days", "the strategy discussion that started the section 47 enquiry", f"{WT}; DfE CIN validator 8675Q"),
    _rule("core-group-first", "First core group", "10 working days", "the ICPC (the start of the CP plan)", "Medway SCP core group guidance; Liverpool and Newcastle procedures"),
    _rule("core-group", "Core group", "4 weeks", "the last core group", "Newcastle procedures 1.4.5; Liverpool CS (local practice)"),
    _rule("cp-review-first", "First review child protection conference", "3 months", "the ICPC (the start of the CP plan)", f"{WT}; Sussex CP procedures 5.5"),
    _rule("cp-review-after-birth", "First review child protection conference", "10 working days", "the birth of a child whose CP plan began before it (a pre-birth plan), when sooner than cp-review-first",
          "Pre-birth: within 3 months or within 10-20 working days of birth, whichever sooner (local; Sussex CP procedures 5.5, Tees, Liverpool); fscli takes the shortest of that range"),
    _rule("cp-review", "Review child protection conference", "6 months", "the last review conference", f"{WT}; Sussex CP procedures 5.5"),
    _rule("cp-visit", "CP statutory visit (child seen)", "10 working days", "the last face-to-face visit the child was seen at, or the plan's start", "Camden, Central Bedfordshire, Liverpool procedures (local practice: Walsall 2 weeks, Bolton 4 weeks)"),
    _rule("cin-visit", "CIN visit (child seen)", "20 working days", "the last face-to-face visit the child was seen at, or the plan's start", "local practice (docsbay.net summary of statutory visit frequencies)"),
    _rule("cin-review", "CIN review", "12 weeks", "the last CIN review, or the plan's start", "York CIN procedures (local practice; no statutory interval in England)"),
    _rule("taf-review", "Team Around the Family review", "6 weeks", "the last TAF or Early Help review, or the plan's start", "Lewisham Early Help (local practice; Worcestershire 6-12 weeks)"),
    _rule("lac-review-first", "First LAC review", "20 working days", "becoming looked after (the start of the CLA plan)", f"{CPPCR} reg 33(1)"),
    _rule("lac-review-second", "Second LAC review", "3 months", "the first LAC review", f"{CPPCR} reg 33(2)"),
    _rule("lac-review", "LAC review", "6 months", "the last LAC review", f"{CPPCR} reg 33(2),(3)"),
    _rule("lac-visit-first", "LAC visit (child seen)", "1 week", "the start of the placement (the CLA plan)", f"{CPPCR} reg 28"),
    _rule("lac-visit", "LAC visit (child seen)", "6 weeks", "the last face-to-face visit the child was seen at", f"{CPPCR} reg 28 (first year of a placement; 3 months for a long-term placement is not modelled)"),
    _rule("lac-visit-home-first", "LAC visit at home (child seen)", "1 week", "the child's return home under the care order (a reunification)", f"{CPPCR} reg 28: care order at home, within 1 week"),
    _rule("lac-visit-home", "LAC visit at home (child seen)", "6 weeks", "the last face-to-face visit the child was seen at, once home under the care order", f"{CPPCR} reg 28: care order at home, then at intervals of not more than 6 weeks"),
    _rule("midway-rescaling", "Midway rescaling of the family's goals", "6 weeks", "the goals' baseline (the first day an open goal was scored), as a score's midway phase counts", "fscli: half of the 12-week target closure (family support and edge-of-care practice)"),
    _rule("target-closure", "Target closure", "12 weeks", "the start of the work (the episode's start: referral, reopening, step-down or step-up), for cases with no CP or CLA plan", "family support and edge-of-care practice: 12 to 16 weeks"),
    _rule("closure-limit", "Open past the limit of the work", "16 weeks", "the start of the work (the episode's start), for cases with no CP or CLA plan", "family support and edge-of-care practice: 12 to 16 weeks"),
    # The panel's outcome figures (fscli summary --ended): definitions that vary between councils.
    replace(_rule("outcome-cohort", "Outcomes cohort: work ended within", "12 weeks", "counted back from the period's last day, when 'fscli summary --ended' is given no --from",
                  "edge-of-care panel minutes: families whose intervention ended in a 12-week period (local)"), span=True),
    replace(_rule("outcome-follow-up", "Not looked after after the work, for", "6 months", "the end of the child's work (its plan of that kind; for the kept-at-home indicator, the end of its work in the period)",
                  "edge-of-care panel's 'kept together' measure: not looked after within 6 months of the work ending (local; some councils follow up 12 months)"), span=True),
    _rule("sustained-check", "Six-month sustained-outcome check", "6 months", "closure with outcomes met (RC3, RC4, RC7, OUTCOMES-MET)", "Supporting Families outcome framework 2022-25 (outcomes sustained)"),
    # The officer's who recorded the request (domain/subject_access.py), not a role on the case.
    replace(_rule("subject-access", "Subject access request answered", "1 month", "receipt of the request (extendable by 2 months if complex)", "ICO right of access guidance; UK GDPR Art. 12(3)"), owner=RECORDER, rolls_forward=ICO_ROLL),
    replace(_rule("subject-access-extension", "Subject access request answered (extended)", "2 months", "the first deadline, when the request is complex or one of many (fscli person sar --extend)",
                  "ICO right of access guidance; UK GDPR Art. 12(3)"), owner=RECORDER, rolls_forward=ICO_ROLL),
)


@frozen
class Profile:
    rules: dict[str, Rule]

    @classmethod
    def default(cls) -> Profile:
        return cls({r.key: replace(r, owner=DUTY_OWNERS.get(r.key, r.owner)) for r in DEFAULT_RULES})

    def owner(self, key: str) -> str:
        """The role whose duty this rule is; tasks and bookings are their recorder's."""
        rule = self.rules.get(key)
        return rule.owner if rule is not None else RECORDER

    def owned(self, table: object, source: str) -> tuple[Profile, list[Problem]]:
        """This profile with an `[owners]` table applied (rule = role); every bad entry at once."""
        if not isinstance(table, dict):
            return self, [Problem(f"{source}: [owners]", None, "must be a table of rule = role", 'e.g. cin-visit = "family-support"')]
        rules, problems = dict(self.rules), []
        for key, value in table.items():
            if key not in rules:
                problems.append(Problem(f"{source}: [owners]", key, "is not a timescale fscli keeps", f"known: {', '.join(self.rules)}"))
            elif rules[key].owner == RECORDER:
                problems.append(Problem(f"{source}: [owners]", key, "is the duty of whoever recorded it, not of a role on the case", "leave it out of [owners]"))
            elif not isinstance(value, str) or value.strip().lower() not in ROLES:
                problems.append(Problem(f"{source}: [owners] {key}", value, "is not a role on a case", f"use one of: {', '.join(ROLES)}"))
            else:
                rules[key] = replace(rules[key], owner=value.strip().lower(), owner_set_by=source)
        return Profile(rules), problems

    def __getitem__(self, key: str) -> Rule:
        return self.rules[key]

    def interval(self, key: str) -> Interval:
        rule = self.rules[key]
        return replace(rule.interval, forward=True) if rule.rolls_forward else rule.interval

    def overridden(self, table: object, source: str) -> tuple[Profile, list[Problem]]:
        """This profile with a `[timescales]` table applied; every bad entry is reported at once."""
        from fscli.domain.overrides import overridden

        rules, problems = overridden(self.rules, table, source, section="timescales", what="a timescale fscli keeps", example='cp-visit = "2 weeks"', parse=parse_interval, field="interval")
        return Profile(rules), problems
