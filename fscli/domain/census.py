"""The Children in Need census: which children and records a year's return holds, and what each
element says (domain.md §3; the DfE's CIN census specification; spec/CIN_schema_2026.xsd).

Plain values in, plain values out: `census_return(facts, year)` takes what fscli recorded of
each child (read by fscli/store/census_facts.py) and returns the children to write, in the order
and shape of the XSD, with the problems found on the way. The XML itself is written by
fscli/services/cin_xml.py.

The scope, as the specification has it:
- a child is in the return when a statutory (CIN) episode of theirs was open on any day from
  1 April to 31 March (the reference date): referred on or before the reference date and not
  closed before 1 April;
- inside an episode, a record completed before 1 April is dropped (an assessment authorised, a
  plan ended, a CP review held, a section 47 enquiry whose conference was held, before the year);
- a date after the reference date is left out, as if not yet recorded: a closure, an authorisation
  (and its factors), a plan's end, a conference; a record that began after it is left out whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from fscli.domain import codes
from fscli.domain.dates import british
from fscli.domain.episodes import CENSUS_CLOSURES
from fscli.domain.journey import CHILD_ID
from fscli.domain.problems import Problem
from fscli.domain.workdays import WorkingCalendar
from fscli.domain.frozen import frozen

YEAR = re.compile(r"([0-9]{4})-([0-9]{2})")
LA_CODE = re.compile(r"[0-9]{3}")  # ASCII: \d takes any script's digits, and the code is written as given in <LEA>

# What an episode whose referral source fscli does not hold is written with: "10 Unknown"
# (a reopening records no source; domain/episode_kinds.py began_with_step_up_sql).
UNKNOWN_SOURCE = "10"
# Ethnicity not recorded: "NOBT", not yet obtained (never ascribed: domain.md §3).
NOT_OBTAINED = "NOBT"
UPN = re.compile(r"[A-Za-z][0-9]{11}[A-Za-z0-9]")  # the schema's pattern (rules 1510-1550 check more)


@frozen
class CensusYear:
    """A census year, 1 April to 31 March, named as the DfE names it: 2025-26."""

    first: int  # the year it starts in: 2025

    @property
    def start(self) -> date:
        return date(self.first, 4, 1)

    @property
    def reference(self) -> date:
        return date(self.first + 1, 3, 31)

    @property
    def collection_year(self) -> int:
        """The header's Year: the year the census ends in (2026 for 2025-26)."""
        return self.first + 1

    @property
    def name(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"


def census_year_of(day: date) -> CensusYear:
    """The census year a day falls in."""
    return CensusYear(codes.census_year(day) - 1)


def parse_year(text: str) -> tuple[CensusYear | None, list[Problem]]:
    found = YEAR.fullmatch(text.strip())
    if not found:
        return None, [Problem("--year", text, "is not a census year written YYYY-YY", "e.g. --year 2025-26 (1 April 2025 to 31 March 2026)")]
    first = int(found[1])
    if (first + 1) % 100 != int(found[2]):
        return None, [Problem("--year", text, f"is not two consecutive years (after {first} comes {(first + 1) % 100:02d})", f"e.g. --year {first}-{(first + 1) % 100:02d}")]
    return CensusYear(first), []


def nobody_in(year: CensusYear) -> str:
    """What a year with no child in its scope says: an empty return is honest, and said."""
    return f"no child had a CIN episode open in {year.name} ({british(year.start)} to {british(year.reference)})"


def year_warning(year: CensusYear, today: date, *, writing: bool) -> str | None:
    """The warning for a year not over (its reference date after `today`): its return would be
    partial, what is recorded so far. Checking the running year is the point of --check, all year,
    so only a written return is warned of, or a year not yet begun."""
    if today >= year.reference:
        return None
    if year.start > today:
        return (f"the {year.name} census year has not begun ({british(year.start)} to {british(year.reference)}; today is {british(today)}):"
                " the return would hold only the work open today, and be partial")
    if writing:
        return (f"the {year.name} census year runs to {british(year.reference)} (today is {british(today)}): this return holds what is recorded"
                " so far and is partial; the DfE's return is made after 31 March")
    return None


def check_out(name: str) -> list[Problem]:
    """--out's file name names an XML file: the DfE's portal takes the return as .xml, and the
    bytes under another name (a .csv, a .xlsx) open as what the name says, and fail there."""
    if not name.lower().endswith(".xml"):
        return [Problem("--out", name, "must end .xml (the CIN census return is one XML file)", "e.g. --out cin-2025-26.xml")]
    return []


def check_la(text: str) -> list[Problem]:
    if LA_CODE.fullmatch(text):
        return []
    return [Problem("--la", text, "is not a local authority code: the DfE's LA number is three digits", "e.g. --la 938")]


# --- what fscli recorded, as the return reads it ---------------------------------------------------


@frozen
class Episode:
    """A statutory episode of the child's case: from its referral to its closure."""

    case_ref: str
    start_on: date
    end_on: date | None
    end_reason: str | None
    referral_source: str | None
    primary_need: str | None
    referral_nfa: bool
    decided: bool = True  # the referral's decision was recorded (no further action, or further action)


@frozen
class Assessment:
    start_on: date
    completed_on: date | None
    factors: tuple[str, ...]


@frozen
class Enquiry:
    """A section 47 enquiry and its conference decision."""

    start_on: date
    icpc_on: date | None
    icpc_not_required: bool


@frozen
class Plan:
    kind: str  # cin or cp
    start_on: date
    end_on: date | None
    categories: tuple[tuple[date, str], ...] = ()  # a CP plan's categories of abuse from each date
    ident: int | None = None  # fscli's plan number (P12), for the worker's problems; never written


@frozen
class ChildFacts:
    name: str
    case_ref: str
    child_id: str | None
    upn: str | None
    upn_unknown: str | None
    dob: date | None
    due_on: date | None
    sex: str | None
    died_on: date | None
    ethnicity: str | None
    disabilities: tuple[str, ...]
    episodes: tuple[Episode, ...]
    assessments: tuple[Assessment, ...] = ()
    enquiries: tuple[Enquiry, ...] = ()
    plans: tuple[Plan, ...] = ()
    cp_reviews: tuple[date, ...] = ()  # review conferences of the child's case


# --- what the return says, in the XSD's shape --------------------------------------------------------


@frozen
class CinPlanDates:
    start: date
    end: date | None


@frozen
class Section47:
    start: date
    icpc_target: date | None
    icpc: date | None
    icpc_not_required: bool


@frozen
class CpPlan:
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: tuple[date, ...]
    ident: int | None = None  # fscli's plan number, for the worker's problems (--check); never written


@frozen
class CinDetails:
    referral_date: date
    referral_source: str
    primary_need: str | None
    closure_date: date | None
    closure_reason: str | None
    initial_cpc: date | None  # an ICPC that followed no section 47 enquiry (never both: rule 2884)
    assessments: tuple[Assessment, ...]  # as the return says them: completed_on is the authorisation
    cin_plans: tuple[CinPlanDates, ...]
    enquiries: tuple[Section47, ...]
    referral_nfa: bool
    cp_plans: tuple[CpPlan, ...]
    undecided: bool = False  # the referral's decision is not recorded and no work began: ReferralNFA 0 is a stand-in


@frozen
class ReturnChild:
    case_ref: str  # whose: for the worker's problems (--check), never written
    name: str
    la_child_id: str
    upn: str | None
    upn_unknown: str | None
    birth_date: date | None
    expected_birth_date: date | None
    sex: str
    death_date: date | None
    ethnicity: str
    disabilities: tuple[str, ...]
    episodes: tuple[CinDetails, ...]


@frozen
class Finding:
    """Something about a child's part of the return: `blocks` when the return cannot say it truly
    (a required fact is missing), otherwise a note of what was written in its place."""

    case_ref: str
    child: str
    message: str
    hint: str | None = None
    blocks: bool = False
    rule: str = ""  # the DfE validator's rule the missing fact would break, if any


@dataclass
class CensusReturn:
    year: CensusYear
    children: list[ReturnChild] = field(default_factory=list)  # the children written
    findings: list[Finding] = field(default_factory=list)
    # Every child in scope, in the return's order: the written, and those a missing fact stops
    # being written (its blocking finding), whose other problems --check can still list.
    checked: list[ReturnChild] = field(default_factory=list)
    cases: set[str] = field(default_factory=set)  # the references of the cases whose children it holds

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]


