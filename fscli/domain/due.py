"""What is due: computed from what was recorded, never typed in.

The store gathers each case's facts in a few set-based queries (reports/due.py); the rules below
turn them into due items in plain Python, given `today`, the profile and the working calendar.
Recording the event (a visit, a meeting, a score, a check) moves the clock to the next one;
ending a plan stops its clocks; a closed case has only its sustained-outcome check.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from fscli.domain.allocation import KEY_WORKER, RECORDER, duty_owner, nobody
from fscli.domain.booked_deadlines import Booking, against_deadline, meeting_order
from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.intervals import LETTER, WORD, Units
from fscli.domain.problems import Problem, check
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

# Closures after which the family is asked, six months on, whether the change held.
SUSTAINED_CHECK_AFTER = frozenset({"RC3", "RC4", "RC7", "OUTCOMES-MET"})
# An unrecorded check stops being listed a year after the closure: by then it is history,
# shown by 'fscli closures --recent', not a job for this week.
SUSTAINED_CHECK_LISTED_FOR = timedelta(days=365)

REVIEW_RULES = frozenset({"core-group-first", "core-group", "cp-review-first", "cp-review-after-birth", "cp-review", "cin-review", "taf-review", "lac-review-first", "lac-review-second", "lac-review"})
# CP and CLA work ends when a conference or a court says so; all other work is time-limited.
OPEN_ENDED_PLANS = ("cp", "cla")


class ChildOnPlan(namedtuple("ChildOnPlan", ("person_id", "child", "kind", "start_on", "last_seen", "born_on", "returned_home_on", "unborn"), defaults=(None, None, None, False))):
    """A child on an open plan. kind: early-help | cin | cp | cla | reunification; last_seen:
    face-to-face, child seen, on or after the plan's start; born_on: the child's date of birth
    (after the start, the plan was a pre-birth plan); returned_home_on: a reunification plan's day
    the child went home under the care order; unborn: not born yet (an expected date, no date of
    birth), so no one can see the child. A named tuple, as DueItem: a council has 39,000."""

    __slots__ = ()


class OpenStep(namedtuple("OpenStep", ("person_id", "child", "start_on", "kind"), defaults=("single",))):
    """An assessment or a section 47 enquiry not yet finished, for one child. kind: an
    assessment's kind, single or early-help (an EHA, with its own clock)."""

    __slots__ = ()


