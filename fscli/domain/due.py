"""What is due: computed from what was recorded, never typed in.

The store gathers each case's facts in a few set-based queries (reports/due.py); the rules below
turn them into due items in plain Python, given `today`, the profile and the working calendar.
Recording the event (a visit, a meeting, a score, a check) moves the clock to the next one;
ending a plan stops its clocks; a closed case has only its sustained-outcome check.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from fscli.domain.allocation import KEY_WORKER, RECORDER, duty_owner, nobody
from fscli.domain.booked_deadlines import Booking, against_deadline, earliest_meeting
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


@frozen
class ChildOnPlan:
    person_id: int
    child: str
    kind: str  # early-help | cin | cp | cla | reunification
    start_on: date
    last_seen: date | None = None  # face-to-face, child seen, on or after the plan's start
    born_on: date | None = None  # the child's date of birth: after the start, the plan was a pre-birth plan
    returned_home_on: date | None = None  # a reunification plan: the day the child went home under the care order
    unborn: bool = False  # not born yet (an expected date, no date of birth): no one can see the child


@frozen
class OpenStep:
    """An assessment or a section 47 enquiry not yet finished, for one child."""

    person_id: int
    child: str
    start_on: date
    kind: str = "single"  # an assessment's kind: single, or early-help (an EHA, with its own clock)


@dataclass(slots=True)  # a council's list makes 33,000: with slots, each is made in half the time
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

    def owner(self, role: str, recorder: str | None = None) -> str | None:
        """Whose a duty of this role is on this case (domain/allocation.py duty_owner)."""
        holders = self.holders if self.holders or self.worker is None else {KEY_WORKER: self.worker}
        return duty_owner(role, holders, recorder)


@frozen
class DueItem:
    case_id: int
    ref: str
    family: str
    worker: str | None
    child: str | None
    rule: str  # the profile's key, or task / planned
    what: str
    due_on: date
    basis: str  # how the date was reached, in words
    at_time: str | None = None
    role: str = KEY_WORKER  # the role whose duty it is; `worker` is its holder, or None when no one holds it
    booking: str | None = None  # the booking it is ('B9'): its calendar event keeps one UID however it moves
    booked_on: date | None = None  # the day it is booked for: after due_on when booked late
    cancelled: bool = False  # a booking called off: only the calendar feed carries it, to drop its event
    booked_by: str | None = None  # who booked the meeting for this duty: it is in their diary too, whoever owns the duty

    @property
    def whose(self) -> str:
        """The owner's name, or 'no social worker allocated'."""
        return self.worker or nobody(self.role)

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def state(self, today: date) -> str:
        return "cancelled" if self.cancelled else state_on(self.due_on, today)


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
    for case in cases:
        if case.closed_on is not None:  # a closed case has only its sustained-outcome check
            if case.closure_reason in SUSTAINED_CHECK_AFTER and not case.outcome_checked and today - case.closed_on <= SUSTAINED_CHECK_LISTED_FOR:
                due_on, basis, role, what = clocks.after("sustained-check", case.closed_on, "the closure")
                if due_on <= last:
                    items.append(DueItem(case.case_id, case.ref, case.family, clocks.owner(case, role, None), None, "sustained-check", what, due_on, basis, None, role, None, None))
            continue
        items += _case_items(case, clocks, today, last)
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
        self.dated: dict[tuple[str, date, str], tuple[date, str, str, str]] = {}
        self.owners: dict[tuple[str, str | None, str], str | None] = {}

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

    def after(self, rule: str, start: date, event: str) -> tuple[date, str, str, str]:
        """The rule's deadline counted from `start`, how it was reached in words, its role and what is due."""
        key = (rule, start, event)
        try:
            return self.dated[key]
        except KeyError:
            interval = self.interval(rule)
            found = self.dated[key] = (interval.after(start, self.calendar), f"{interval} after {event} ({british(start)})", self.role(rule), self.what(rule))
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