def statutory(key: str):
    """The statute's interval of a practice-profile rule ("icpc", "assessment"): the DfE's census
    measures by it, never by a team's own local timescale."""
    from fscli.domain.timescales import DEFAULT_RULES  # here: 'case show' checks the return and needs no timescales

    return next(rule for rule in DEFAULT_RULES if rule.key == key).default


def icpc_target(s47_start: date, calendar: WorkingCalendar) -> date:
    """The day the ICPC is due by, as the return's InitialCPCtarget says it (never a weekend: 8870Q):
    the statutory timescale, 15 working days after the strategy discussion that began the enquiry
    (Working Together; the practice profile's "icpc" rule, whose default is the statute's: a team's
    own local timescale is not the DfE's target)."""
    return statutory("icpc").after(s47_start, calendar)


def _not_a_code(code_set: codes.CodeSet, value: str | None) -> bool:
    """A stored value that is not one of the census's codes as written (an import from elsewhere
    can hold anything): the return cannot say it, and writes no value it does not know."""
    if value is None:
        return False
    found = code_set.find(value)
    return found is None or found.code != value


def _bad_code(child: ChildFacts, what: str, value: str, code_set: codes.CodeSet, rule: str) -> Finding:
    return Finding(child.case_ref, child.name, f"{what} {value!r} is not a census code", f"see 'fscli codes {code_set.name}'", blocks=True, rule=rule)