@dataclass(slots=True, init=False)  # a council's list makes 33,000: with slots and its own __init__, each in a third of the time
class CaseFacts:
    case_id: int
    ref: str
    family: str
    opened_on: date  # the start of the latest episode (referral, reopening, step-down, step-up): when this piece of work began
    worker: str | None = None  # the worker the case is listed under (domain/allocation.py lead)
    closed_on: date | None = None
    closure_reason: str | None = None
    outcome_checked: bool = False
    decided: bool = True  # the referral has a decision: an assessment, s47, plan or no further action
    plans: list[ChildOnPlan] = field(default_factory=list)
    assessments: list[OpenStep] = field(default_factory=list)
    enquiries: list[OpenStep] = field(default_factory=list)
    # kind -> (how many held since the open plan of that kind began, the last one); corrections applied
    meetings: dict[str, tuple[int, date]] = field(default_factory=dict)
    baseline_on: date | None = None  # the first baseline score of an open goal
    midway_on: date | None = None  # the latest midway score of an open goal
    tasks: list[tuple] = field(default_factory=list)  # open tasks: id, text, due, who recorded it
    bookings: list[Booking] = field(default_factory=list)  # visits planned and meetings booked, today or later; open or cancelled
    booked: dict[str, date] = field(default_factory=dict)  # meeting kind -> the next one set at the last meeting (its next_on), today or later
    booked_by: dict[str, str] = field(default_factory=dict)  # meeting kind -> who booked it
    # role -> the worker holding it now (of a closed case: at its closure); empty means the one
    # `worker` above is the key worker, as every case was before roles
    holders: dict[str, str] = field(default_factory=dict)
    episode: str = "statutory"  # the open episode's kind (domain/episodes.py): early-help has no referral decision
    stepped_up: bool = False  # the open statutory episode began with a step-up from Early Help (its referral)

    def __init__(self, case_id: int, ref: str, family: str, opened_on: date, worker: str | None = None, closed_on: date | None = None, closure_reason: str | None = None,
                 outcome_checked: bool = False, decided: bool = True, plans: list[ChildOnPlan] | None = None, assessments: list[OpenStep] | None = None,
                 enquiries: list[OpenStep] | None = None, meetings: dict[str, tuple[int, date]] | None = None, baseline_on: date | None = None, midway_on: date | None = None,
                 tasks: list[tuple] | None = None, bookings: list[Booking] | None = None, booked: dict[str, date] | None = None, booked_by: dict[str, str] | None = None,
                 holders: dict[str, str] | None = None, episode: str = "statutory", stepped_up: bool = False) -> None:  # fmt: skip
        """The fields above, in their order; an empty list or dict where none is given. Written out,
        not the dataclass's: that one called a factory for each of nine lists and dicts (1.6 us a case)."""
        self.case_id = case_id
        self.ref = ref
        self.family = family
        self.opened_on = opened_on
        self.worker = worker
        self.closed_on = closed_on
        self.closure_reason = closure_reason
        self.outcome_checked = outcome_checked
        self.decided = decided
        self.plans = [] if plans is None else plans
        self.assessments = [] if assessments is None else assessments
        self.enquiries = [] if enquiries is None else enquiries
        self.meetings = {} if meetings is None else meetings
        self.baseline_on = baseline_on
        self.midway_on = midway_on
        self.tasks = [] if tasks is None else tasks
        self.bookings = [] if bookings is None else bookings
        self.booked = {} if booked is None else booked
        self.booked_by = {} if booked_by is None else booked_by
        self.holders = {} if holders is None else holders
        self.episode = episode
        self.stepped_up = stepped_up

    def owner(self, role: str, recorder: str | None = None) -> str | None:
        """Whose a duty of this role is on this case (domain/allocation.py duty_owner)."""
        holders = self.holders if self.holders or self.worker is None else {KEY_WORKER: self.worker}
        return duty_owner(role, holders, recorder)


# A due item is a named tuple: a council's list makes 55,000 of them, and a tuple is made in one
# call (`_new(DueItem, values)`, a quarter of what setting 15 fields one by one cost) and read
# quicker by the sort, the rows and the formats (benchmarks/due.py). Immutable and hashable as the
# frozen dataclass it was; a changed copy is `item._replace(...)`.
_DueFields = namedtuple(
    "DueItem",
    ("case_id", "ref", "family", "worker", "child", "rule", "what", "due_on", "basis", "at_time", "role", "booking", "booked_on", "cancelled", "booked_by"),
    defaults=(None, KEY_WORKER, None, None, False, None),
)
_new = tuple.__new__


class DueItem(_DueFields):
    """case_id, ref, family; worker: the owner of the duty, or None when no one holds its role;
    child; rule: the profile's key, or task / planned; what; due_on; basis: how the date was reached,
    in words; at_time; role: the role whose duty it is; booking: the booking it is ('B9'), whose
    calendar event keeps one UID however it moves; booked_on: the day it is booked for, after due_on
    when booked late; cancelled: a booking called off (only the calendar feed carries it, to drop
    its event); booked_by: who booked the meeting for this duty (it is in their diary too)."""

    __slots__ = ()

    @property
    def whose(self) -> str:
        """The owner's name, or 'no social worker allocated'."""
        return whose_of(self.worker, self.role)

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def state(self, today: date) -> str:
        return "cancelled" if self.cancelled else state_on(self.due_on, today)


def whose_of(worker: str | None, role: str) -> str:
    """Whose an item is, as the list says it: the owner's name, or 'no social worker allocated'."""
    return worker or nobody(role)