def _case_items(case: CaseFacts, clocks: _Clocks, today: date, last: date = date.max) -> list[DueItem]:
    """An open case's items due by `last` (a closed one's is due_items'). An item's date is known before it is made: one due later is
    never made, unless a booking may bring it forward (`booked` below), which is applied first."""
    out: list[DueItem] = []
    profile, calendar = clocks.profile, clocks.calendar

    def item(rule: str, due_on: date, basis: str, child: str | None = None, what: str | None = None, at_time: str | None = None, recorder: str | None = None, booking: Booking | None = None) -> None:
        if due_on > last:
            return
        role = clocks.role(rule)
        named, on = (booking.name, booking.on_date) if booking else (None, None)
        owner = clocks.owner(case, role, recorder)
        out.append(DueItem(case.case_id, case.ref, case.family, owner, child, rule, what or clocks.what(rule), due_on, basis, at_time, role, named, on))

    def after(rule: str, start: date, event: str, child: str | None = None, booked: tuple[date, Booking | None] | None = None) -> None:
        due_on, basis, role, what = clocks.after(rule, start, event)  # as item(rule, due_on, basis, child) makes it
        if booked is None:
            if due_on <= last:
                out.append(DueItem(case.case_id, case.ref, case.family, clocks.owner(case, role, None), child, rule, what, due_on, basis, None, role, None, None))
            return
        made = with_booking(DueItem(case.case_id, case.ref, case.family, clocks.owner(case, role, None), child, rule, what, due_on, basis, None, role, None, None), *booked, calendar)
        if made.due_on <= last:
            out.append(made)

    early_help = case.episode == "early-help"
    referral = "the step-up" if case.stepped_up else "the referral"
    if not case.decided and not early_help:
        after("referral-decision", case.opened_on, referral)
    for step in case.assessments:
        if step.kind == "early-help":
            after("eh-assessment", step.start_on, "the Early Help assessment began", step.child)
            continue
        began = case.opened_on if case.opened_on <= step.start_on else step.start_on
        after("assessment", began, referral, step.child)

    booked = dict(case.booked)
    ahead = [b for b in case.bookings if b.cancelled_on is None and b.on_date >= today]

    def booked_for(kinds: tuple[str, ...]) -> tuple[date, Booking | None] | None:
        """The meeting booked for a duty, taken so that it is not listed again: the earliest open
        booking of these kinds, or the day the last meeting set for the next, whichever is sooner."""
        on = min((booked.pop(k) for k in kinds if k in booked), default=None)
        booking = earliest_meeting(ahead, kinds, today)
        if booking is not None and (on is None or booking.on_date <= on):
            ahead.remove(booking)
            return booking.on_date, booking
        return None if on is None else (on, None)

    icpc = booked_for(("icpc",)) if case.enquiries else None  # one conference for the family, whichever child
    for step in case.enquiries:
        after("icpc", step.start_on, "the strategy discussion", step.child, icpc)

    by_kind: dict[str, list[ChildOnPlan]] = {}
    for plan in case.plans:
        by_kind.setdefault(plan.kind, []).append(plan)

    def review(plans: list[ChildOnPlan], kinds: tuple[str, ...], first: str, then: str, second: str | None = None) -> None:
        start = min(p.start_on for p in plans)
        held = [case.meetings[k] for k in kinds if k in case.meetings]
        count = sum(n for n, _ in held)
        # One item a duty: the meeting booked for it is the same duty, on the day it is booked for.
        found = booked_for(kinds)
        if not count:
            birth = None
            if first == "cp-review-first":
                rule, first_on, birth = first_cp_review(start, [p.born_on for p in plans if p.born_on and p.born_on > p.start_on], profile, calendar)
            if birth is not None:
                child = next(p.child for p in plans if p.born_on == birth)
                basis = f"{profile.interval(rule)} after {child}'s birth ({british(birth)}), sooner than {profile.interval(first)} after the plan's start ({british(start)})"
                if found is None:
                    item(rule, first_on, basis, child)
                else:
                    role = clocks.role(rule)
                    made = with_booking(DueItem(case.case_id, case.ref, case.family, clocks.owner(case, role, None), child, rule, clocks.what(rule), first_on, basis, None, role, None, None), *found, calendar)
                    if made.due_on <= last:
                        out.append(made)
            else:
                after(first, start, "the plan's start", None, found)
        elif second and count == 1:
            after(second, max(d for _, d in held), "the first review", None, found)
        else:
            after(then, max(d for _, d in held), "the last one", None, found)

    # A looked-after child back home under the care order is visited on the rules of a care order
    # at home (reg 28), counted from the return home: it starts the clocks that follow it.
    home = {p.person_id: p.returned_home_on for p in by_kind.get("reunification", []) if p.returned_home_on}

    def visits(plans: list[ChildOnPlan], first: str, then: str) -> None:
        for plan in plans:
            returned = home.get(plan.person_id) if plan.kind == "cla" else None
            if returned is not None and returned >= plan.start_on:
                if plan.last_seen and plan.last_seen >= returned:
                    after("lac-visit-home", plan.last_seen, "the child was last seen at home", plan.child)
                else:
                    after("lac-visit-home-first", returned, "the return home", plan.child)
            elif plan.last_seen and plan.last_seen >= plan.start_on:
                after(then, plan.last_seen, "the child was last seen", plan.child)
            elif plan.unborn:
                continue  # a pre-birth plan: the child can be seen only once born, and the clock starts then
            elif plan.born_on and plan.born_on > plan.start_on:
                after(first, plan.born_on, f"{plan.child}'s birth", plan.child)
            else:
                after(first, plan.start_on, "the plan's start", plan.child)

    if "cp" in by_kind:
        review(by_kind["cp"], ("core-group",), "core-group-first", "core-group")
        review(by_kind["cp"], ("rcpc",), "cp-review-first", "cp-review")
        visits(by_kind["cp"], "cp-visit", "cp-visit")
    if "cin" in by_kind:
        review(by_kind["cin"], ("cin-review",), "cin-review", "cin-review")
        visits(by_kind["cin"], "cin-visit", "cin-visit")
    if "cla" in by_kind:
        review(by_kind["cla"], ("lac-review",), "lac-review-first", "lac-review", second="lac-review-second")
        visits(by_kind["cla"], "lac-visit-first", "lac-visit")
    if "early-help" in by_kind:
        review(by_kind["early-help"], ("taf", "eh-review"), "taf-review", "taf-review")

    if is_family_support(case):
        began = "Early Help began" if early_help else "the work began"
        after("target-closure", case.opened_on, began)
        # Counted from the goals' baseline, as a score's phase is (domain/scoring.py): a score given
        # when this falls due is then the midway one and clears it.
        if case.baseline_on and not (case.midway_on and case.midway_on >= case.baseline_on):
            after("midway-rescaling", case.baseline_on, "the goals' baseline")

    for task_id, text, due_on, *recorder in case.tasks:  # (id, text, due) alone: a task with no recorder known
        if due_on <= last:
            item("task", due_on, f"task T{task_id}", what=f"Task: {text}", recorder=recorder[0] if recorder else None)
    for booking in ahead:  # the bookings no duty took: the diary's appointments
        if booking.on_date <= last:
            item("booked", booking.on_date, "booked", what=booked_what(booking), at_time=booking.at_time, recorder=booking.worker, booking=booking)
    if booked:
        from fscli.domain.codes import MEETING_TYPE  # 5 ms of code sets, wanted only when meetings are booked

        for kind, on in booked.items():
            if on <= last:
                item("booked", on, "booked", what=next_meeting_what(kind, MEETING_TYPE), recorder=case.booked_by.get(kind))
    return out


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


def with_booking(due: DueItem, on: date, booking: Booking | None, calendar: WorkingCalendar) -> DueItem:
    """A statutory meeting's item once it is booked: due on the booked day, or still on the
    timescale's day when the booking is later than that; either way saying both days
    (domain/booked_deadlines.py). The booking names the item ('B9') and gives it its time. A booking
    does not stop the clock: the item stays until the meeting is held."""
    named = replace(due, what=f"{due.what} (booked{f': {booking.tag}' if booking else ''})", basis=f"{against_deadline(on, due.due_on, calendar)}; {due.basis}",
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