def _by(day: date | None, limit: date) -> date | None:
    """A date as the return knows it: left out when after the reference date."""
    return day if day is not None and day <= limit else None


def _in_episode(day: date, episode: Episode) -> bool:
    return episode.start_on <= day and (episode.end_on is None or day <= episode.end_on)


def _episodes_in_year(child: ChildFacts, year: CensusYear) -> list[Episode]:
    return sorted((e for e in child.episodes if e.start_on <= year.reference and (e.end_on is None or e.end_on >= year.start)), key=lambda e: e.start_on)


def in_scope(child: ChildFacts, year: CensusYear) -> bool:
    """Whether the child is in the year's return: a statutory episode open on a day of the year."""
    return bool(_episodes_in_year(child, year))


def _category(plan: Plan, limit: date) -> tuple[str | None, str | None]:
    known = [category for on, category in sorted(plan.categories, key=lambda c: c[0]) if on <= limit]
    return (known[0], known[-1]) if known else (None, None)


def _details(child: ChildFacts, episode: Episode, year: CensusYear, findings: list[Finding], calendar: WorkingCalendar | None) -> CinDetails:
    ref = limit = year.reference
    closed = _by(episode.end_on, limit)
    reason = episode.end_reason if closed else None
    if closed and reason not in CENSUS_CLOSURES:
        findings.append(Finding(child.case_ref, child.name, f"the statutory episode from {british(episode.start_on)} ended on {british(closed)} with {reason!r}, not a census reason (RC1-RC9)",
                                "correct the closure reason", blocks=True, rule="8640"))
    source = episode.referral_source
    if _not_a_code(codes.REFERRAL_SOURCE, source):
        findings.append(_bad_code(child, f"the referral of {british(episode.start_on)} has a source", source or "", codes.REFERRAL_SOURCE, "8866"))
    if _not_a_code(codes.PRIMARY_NEED, episode.primary_need):
        findings.append(_bad_code(child, "the primary need", episode.primary_need or "", codes.PRIMARY_NEED, "8650"))
    if source is None:
        source = UNKNOWN_SOURCE
        findings.append(Finding(child.case_ref, child.name, f"the referral of {british(episode.start_on)} (a reopening) has no source recorded: written as {UNKNOWN_SOURCE} (unknown)",
                                f"the case was reopened without --source: check it in the referral record and record it: fscli case set {child.case_ref} --source CODE --reason TEXT"))
    mine = [a for a in child.assessments if _in_episode(a.start_on, episode) and a.start_on <= ref and not (a.completed_on and a.completed_on < year.start)]
    assessments = tuple(Assessment(a.start_on, _by(a.completed_on, limit), a.factors if _by(a.completed_on, limit) else ()) for a in sorted(mine, key=lambda a: a.start_on))
    cin = [p for p in child.plans if p.kind == "cin" and _in_episode(p.start_on, episode) and p.start_on <= ref and not (p.end_on and p.end_on < year.start)]
    cin_plans = tuple(CinPlanDates(p.start_on, _by(p.end_on, limit)) for p in sorted(cin, key=lambda p: p.start_on))
    enquiries = []
    for s in sorted(child.enquiries, key=lambda s: s.start_on):
        if not _in_episode(s.start_on, episode) or s.start_on > ref or (s.icpc_on and s.icpc_on < year.start):
            continue
        icpc = _by(s.icpc_on, limit)
        enquiries.append(Section47(s.start_on, icpc_target(s.start_on, calendar) if calendar else None, icpc, s.icpc_not_required and icpc is None))
    all_cp = sorted((p for p in child.plans if p.kind == "cp"), key=lambda p: p.start_on)
    cp_plans = []
    for number, p in enumerate(all_cp):
        if not _in_episode(p.start_on, episode) or p.start_on > ref or (p.end_on and p.end_on < year.start):
            continue
        initial, latest = _category(p, limit)
        if initial is None or latest is None:
            findings.append(Finding(child.case_ref, child.name, f"the CP plan from {british(p.start_on)} has no category of abuse recorded", "record it: fscli case plan REF cp --category NEG|PHY|SAB|EMO|MUL", blocks=True, rule="8905"))
            continue
        end = _by(p.end_on, limit)
        reviews = tuple(sorted(d for d in child.cp_reviews if p.start_on < d <= (end or limit) and d >= year.start))
        cp_plans.append(CpPlan(p.start_on, end, initial, latest, number, reviews, p.ident))
    undecided = not episode.decided and not (assessments or cin_plans or enquiries or cp_plans or closed)
    if undecided:
        findings.append(Finding(child.case_ref, child.name, f"the referral of {british(episode.start_on)} is not decided yet: written as leading to further action (ReferralNFA 0)",
                                f"record the decision: fscli case referral {child.case_ref} --nfa (or --further-action)"))
    return CinDetails(episode.start_on, source, episode.primary_need, closed, reason, None, assessments, cin_plans, tuple(enquiries), episode.referral_nfa, tuple(cp_plans), undecided)