def state_on(due_on: date, today: date) -> str:
    """An item's state by its day: overdue by how long, due today, this week, later."""
    days = (due_on - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    if due_on <= today + timedelta(days=6 - today.weekday()):
        return "this week"
    return "later"


def due_items(cases: list[CaseFacts], profile: Profile, calendar: WorkingCalendar, today: date, *, until: date | None = None) -> list[DueItem]:
    """Every item for these cases, most urgent first; with `until`, only those due by that day
    (a council's list keeps fewer than half, and need not make or sort the rest)."""
    items: list[DueItem] = []
    clocks = _Clocks(profile, calendar)
    last = date.max if until is None else until
    checks_from = today - SUSTAINED_CHECK_LISTED_FOR
    for case in cases:
        if case.closed_on is not None:  # a closed case has only its sustained-outcome check
            if case.closure_reason in SUSTAINED_CHECK_AFTER and not case.outcome_checked and case.closed_on >= checks_from:
                due_on, basis, role, what = clocks.dated["sustained-check", case.closed_on, "the closure"]
                if due_on <= last:
                    items.append(_new(DueItem, (case.case_id, case.ref, case.family, clocks.owners_of(case)[role], None, "sustained-check", what, due_on, basis, None, role, None, None, False, None)))
            continue
        _case_items(case, clocks, today, last, items)
    items.sort(key=urgency)
    return items


class Memo(dict):
    """A function's answers, each worked out on first asking: `memo[key]` (or `memo.__getitem__`,
    as a function) costs no Python call once a key is known."""

    def __init__(self, work) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, key):
        found = self[key] = self.work(key)
        return found


class _Clocks:
    """The profile's answers for one list, each worked out once: a council's 33,000 cases ask the
    same few rules for their owner, wording and interval some 100,000 times, and a deadline and its
    words from a few thousand distinct start days (benchmarks/due.py: the rules took 1.1 s)."""

    def __init__(self, profile: Profile, calendar: WorkingCalendar) -> None:
        self.profile, self.calendar = profile, calendar
        self.role = Memo(profile.owner).__getitem__
        self.what = Memo(lambda rule: profile[rule].what).__getitem__
        self.interval = Memo(profile.interval).__getitem__
        # (rule, start, event) -> the rule's deadline counted from `start`, how it was reached in words, its role and what is due
        self.dated: Memo = Memo(self._dated)
        self.owners: dict[tuple[str, str | None, str], str | None] = {}
        self.workers: dict[str, Memo] = {}
        self.said: dict[tuple[date, date], str] = {}  # (booked for, due by) -> in words

    def against(self, booked_on: date, due_on: date, calendar: WorkingCalendar) -> str:
        """against_deadline, once for each day booked and deadline: a council books 5,500 meetings on a few hundred days."""
        try:
            return self.said[booked_on, due_on]
        except KeyError:
            found = self.said[booked_on, due_on] = against_deadline(booked_on, due_on, calendar)
            return found

    def _dated(self, key: tuple[str, date, str]) -> tuple[date, str, str, str]:
        rule, start, event = key
        interval = self.interval(rule)
        return interval.after(start, self.calendar), f"{interval} after {event} ({british(start)})", self.role(rule), self.what(rule)

    def after(self, rule: str, start: date, event: str) -> tuple[date, str, str, str]:
        """The rule's deadline counted from `start`, how it was reached in words, its role and what is due."""
        return self.dated[rule, start, event]

    def owners_of(self, case: CaseFacts) -> Memo:
        """Whose a duty of each role is on this case, when no one recorded it (CaseFacts.owner): on
        a case with its one worker, the same for every case of that worker's, worked out once."""
        if case.holders or case.worker is None:
            return Memo(lambda role: case.owner(role, None))
        try:
            return self.workers[case.worker]
        except KeyError:
            found = self.workers[case.worker] = Memo(lambda role: case.owner(role, None))
            return found

    def owner(self, case: CaseFacts, role: str, recorder: str | None) -> str | None:
        """Whose a duty is on this case (CaseFacts.owner): on a case with its one worker, the same
        for every case of that worker's."""
        if case.holders or case.worker is None:
            return case.owner(role, recorder)
        key = (role, recorder, case.worker)
        try:
            return self.owners[key]
        except KeyError:
            found = self.owners[key] = case.owner(role, recorder)
            return found


