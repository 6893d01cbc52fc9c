"""Ofsted's Annex A lists 1-7, from what workers recorded: which records each list holds, and how
each fact is written in Ofsted's columns (domain.md §4).

Columns and options follow Social Finance's Annex A schema (liia-tools-pipeline
`liiatools/annex_a_pipeline/spec/Annex_A_schema.yml`): every child list starts with Child Unique
ID, Gender, Ethnicity, Date of Birth and Age of Child (Years); gender is a) Male, b) Female,
c) Not stated/recorded (or unborn); yes/no columns are a) Yes, b) No, c) Unknown.

The lists cover the `months` months up to and including the return's day (`on`): a list of
events (contacts, referrals) holds those dated in it; a list of work (assessments, enquiries,
episodes, plans) holds what was open at any point in it. "In the last 12 months" counts the 12
months up to and including `on`. Where fscli holds no fact for a column the cell is left blank,
never guessed (BLANK_COLUMNS, listed in docs/returns.md).

Plain values in, rows out: the query that gathers the facts is reports/annex_a.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from fscli.domain.allocation import LEAD_ORDER
from fscli.domain.casework import age_in_years
from fscli.domain.episode_kinds import STATUTORY_PLANS, STEP_DOWN_REASONS
from fscli.domain.problems import Problem

MONTHS_DEFAULT = 6
MONTHS_RANGE = (1, 24)

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
GENDER = {"M": "a) Male", "F": "b) Female"}
GENDER_NOT_RECORDED = "c) Not stated/recorded"  # also an unborn child (sex U)

# The template's options, in its own spelling and lettering (Annex_A_schema.yml). A code with no
# option there (5D, added to the census in 2022-23; RC9, likewise) is written as its code and label.
ETHNICITY = {code: f"{letter}) {code}" for letter, code in zip("abcdefghijklmnopqrst", (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"))}  # fmt: skip
SOURCE = {
    "1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual", "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools", "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services", "3B": "h) 3B: Health services", "3C": "i) 3C: Health services", "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services", "3F": "l) 3F: Health services", "4": "m) 4: Housing",
    "5A": "n) 5A: LA services", "5B": "o) 5B: LA services", "5C": "p) 5C: LA services", "5D": "5D: LA services",
    "6": "q) 6: Police", "7": "r) 7: Other legal agency", "8": "s) 8: Other", "9": "t) 9: Anonymous", "10": "u) 10: Unknown",
}  # fmt: skip
PRIMARY_NEED = {
    "N1": "a) Abuse or neglect", "N2": "b) Child's disability", "N3": "c) Parents illness or disability", "N4": "d) Family in acute stress",
    "N5": "e) Family dysfunction", "N6": "f) Socially unacceptable behaviour", "N7": "g) Low income", "N8": "h) Absent parenting",
    "N9": "i) Not CIN", "N0": "j) Not stated",
}  # fmt: skip
CLOSURE = {
    "RC1": "a) Adopted", "RC2": "b) Died", "RC3": "c) Residence Order", "RC4": "d) Special Guardianship Order",
    "RC5": "e) Transfer to another LA", "RC6": "f) Transfer to Adult Social Services", "RC7": "g) 'Other' incl. Child no longer in need",
    "RC8": "h) Child not in need after assessment", "RC9": "RC9: Case closed after assessment, referred to early help",
}  # fmt: skip
CATEGORY = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse", "MUL": "e) Multiple/not recommended"}
STATUS_CLA, STATUS_CP, STATUS_CIN, STATUS_ASSESSMENT, STATUS_CLOSED = (
    "a) Looked after child", "b) Child Protection plan", "c) Child in need plan", "d) Open assessment", "e) Closed episode")
# A single assessment's outcome that is children's social care support, and one that is not.
NEEDS_SUPPORT = ("cin", "strategy", "cla")
NO_SUPPORT = ("nfa", "early-help")

CHILD_COLUMNS = [("Child Unique ID", "text"), ("Gender", "text"), ("Ethnicity", "text"), ("Date of Birth", "date"), ("Age of Child (Years)", "int")]
ALLOCATED = [("Allocated Team", "text"), ("Allocated Worker", "text")]
DISABILITY = [("Does the Child have a Disability", "text")]


@dataclass(frozen=True)
class AnnexList:
    number: int
    sheet: str  # the workbook's tab, at most 31 characters
    columns: list[tuple[str, str]]  # header, kind (text | date | int)

    @property
    def headers(self) -> list[str]:
        return [header for header, _ in self.columns]


LISTS: list[AnnexList] = [
    AnnexList(1, "List 1 Contacts", CHILD_COLUMNS + [("Date of Contact", "date"), ("Contact Source", "text")]),
    AnnexList(2, "List 2 Early Help", CHILD_COLUMNS + [("Assessment start date", "date"), ("Assessment completion date", "date"), ("Organisation completing assessment", "text")]),
    AnnexList(3, "List 3 Referrals", CHILD_COLUMNS + [("Date of referral", "date"), ("Referral Source", "text"), ("Referral NFA?", "text"),
                                                       ("Number of Referrals in Last 12 Months", "int")] + ALLOCATED),
    AnnexList(4, "List 4 Assessments", CHILD_COLUMNS + DISABILITY + [
        ("Continuous Assessment Start Date", "date"), ("Child Seen During Continuous Assessment", "text"), ("Continuous Assessment Date of Authorisation", "date"),
        ("Was the child assessed as requiring LA children's social care support?", "text")] + ALLOCATED),
    AnnexList(5, "List 5 Section 47", CHILD_COLUMNS + DISABILITY + [
        ("Strategy discussion initiating Section 47 Enquiry Start Date", "date"), ("Was an Initial Child Protection Conference deemed unnecessary?", "text"),
        ("Date of Initial Child Protection Conference", "date"), ("Did the Initial Child Protection Conference Result in a Child Protection Plan", "text"),
        ("Number of Section 47 Enquiries in the last 12 months", "int"), ("Number of ICPCs in the last 12 months", "int")] + ALLOCATED),
    AnnexList(6, "List 6 Children in need", CHILD_COLUMNS + DISABILITY + [
        ("CIN Start Date", "date"), ("Primary Need Code", "text"), ("Date Child Was Last Seen", "date"), ("CIN Closure Date", "date"),
        ("Reason for Closure", "text"), ("Case Status", "text")] + ALLOCATED),
    AnnexList(7, "List 7 Child protection", CHILD_COLUMNS + DISABILITY + [
        ("Child Protection Plan Start Date", "date"), ("Initial Category of Abuse", "text"), ("Latest Category of Abuse", "text"),
        ("Date of the Last Statutory Visit", "date"), ("Was the Child Seen Alone?", "text"), ("Date of latest review conference", "date"),
        ("Child Protection Plan End Date", "date"),
        ("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "text"),
        ("Number of Previous Child Protection Plans", "int")] + ALLOCATED),
]  # fmt: skip

# Columns fscli holds no fact for: always blank (docs/returns.md says why).
BLANK_COLUMNS: dict[int, list[str]] = {
    2: ["Organisation completing assessment"],
    7: ["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"],
}


# --- the facts, as the query gathers them --------------------------------------------------------


@dataclass(frozen=True)
class Child:
    id: int  # the person's row
    child_id: str | None  # the local child identifier of statutory returns
    sex: str | None
    ethnicity: str | None
    dob: date | None
    disabilities: str | None  # comma-separated codes; NONE alone for none; None: not recorded
    in_referral: bool = True


@dataclass(frozen=True)
class Episode:
    kind: str  # statutory | early-help
    start_on: date
    end_on: date | None = None
    end_reason: str | None = None
    source: str | None = None  # the episode's own referral source (a step-up's 5D)


@dataclass(frozen=True)
class Holding:
    worker: str
    role: str
    start_on: date
    end_on: date | None = None


@dataclass(frozen=True)
class Assessment:
    child: int
    kind: str  # single | early-help
    start_on: date
    completed_on: date | None = None
    child_seen: bool | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Enquiry:
    child: int
    start_on: date
    icpc_on: date | None = None
    icpc_not_required: bool = False


@dataclass(frozen=True)
class Plan:
    child: int
    kind: str
    start_on: date
    end_on: date | None = None
    categories: tuple[tuple[date, str], ...] = ()  # (from, category), in order


@dataclass(frozen=True)
class Seen:
    """A face-to-face contact at which the child was seen."""

    child: int
    on: date
    alone: bool = False
    statutory: bool = True  # made by a worker who makes statutory visits (domain/allocation.py)


@dataclass
class CaseFacts:
    referred_on: date
    referral_source: str
    referral_nfa: bool = False
    referral_decided_on: date | None = None
    primary_need: str | None = None
    closed_on: date | None = None
    team: str | None = None
    children: list[Child] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    reviews: list[date] = field(default_factory=list)  # review child protection conferences held
    case_id: int | None = None  # the case's row, for the access log of the cases shown


@dataclass
class Lists:
    rows: dict[int, list[list]]  # each list's rows by its number, in its columns' order
    cases: list[int]  # the case_id of every case with a row in any list


# --- the period and the columns ----------------------------------------------------------------


def read_months(text: str) -> tuple[int | None, list[Problem]]:
    """--months: a whole number of months from 1 to 24."""
    low, high = MONTHS_RANGE
    typed = text.strip()
    if not (typed.isascii() and typed.isdigit()) or not low <= int(typed) <= high:
        return None, [Problem("--months", text, f"must be a whole number of months from {low} to {high}", "Annex A asks for the last 6 months: leave --months out")]
    return int(typed), []


WORKBOOK_SUFFIX = ".xlsx"


def check_out(name: str) -> list[Problem]:
    """--out's file name (the name, not its folders: the message shows the suffix whole) names
    the workbook: Annex A is seven lists, one sheet each, so only an .xlsx file holds it (a .csv
    holds one table; the workbook's bytes under another name open as what the name says)."""
    if not name.lower().endswith(WORKBOOK_SUFFIX):
        return [Problem("--out", name, f"must end {WORKBOOK_SUFFIX} (Annex A is a workbook of 7 lists)", "e.g. --out annex-a.xlsx")]
    return []


def check_day(on: date, today: date) -> list[Problem]:
    if on > today:
        return [Problem("--on", on.strftime("%d/%m/%Y"), f"is after today ({today:%d/%m/%Y}): the lists hold what was recorded", "leave --on out for today")]
    return []


def period_start(on: date, months: int) -> date:
    """The first day of the `months` months ending on `on` (both days included)."""
    return on - relativedelta(months=months) + timedelta(days=1)


def gender(sex: str | None) -> str:
    return GENDER.get(sex or "", GENDER_NOT_RECORDED)


def yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else YES if value else NO


def disability(codes: str | None) -> str:
    """a) Yes for any disability recorded, b) No for NONE, c) Unknown when none is recorded."""
    found = [c.strip().upper() for c in (codes or "").split(",") if c.strip()]
    if not found:
        return UNKNOWN
    return NO if found == ["NONE"] else YES


def age(dob: date | None, on: date) -> int | None:
    """Whole years on `on`, by the project's one rule (casework.age_in_years: a child born on
    29 February is a year older on 1 March in other years)."""
    if dob is None or dob > on:
        return None
    return age_in_years(dob, on)


def _coded(table: dict[str, str], code: str | None, labels: dict[str, str] | None = None) -> str | None:
    if not code:
        return None
    if code in table:
        return table[code]
    label = (labels or {}).get(code)
    return f"{code}: {label}" if label else code


def source(code: str | None) -> str | None:
    return _coded(SOURCE, code)


def child_cells(child: Child, on: date) -> list:
    return [child.child_id, gender(child.sex), _coded(ETHNICITY, child.ethnicity), child.dob if child.dob and child.dob <= on else None, age(child.dob, on)]


def holder(holdings: list[Holding], day: date) -> str | None:
    """Who held the case on `day`: the key worker, else the first role held in LEAD_ORDER."""
    held = [h for h in holdings if h.start_on <= day and (h.end_on is None or h.end_on >= day)]
    if not held:
        return None
    held.sort(key=lambda h: (LEAD_ORDER.index(h.role) if h.role in LEAD_ORDER else len(LEAD_ORDER), -h.start_on.toordinal()))
    return held[0].worker


def _allocated(case: CaseFacts, on: date) -> list:
    """The team and worker holding the case on the return's day, or at its closure if closed by then."""
    day = case.closed_on if case.closed_on is not None and case.closed_on <= on else on
    return [case.team, holder(case.holdings, day)]


def _overlaps(start: date, end: date | None, first: date, on: date) -> bool:
    return start <= on and (end is None or end >= first)


def _in(day: date | None, first: date, on: date) -> bool:
    return day is not None and first <= day <= on


# --- which records each list holds --------------------------------------------------------------


def requests(case: CaseFacts) -> list[tuple[Episode, str | None]]:
    """The episodes that began with a request to the service (a contact), each with its source:
    the case's referral, a step-up (its own source, 5D) and a reopening (no source recorded). An
    Early Help episode begun by a step-down is the same family moving on, not a new contact."""
    episodes = sorted(case.episodes, key=lambda e: e.start_on)
    found = []
    for i, episode in enumerate(episodes):
        before = episodes[i - 1] if i else None
        if before and episode.kind == "early-help" and before.kind == "statutory" and before.end_on == episode.start_on and before.end_reason in STEP_DOWN_REASONS:
            continue
        found.append((episode, episode.source or (case.referral_source if i == 0 else None)))
    return found


def referrals(case: CaseFacts) -> list[tuple[Episode, str | None]]:
    """The referrals to children's social care: the requests that began a statutory episode."""
    return [(e, s) for e, s in requests(case) if e.kind == "statutory"]


def concerned(case: CaseFacts, episode: Episode) -> list[Child]:
    """The children an episode is about: those the referral concerns, and any with work (an
    assessment, an enquiry, a plan) begun in it; every child when neither names one."""
    end = episode.end_on or date.max
    worked = {r.child for r in [*case.assessments, *case.enquiries, *case.plans] if episode.start_on <= r.start_on <= end}
    chosen = [c for c in case.children if c.in_referral or c.id in worked]
    return chosen or list(case.children)


def _referral_nfa(case: CaseFacts, episode: Episode, first: Episode | None) -> str | None:
    """Referral NFA? for the case's referral: a) Yes when decided so; b) No when decided for
    further action or when statutory work began in the episode; blank while undecided. A step-up
    or a reopening began statutory work, so it was not NFA."""
    if episode is not first:
        return NO
    if case.referral_nfa:
        return YES
    end = episode.end_on or date.max
    worked = any(episode.start_on <= r.start_on <= end for r in [*[a for a in case.assessments if a.kind == "single"], *case.enquiries, *[p for p in case.plans if p.kind in STATUTORY_PLANS]])
    return NO if case.referral_decided_on is not None or worked else None


def list_rows(cases: list[CaseFacts], on: date, months: int, only: set[int] | None = None) -> Lists:
    """Every list's rows, in its columns' order, ordered by child and date (`order`). With `only`
    (children's person ids) just those children's rows: the return is made a range of children
    at a time (reports/annex_a.py), each case read whole for its counts and its referral."""
    first = period_start(on, months)
    year = period_start(on, 12)
    out: dict[int, list[list]] = {n.number: [] for n in LISTS}
    shown: list[int] = []
    for case in cases:
        before = sum(map(len, out.values()))
        children = {c.id: c for c in case.children if only is None or c.id in only}
        allocated = _allocated(case, on)
        asked = requests(case)
        for episode, src in asked:
            if _in(episode.start_on, first, on):
                for child in _among(concerned(case, episode), children):
                    out[1].append(child_cells(child, on) + [episode.start_on, source(src)])
        referred = referrals(case)
        first_statutory = referred[0][0] if referred and referred[0][0] is asked[0][0] else None
        for episode, src in referred:
            if not _in(episode.start_on, first, on):
                continue
            for child in _among(concerned(case, episode), children):
                count = sum(1 for e, _ in referred if _in(e.start_on, year, on) and child in concerned(case, e))
                out[3].append(child_cells(child, on) + [episode.start_on, source(src), _referral_nfa(case, episode, first_statutory), count] + allocated)
        for a in case.assessments:
            child = children.get(a.child)
            if child is None or not _overlaps(a.start_on, a.completed_on, first, on):
                continue
            done = a.completed_on if a.completed_on and a.completed_on <= on else None
            if a.kind == "early-help":
                out[2].append(child_cells(child, on) + [a.start_on, done, None])
            else:
                support = YES if done and a.outcome in NEEDS_SUPPORT else NO if done and a.outcome in NO_SUPPORT else None
                out[4].append(child_cells(child, on) + [disability(child.disabilities), a.start_on, yes_no(a.child_seen), done, support] + allocated)
        for s in case.enquiries:
            child = children.get(s.child)
            if child is None or s.start_on > on:
                continue
            icpc = s.icpc_on if s.icpc_on and s.icpc_on <= on else None
            open_then = icpc is None and not s.icpc_not_required
            if not (s.start_on >= first or _in(icpc, first, on) or open_then):
                continue
            unnecessary = YES if s.icpc_not_required else NO if icpc else None
            mine = [e for e in case.enquiries if e.child == s.child]
            out[5].append(child_cells(child, on) + [disability(child.disabilities), s.start_on, unnecessary, icpc, _icpc_plan(case, s, icpc, on),
                                                   sum(1 for e in mine if _in(e.start_on, year, on)), sum(1 for e in mine if _in(e.icpc_on, year, on))] + allocated)  # fmt: skip
        for episode in sorted((e for e in case.episodes if e.kind == "statutory"), key=lambda e: e.start_on):
            if not _overlaps(episode.start_on, episode.end_on, first, on):
                continue
            ended = episode.end_on if episode.end_on and episode.end_on <= on else None
            for child in _among(concerned(case, episode), children):
                last = _last(case.seen, child.id, episode.start_on, ended or on)
                out[6].append(child_cells(child, on) + [disability(child.disabilities), episode.start_on, _coded(PRIMARY_NEED, case.primary_need),
                                                       last.on if last else None, ended, _coded(CLOSURE, episode.end_reason) if ended else None,
                                                       _status(case, child.id, on, ended)] + allocated)  # fmt: skip
        for p in case.plans:
            child = children.get(p.child)
            if child is None or p.kind != "cp" or not _overlaps(p.start_on, p.end_on, first, on):
                continue
            ended = p.end_on if p.end_on and p.end_on <= on else None
            until = ended or on
            categories = [c for d, c in p.categories if d <= until] or [c for _, c in p.categories[:1]]
            visit = _last([s for s in case.seen if s.statutory], child.id, p.start_on, until)
            review = max((d for d in case.reviews if p.start_on <= d <= until), default=None)
            earlier = sum(1 for q in case.plans if q.child == p.child and q.kind == "cp" and q.start_on < p.start_on)
            out[7].append(child_cells(child, on) + [disability(child.disabilities), p.start_on, _coded(CATEGORY, categories[0] if categories else None),
                                                   _coded(CATEGORY, categories[-1] if categories else None), visit.on if visit else None,
                                                   yes_no(visit.alone) if visit else None, review, ended, None, earlier] + allocated)  # fmt: skip
        if case.case_id is not None and sum(map(len, out.values())) > before:
            shown.append(case.case_id)
    order(out)
    return Lists(out, shown)


def _among(chosen: list[Child], children: dict[int, Child]) -> list[Child]:
    return [c for c in chosen if c.id in children]


def child_key(child_id: str | None) -> str:
    """How the lists are ordered by child: by the Child Unique ID, character by character (a
    child with none first). The query that reads the children in ranges orders them the same."""
    return child_id or ""


def order(rows: dict[int, list[list]]) -> None:
    """Each list's rows by child, then by the list's first date (the contact, the referral, the
    start), in place; rows of one child on one day keep the order they were made in."""
    for annex in LISTS:
        when = next(i for i, (_, kind) in enumerate(annex.columns) if kind == "date" and i >= len(CHILD_COLUMNS))
        rows[annex.number].sort(key=lambda r: (child_key(r[0]), r[when]))


def _last(seen: list[Seen], child: int, start: date, until: date) -> Seen | None:
    found = [s for s in seen if s.child == child and start <= s.on <= until]
    return max(found, key=lambda s: (s.on, s.alone)) if found else None


def _icpc_plan(case: CaseFacts, enquiry: Enquiry, icpc: date | None, on: date) -> str | None:
    """Whether the ICPC began a CP plan: one of the child's CP plans starting on the conference's
    day or after it, before the child's next enquiry began (blank with no conference)."""
    if icpc is None:
        return None
    later = [e.start_on for e in case.enquiries if e.child == enquiry.child and e.start_on > enquiry.start_on]
    until = min([*later, on + timedelta(days=1)])
    return YES if any(p.child == enquiry.child and p.kind == "cp" and icpc <= p.start_on < until for p in case.plans) else NO


def _status(case: CaseFacts, child: int, on: date, ended: date | None) -> str | None:
    """The case status of a CIN episode on the return's day: closed, or the child's highest open
    plan (care, then child protection, then CIN), else an open single assessment, else blank."""
    if ended is not None:
        return STATUS_CLOSED
    open_kinds = {p.kind for p in case.plans if p.child == child and p.start_on <= on and (p.end_on is None or p.end_on > on)}
    for kind, status in (("cla", STATUS_CLA), ("cp", STATUS_CP), ("cin", STATUS_CIN)):
        if kind in open_kinds:
            return status
    if any(a.child == child and a.kind == "single" and a.start_on <= on and (a.completed_on is None or a.completed_on > on) for a in case.assessments):
        return STATUS_ASSESSMENT
    return None
