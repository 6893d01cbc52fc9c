"""How long a closed case's record is kept, and from when it comes up for review (issue 24, Retention).

Rules as data, each with its key, what it is, how long, what it counts from and its source, from
domain.md §6 "Retention (England examples)": never remembered figures. A council overrides any
period in its practice profile (`[retention]`, fscli/practice.py). fscli never deletes a record
on its own: a review date that has come lists the case (`fscli retention`); a person decides.

A case's record category is the most serious plan any of its children ever had (looked after,
reunification included: a care order at home is still care; then child protection, child in need,
Early Help); a case with no plan is a child in need record unless all its work was Early Help.
Its review date is the latest of its children's, so no child's record goes before its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fscli.domain.intervals import LETTER, WORD, Units
from fscli.domain.problems import Problem

UNITS = Units(("years", "months"), forms=(LETTER, WORD))  # "75 years", "35y", "18 months"

CPPCR_50 = "Care Planning, Placement and Case Review (England) Regulations 2010 reg 50 (Merton and Salford children's services procedures; Blackpool Council retention schedule)"
LOCAL_ONLY = "local: set by the council"

# Most serious first: a case's category is the first of these any of its children had a plan of.
CATEGORIES: tuple[str, ...] = ("cla", "cp", "cin", "early-help")
CATEGORY_OF_PLAN = {"cla": "cla", "reunification": "cla", "cp": "cp", "cin": "cin", "early-help": "early-help"}


@dataclass(frozen=True)
class Period:
    count: int
    unit: str  # years | months

    def __str__(self) -> str:
        return f"{self.count} {self.unit[:-1] if self.count == 1 else self.unit}"

    def after(self, start: date) -> date:
        """The day `start` plus the period. An anniversary of 29 February in a year without one is
        1 March: the later day, so a record is never reviewed a day early."""
        if self.unit == "years":
            return anniversary(start, self.count)
        from fscli.domain.intervals import shift

        return shift(start, self.count, self.unit)


def anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def parse_period(text: object, field: str) -> tuple[Period | None, list[Problem]]:
    read = UNITS.read(text, digits=3) if isinstance(text, str) else None
    if not read or read[0] == 0:
        return None, [Problem(field, text, "is not a retention period", 'write a number of years or months, e.g. "35 years" or "18 months"')]
    return Period(*read), []


@dataclass(frozen=True)
class Rule:
    key: str  # the key of [retention] and of an erasure's basis
    label: str
    period: Period
    counts_from: str
    source: str
    statutory: bool
    default: Period
    set_by: str = "default"


def _rule(key: str, label: str, period: str, counts_from: str, source: str, *, statutory: bool) -> Rule:
    parsed, _ = parse_period(period, key)
    assert parsed is not None
    return Rule(key, label, parsed, counts_from, source, statutory, parsed)


DEFAULT_RULES: tuple[Rule, ...] = (
    _rule("cla", "Looked-after child's case record", "75 years", "the child's birth (kept to the 75th anniversary)", CPPCR_50, statutory=True),
    _rule("cla-died", "Looked-after child who died before 18", "15 years", "the child's death", CPPCR_50, statutory=True),
    _rule("cp", "Child protection record", "35 years", "the last contact with the family (or the closure, if later)", "local: Blackpool Council retention schedule (blackpool.gov.uk), 35 years after the last contact", statutory=False),
    _rule("cin", "Child in need record", "3 years", "the child's 18th birthday, or the last contact if later (3 years of inactivity after 18)",
          "local business need: Devon County Council record retention, children social care (beta.devon.gov.uk/recordretention/children-social-care/)", statutory=False),
    _rule("early-help", "Early Help record", "3 years", "the child's 18th birthday, or the last contact if later",
          f"{LOCAL_ONLY}: no published schedule has an Early Help row; fscli's default is the child in need rule (Devon), not a statutory period", statutory=False),
)


@dataclass(frozen=True)
class Rules:
    rules: dict[str, Rule]

    @classmethod
    def default(cls) -> Rules:
        return cls({rule.key: rule for rule in DEFAULT_RULES})

    def __getitem__(self, key: str) -> Rule:
        return self.rules[key]

    def overridden(self, table: object, source: str) -> tuple[Rules, list[Problem]]:
        """These rules with a `[retention]` table of key = period applied; every bad entry at once."""
        from fscli.domain.overrides import overridden

        rules, problems = overridden(self.rules, table, source, section="retention", what="a retention rule fscli keeps", example='cp = "25 years"', parse=parse_period, field="period")
        return Rules(rules), problems


# -- a case's facts, and what follows from them -------------------------------------------------


@dataclass(frozen=True)
class Child:
    name: str
    dob: date | None
    due_on: date | None = None  # expected, while unborn
    died_on: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    closed_on: date | None  # None: open
    plans: frozenset[str]  # the kinds of every live plan any child of the case ever had
    episodes: frozenset[str]  # the kinds of its episodes of work (statutory, early-help)
    children: tuple[Child, ...]
    last_contact: date | None  # its latest visit or meeting


@dataclass(frozen=True)
class Review:
    category: str
    rule: Rule | None  # the rule that decided the date (cla-died for a child who died young); None: open
    review_on: date | None  # None: open, or the rule cannot work it out
    why_not: str | None = None  # what the rule could not work out, in words

    def due(self, today: date) -> bool:
        return self.review_on is not None and self.review_on <= today


def category(facts: CaseFacts) -> str:
    """The most serious plan any child ever had; with none, Early Help only if all the work was."""
    kinds = {CATEGORY_OF_PLAN[kind] for kind in facts.plans if kind in CATEGORY_OF_PLAN}
    for kind in CATEGORIES:
        if kind in kinds:
            return kind
    return "early-help" if facts.episodes == {"early-help"} else "cin"


def review(facts: CaseFacts, rules: Rules) -> Review:
    """When the closed case's record comes up for review, under the rule of its category."""
    kind = category(facts)
    if facts.closed_on is None:
        return Review(kind, None, None, "open: retention counts from the closure")
    last = max(d for d in (facts.closed_on, facts.last_contact) if d is not None)
    if kind == "cp":
        return Review(kind, rules["cp"], rules["cp"].period.after(last))
    if not facts.children:
        return Review(kind, rules[kind], None, "no child is recorded: the rule counts from a child's birth")
    undated = [c for c in facts.children if c.dob is None]
    if undated:
        child = undated[0]
        said = "was unborn when last recorded" if child.due_on is not None else "has no date of birth"
        return Review(kind, rules[kind], None, f"{child.name} {said}: record the date of birth to work out the review date")
    dates = [_child_date(child, kind, last, rules) for child in facts.children]
    latest = max(dates, key=lambda found: found[1])
    return Review(kind, latest[0], latest[1])


def _child_date(child: Child, kind: str, last: date, rules: Rules) -> tuple[Rule, date]:
    assert child.dob is not None
    if kind == "cla":
        if child.died_on is not None and child.died_on < anniversary(child.dob, 18):
            return rules["cla-died"], rules["cla-died"].period.after(child.died_on)
        return rules["cla"], rules["cla"].period.after(child.dob)
    rule = rules[kind]
    return rule, rule.period.after(max(anniversary(child.dob, 18), last))