# Due items that are no timescale of the profile, by the word a manager counts them under.
ITEM_KINDS = {"task": "Tasks agreed with the family", "booked": "Visits and meetings booked"}


def kind_of(rule: str, profile: Profile) -> str:
    """The kind of a due item, as the manager's dashboard counts overdue items: the profile's
    timescale by what it is ('Statutory visit (CP plan)'), or the kind of a task or booking."""
    found = profile.rules.get(rule)
    return found.what if found is not None else ITEM_KINDS.get(rule, rule)


def urgency(item: DueItem) -> tuple:
    """Most urgent first: by day, then time (an untimed item after the timed ones), case, child."""
    return (item.due_on, item.at_time or "99:99", item.ref, item.child or "", item.what)


# The plan kinds in the order their duties are listed, with each one's reviews (the meeting kinds
# that count, the first review's rule, the later ones', the second's where it has its own) and
# visits (the first visit's rule, the later ones'); early help has no visit clock.
PLAN_DUTIES = (
    ("cp", ((("core-group",), "core-group-first", "core-group", None), (("rcpc",), "cp-review-first", "cp-review", None)), ("cp-visit", "cp-visit")),
    ("cin", ((("cin-review",), "cin-review", "cin-review", None),), ("cin-visit", "cin-visit")),
    ("cla", ((("lac-review",), "lac-review-first", "lac-review", "lac-review-second"),), ("lac-visit-first", "lac-visit")),
    ("early-help", ((("taf", "eh-review"), "taf-review", "taf-review", None),), None),
)