def _child(child: ChildFacts, year: CensusYear, findings: list[Finding], calendar: WorkingCalendar | None) -> tuple[ReturnChild, bool]:
    """The child as the return says them, and whether a missing fact stops them being written (a
    blocking finding): such a child is still checked, in what the return can say of them."""
    limit = year.reference
    blocks_before = len([f for f in findings if f.blocks])
    if child.child_id and not CHILD_ID.fullmatch(child.child_id):
        findings.append(Finding(child.case_ref, child.name, f"the local child identifier {child.child_id!r} is not 1-20 letters and digits", f"fscli person set {child.case_ref} '{child.name}' --child-id ID", blocks=True, rule="1580"))
    if child.upn and not UPN.fullmatch(child.upn):
        findings.append(Finding(child.case_ref, child.name, f"the UPN {child.upn!r} is not a letter, 11 digits and a letter or digit", f"fscli person set {child.case_ref} '{child.name}' --upn UPN", blocks=True, rule="1510"))
    for what, value, code_set, rule in (("the reason the UPN is unknown", child.upn_unknown, codes.UPN_UNKNOWN, ""), ("the sex", child.sex, codes.SEX, "4180"),
                                        ("the ethnicity", child.ethnicity, codes.ETHNICITY, "4220"), *(("a disability", d, codes.DISABILITY, "8540") for d in child.disabilities)):
        if _not_a_code(code_set, value):
            findings.append(_bad_code(child, what, value or "", code_set, rule))
    for factor in sorted({f for a in child.assessments for f in a.factors if _not_a_code(codes.ASSESSMENT_FACTOR, f)}):
        findings.append(_bad_code(child, "an assessment's factor", factor, codes.ASSESSMENT_FACTOR, ""))
    for category in sorted({c for p in child.plans for _, c in p.categories if _not_a_code(codes.CATEGORY_OF_ABUSE, c)}):
        findings.append(_bad_code(child, "a CP plan's category of abuse", category, codes.CATEGORY_OF_ABUSE, "8905"))
    if not child.child_id:
        findings.append(Finding(child.case_ref, child.name, "has no local child identifier (LAchildID)", f"fscli person set {child.case_ref} '{child.name}' --child-id ID", blocks=True, rule="8500"))
    born = _by(child.dob, limit)
    expected = child.due_on if born is None else None
    if born is None and expected is None:
        findings.append(Finding(child.case_ref, child.name, "has neither a date of birth nor an expected date of birth on the reference date", f"record it: fscli person set {child.case_ref} '{child.name}' --dob DATE", blocks=True, rule="8525Q"))
    sex = "U" if expected is not None else child.sex  # an unborn child is U; one with no date at all still needs theirs, listed with it
    if sex is None:
        findings.append(Finding(child.case_ref, child.name, "has no sex recorded (M, F or U)", f"fscli person set {child.case_ref} '{child.name}' --sex M|F|U", blocks=True, rule="4180"))
    ethnicity = child.ethnicity
    if ethnicity is None:
        ethnicity = NOT_OBTAINED
        findings.append(Finding(child.case_ref, child.name, f"has no ethnicity recorded: written as {NOT_OBTAINED} (not yet obtained)", f"ask the child or parent, then fscli person set {child.case_ref} '{child.name}' --ethnicity CODE"))
    details = tuple(_details(child, e, year, findings, calendar) for e in _episodes_in_year(child, year))
    blocked = len([f for f in findings if f.blocks]) > blocks_before
    written = ReturnChild(child.case_ref, child.name, child.child_id or "", child.upn, child.upn_unknown if not child.upn else None, born, expected, sex or "U", _by(child.died_on, limit), ethnicity, child.disabilities, details)
    return written, blocked


def census_return(children: list[ChildFacts], year: CensusYear, calendar: WorkingCalendar | None = None) -> CensusReturn:
    """The year's return: every child in scope, one Child per child identifier, in its order.
    With the working calendar, each section 47 enquiry has its InitialCPCtarget (the file's; the
    checks need none)."""
    result = CensusReturn(year)
    chosen = [c for c in children if in_scope(c, year)]
    for child in sorted(chosen, key=lambda c: (c.child_id or "", c.case_ref, c.name)):
        written, blocked = _child(child, year, result.findings, calendar)
        result.checked.append(written)
        if not blocked:
            result.children.append(written)
            result.cases.add(child.case_ref)
    return result