def _case_items(case: CaseFacts, clocks: _Clocks, today: date, last: date, out: list[DueItem]) -> None:
    """An open case's items due by `last`, added to `out` (a closed one's is due_items'). An item's
    date is known before it is made: one due later is never made, unless a booking may bring it
    forward (`booked_for` below), which is applied first. Plain loops over the case's few facts,
    each item made in one call: this runs for each of a council's 20,000 open cases."""
    calendar, dated, owners = clocks.calendar, clocks.dated, clocks.owners_of(case)
    case_id, ref, family = case.case_id, case.ref, case.family
    append = out.append
    # Each duty in the order listed: (rule, start, event, child, what it is booked as or None), made
    # into an item at the end (its date and words are the same for every case counting from that day),
    # or an item made already (a pre-birth plan's sooner first review).
    duties: list = []

    early_help = case.episode == "early-help"
    referral = "the step-up" if case.stepped_up else "the referral"
    if not case.decided and not early_help:
        duties.append(("referral-decision", case.opened_on, referral, None, None))
    for step in case.assessments:
        if step.kind == "early-help":
            duties.append(("eh-assessment", step.start_on, "the Early Help assessment began", step.child, None))
        else:
            duties.append(("assessment", case.opened_on if case.opened_on <= step.start_on else step.start_on, referral, step.child, None))

    booked = dict(case.booked) if case.booked else None
    ahead = [b for b in case.bookings if b.cancelled_on is None and b.on_date >= today] if case.bookings else []
    meetings = [b for b in ahead if b.booking_of == "meeting"] if ahead else []  # what a duty's meeting may be booked as

    def booked_for(kinds: tuple[str, ...]) -> tuple[date, Booking | None] | None:
        """The meeting booked for a duty, taken so that it is not listed again: the earliest open
        booking of these kinds, or the day the last meeting set for the next, whichever is sooner."""
        on = min((booked.pop(k) for k in kinds if k in booked), default=None) if booked else None
        found = [b for b in meetings if b.kind in kinds] if meetings else None
        booking = min(found, key=meeting_order) if found else None  # earliest_meeting, on the meetings ahead
        if booking is not None and (on is None or booking.on_date <= on):
            ahead.remove(booking)
            meetings.remove(booking)
            return booking.on_date, booking
        return None if on is None else (on, None)

    if case.enquiries:
        icpc = booked_for(("icpc",))  # one conference for the family, whichever child
        for step in case.enquiries:
            duties.append(("icpc", step.start_on, "the strategy discussion", step.child, icpc))

    plans, held_meetings = case.plans, case.meetings
    kinds = {p.kind for p in plans} if plans else set()
    for kind, reviews, visits in PLAN_DUTIES if plans else ():
        if kind not in kinds:
            continue
        of_kind = [p for p in plans if p.kind == kind]
        start = min(p.start_on for p in of_kind) if len(of_kind) > 1 else of_kind[0].start_on
        for held_kinds, first, then, second in reviews:
            held = [held_meetings[k] for k in held_kinds if k in held_meetings] if held_meetings else None
            count = (held[0][0] if len(held) == 1 else sum(n for n, _ in held)) if held else 0
            # One item a duty: the meeting booked for it is the same duty, on the day it is booked for.
            found = booked_for(held_kinds) if booked or meetings else None
            if count:
                latest = held[0][1] if len(held) == 1 else max(d for _, d in held)
                duties.append((second, latest, "the first review", None, found) if second and count == 1 else (then, latest, "the last one", None, found))
                continue
            birth = None
            if first == "cp-review-first":
                rule, first_on, birth = first_cp_review(start, [p.born_on for p in of_kind if p.born_on and p.born_on > p.start_on], clocks.profile, calendar)
            if birth is None:
                duties.append((first, start, "the plan's start", None, found))
                continue
            # the sooner review of a pre-birth plan: its words say both days
            child = next(p.child for p in of_kind if p.born_on == birth)
            role = clocks.role(rule)
            basis = f"{clocks.interval(rule)} after {child}'s birth ({british(birth)}), sooner than {clocks.interval(first)} after the plan's start ({british(start)})"
            made = _new(DueItem, (case_id, ref, family, owners[role], child, rule, clocks.what(rule), first_on, basis, None, role, None, None, False, None))
            duties.append(with_booking(made, *found, calendar, clocks.against) if found is not None else made)  # made already: listed as it is
        if visits is None:
            continue
        first, then = visits
        # A looked-after child back home under the care order is visited on the rules of a care order
        # at home (reg 28), counted from the return home: it starts the clocks that follow it.
        home = {p.person_id: p.returned_home_on for p in plans if p.kind == "reunification" and p.returned_home_on} if kind == "cla" and "reunification" in kinds else {}
        for plan in of_kind:
            returned = home.get(plan.person_id) if kind == "cla" else None
            if returned is not None and returned >= plan.start_on:
                if plan.last_seen and plan.last_seen >= returned:
                    duties.append(("lac-visit-home", plan.last_seen, "the child was last seen at home", plan.child, None))
                else:
                    duties.append(("lac-visit-home-first", returned, "the return home", plan.child, None))
            elif plan.last_seen and plan.last_seen >= plan.start_on:
                duties.append((then, plan.last_seen, "the child was last seen", plan.child, None))
            elif plan.unborn:
                continue  # a pre-birth plan: the child can be seen only once born, and the clock starts then
            elif plan.born_on and plan.born_on > plan.start_on:
                duties.append((first, plan.born_on, f"{plan.child}'s birth", plan.child, None))
            else:
                duties.append((first, plan.start_on, "the plan's start", plan.child, None))

    if case.decided and not case.enquiries and kinds.isdisjoint(OPEN_ENDED_PLANS):  # is_family_support, on an open case
        duties.append(("target-closure", case.opened_on, "Early Help began" if early_help else "the work began", None, None))
        # Counted from the goals' baseline, as a score's phase is (domain/scoring.py): a score given
        # when this falls due is then the midway one and clears it.
        if case.baseline_on and not (case.midway_on and case.midway_on >= case.baseline_on):
            duties.append(("midway-rescaling", case.baseline_on, "the goals' baseline", None, None))
    for duty in duties:
        if duty.__class__ is DueItem:
            if duty.due_on <= last:
                append(duty)
            continue
        rule, start, event, child, booked_as = duty
        due_on, basis, role, what = dated[rule, start, event]
        if booked_as is None:
            if due_on <= last:
                append(_new(DueItem, (case_id, ref, family, owners[role], child, rule, what, due_on, basis, None, role, None, None, False, None)))
            continue
        made = with_booking(_new(DueItem, (case_id, ref, family, owners[role], child, rule, what, due_on, basis, None, role, None, None, False, None)), *booked_as, calendar, clocks.against)
        if made.due_on <= last:
            append(made)

    if case.tasks:
        role = clocks.role("task")
        for task_id, text, due_on, *recorder in case.tasks:  # (id, text, due) alone: a task with no recorder known
            if due_on <= last:
                append(_new(DueItem, (case_id, ref, family, clocks.owner(case, role, recorder[0] if recorder else None), None, "task", f"Task: {text}", due_on, f"task T{task_id}", None, role, None, None, False, None)))
    if ahead or booked:
        role = clocks.role("booked")
        for booking in ahead:  # the bookings no duty took: the diary's appointments
            if booking.on_date <= last:
                append(_new(DueItem, (case_id, ref, family, clocks.owner(case, role, booking.worker), None, "booked", booked_what(booking), booking.on_date, "booked", booking.at_time, role, booking.name, booking.on_date, False, None)))
        if booked:
            from fscli.domain.codes import MEETING_TYPE  # 5 ms of code sets, wanted only when meetings are booked

            for kind, on in booked.items():
                if on <= last:
                    append(_new(DueItem, (case_id, ref, family, clocks.owner(case, role, case.booked_by.get(kind)), None, "booked", next_meeting_what(kind, MEETING_TYPE), on, "booked", None, role, None, None, False, None)))


def checks_closed_before(until: date, profile: Profile, calendar: WorkingCalendar) -> date:
    """The first closure day whose sustained-outcome check falls due after `until`: a list of the
    items due by then has no check of a case closed on that day or later (a later closure never has
    an earlier check)."""
    return profile.interval("sustained-check").first_start_due_from(until + timedelta(days=1), calendar)


def listed_by_sql(v: str) -> str:
    """The bookings (planned_visit `v`) a list of the items due by :until needs: every one on a day
    by then, and an open meeting booked for later, which may be the one a duty is booked as
    (with_booking: the duty's item is listed on its own day, saying the day booked). A visit or a
    cancelled meeting past that day makes no item of the list."""
    return f"({v}.on_date <= :until OR ({v}.booking_of = 'meeting' AND {v}.cancelled_on IS NULL))"


def next_meeting_what(kind: str, meeting_types) -> str:
    """The next meeting of a kind, booked at the last one (meeting log --next): 'Next CIN review (booked)'."""
    return f"Next {meeting_types.in_sentence(kind)} (booked)"


def booked_what(booking: Booking) -> str:
    """An appointment as the list names it: 'Planned home visit (B3, 10:00)', 'Core group (booked:
    B9, 14:30)'. A meeting's label without its gloss: 'Supervision', not '... (management oversight)'."""
    if not booking.is_meeting:
        return f"Planned {booking.kind.replace('-', ' ')} ({booking.tag})"
    return f"{_meeting_label(booking.kind)} (booked: {booking.tag})"


@lru_cache(maxsize=None)
def _meeting_label(kind: str) -> str:
    """Looked up once a kind: a council's list names thousands of booked meetings of a few kinds."""
    from fscli.domain.codes import MEETING_TYPE  # 5 ms of code sets, wanted only when meetings are booked

    return MEETING_TYPE.label(kind).split(" (")[0] or kind


def booking_items(bookings: list[Booking], today: date, *, cancelled: bool = False) -> list[DueItem]:
    """Items of bookings of no case: a worker's own diary (supervision, training), whose is the
    worker who booked it. With `cancelled`, the ones called off instead (see cancelled_items)."""
    return [_booking_item(b, b.worker) for b in bookings if b.on_date >= today and (b.cancelled_on is not None) == cancelled]


def cancelled_items(cases: list[CaseFacts], profile: Profile, today: date) -> list[DueItem]:
    """The bookings of these cases called off, today or later: the calendar feed carries them as
    CANCELLED under their own UID, so that a client that had the event drops it. Whose: as for
    any booking, the worker who booked it while they hold a role on the case."""
    role = profile.owner("booked")
    return [_booking_item(b, case.owner(role, b.worker), case, role) for case in cases for b in case.bookings if b.cancelled_on is not None and b.on_date >= today]


def _booking_item(b: Booking, worker: str | None, case: CaseFacts | None = None, role: str = RECORDER) -> DueItem:
    cancelled = b.cancelled_on is not None
    return DueItem(case.case_id if case else 0, case.ref if case else "", case.family if case else "", worker, None, "booked", booked_what(b), b.on_date,
                   "cancelled" if cancelled else "booked", b.at_time, role, b.name, b.on_date, cancelled)  # fmt: skip


def first_cp_review(start: date, births: list[date], profile: Profile, calendar: WorkingCalendar) -> tuple[str, date, date | None]:
    """The first review conference of a CP plan begun on `start`: 3 months after it, or, for a plan
    begun before a child's birth, 10 working days after the birth when that is sooner (domain.md §2:
    pre-birth plans, local). The profile's rule that set the date, the date, and the birth it counts
    from (None when it counts from the plan's start)."""
    usual = profile.interval("cp-review-first").after(start, calendar)
    born = min((b for b in births if b > start), default=None)
    if born is not None:
        sooner = profile.interval("cp-review-after-birth").after(born, calendar)
        if sooner < usual:
            return "cp-review-after-birth", sooner, born
    return "cp-review-first", usual, None


def with_booking(due: DueItem, on: date, booking: Booking | None, calendar: WorkingCalendar, against=against_deadline) -> DueItem:
    """A statutory meeting's item once it is booked: due on the booked day, or still on the
    timescale's day when the booking is later than that; either way saying both days
    (domain/booked_deadlines.py). The booking names the item ('B9') and gives it its time. A booking
    does not stop the clock: the item stays until the meeting is held. `against` says the booked day
    against the deadline (against_deadline; a list gives its memo of it)."""
    named = due._replace(what=f"{due.what} (booked{f': {booking.tag}' if booking else ''})", basis=f"{against(on, due.due_on, calendar)}; {due.basis}",
                    booking=booking.name if booking else None, at_time=booking.at_time if booking else due.at_time, booked_on=on, booked_by=booking.worker if booking else None,
                    due_on=on if on <= due.due_on else due.due_on)  # fmt: skip
    return named


def is_family_support(case: CaseFacts) -> bool:
    """Time-limited work: Early Help, CIN and edge of care, reunification; not CP, CLA or an open s47."""
    return case.closed_on is None and case.decided and not case.enquiries and not any(p.kind in OPEN_ENDED_PLANS for p in case.plans)


def target_closure(case: CaseFacts, profile: Profile, calendar: WorkingCalendar) -> tuple[date, date]:
    """The target closure date and the date the work passes its limit (16 weeks by default)."""
    return profile.interval("target-closure").after(case.opened_on, calendar), profile.interval("closure-limit").after(case.opened_on, calendar)


def sustained_check_on(closed_on: date, profile: Profile, calendar: WorkingCalendar) -> date:
    return profile.interval("sustained-check").after(closed_on, calendar)


WINDOW_UNITS = Units(("days", "weeks"), forms=(LETTER, WORD))


def parse_window(text: str, field: str = "--within", at_least: int = 0) -> int:
    """A look-ahead in days: 14, 14d, 2w, "3 weeks"; `at_least` days (a period of none is no period)."""
    read = WINDOW_UNITS.read(text, digits=4, default_unit="days")
    if read is None:
        check([Problem(field, text, "is not a number of days or weeks", "use a form such as 14d, 2w or 30")])
    assert read is not None
    count, unit = read
    days = count * (7 if unit == "weeks" else 1)
    if days < at_least:
        check([Problem(field, text, f"is shorter than {at_least} day{'s' if at_least > 1 else ''}", "use a period of days or weeks, e.g. 12w")])
    if days > 3660:
        check([Problem(field, text, "is more than ten years ahead", "use a window of days or weeks, e.g. 14d or 8w")])
    return days
