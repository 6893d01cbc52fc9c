"""The rules of what is due as they were before the council's list was made fast (issue 27):
the reference the fast path is held to (tests/domain/test_due_fast.py, tests/reports/test_due_gathering.py).

A frozen copy of fscli/domain/due.py's due_items and _case_items at main d2a6ab4, kept only as a
test oracle: the rules' one home stays fscli/domain/due.py. When a rule changes there on purpose,
change it here the same way (the tests then hold the fast path to the new rule).
"""

from __future__ import annotations

from datetime import date

from fscli.domain.booked_deadlines import Booking, earliest_meeting
from fscli.domain.dates import british
from fscli.domain.due import SUSTAINED_CHECK_AFTER, SUSTAINED_CHECK_LISTED_FOR, CaseFacts, ChildOnPlan, DueItem, booked_what, first_cp_review, is_family_support, urgency, with_booking
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar


def reference_due_items(cases: list[CaseFacts], profile: Profile, calendar: WorkingCalendar, today: date) -> list[DueItem]:
    """Every item for these cases, most urgent first."""
    items: list[DueItem] = []
    for case in cases:
        items += _reference_case_items(case, profile, calendar, today)
    items.sort(key=urgency)
    return items


def _reference_case_items(case: CaseFacts, profile: Profile, calendar: WorkingCalendar, today: date) -> list[DueItem]:
    out: list[DueItem] = []

    def item(rule: str, due_on: date, basis: str, child: str | None = None, what: str | None = None, at_time: str | None = None, recorder: str | None = None, booking: Booking | None = None) -> None:
        role = profile.owner(rule)
        named, on = (booking.name, booking.on_date) if booking else (None, None)
        out.append(DueItem(case.case_id, case.ref, case.family, case.owner(role, recorder), child, rule, what or profile[rule].what, due_on, basis, at_time, role, named, on))

    def after(rule: str, start: date, event: str, child: str | None = None) -> None:
        interval = profile.interval(rule)
        item(rule, interval.after(start, calendar), f"{interval} after {event} ({british(start)})", child)

    if case.closed_on is not None:
        if case.closure_reason in SUSTAINED_CHECK_AFTER and not case.outcome_checked and today - case.closed_on <= SUSTAINED_CHECK_LISTED_FOR:
            after("sustained-check", case.closed_on, "the closure")
        return out

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
        after("icpc", step.start_on, "the strategy discussion", step.child)
        if icpc is not None:
            out[-1] = with_booking(out[-1], *icpc, calendar)

    by_kind: dict[str, list[ChildOnPlan]] = {}
    for plan in case.plans:
        by_kind.setdefault(plan.kind, []).append(plan)

    def review(plans: list[ChildOnPlan], kinds: tuple[str, ...], first: str, then: str, second: str | None = None) -> None:
        start = min(p.start_on for p in plans)
        held = [case.meetings[k] for k in kinds if k in case.meetings]
        count = sum(n for n, _ in held)
        if not count:
            birth = None
            if first == "cp-review-first":
                rule, first_on, birth = first_cp_review(start, [p.born_on for p in plans if p.born_on and p.born_on > p.start_on], profile, calendar)
            if birth is not None:
                child = next(p.child for p in plans if p.born_on == birth)
                item(rule, first_on, f"{profile.interval(rule)} after {child}'s birth ({british(birth)}), sooner than {profile.interval(first)} after the plan's start ({british(start)})", child)
            else:
                after(first, start, "the plan's start")
        elif second and count == 1:
            after(second, max(d for _, d in held), "the first review")
        else:
            after(then, max(d for _, d in held), "the last one")
        # One item a duty: the meeting booked for it is the same duty, on the day it is booked for.
        found = booked_for(kinds)
        if found is not None:
            out[-1] = with_booking(out[-1], *found, calendar)

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
        item("task", due_on, f"task T{task_id}", what=f"Task: {text}", recorder=recorder[0] if recorder else None)
    for booking in ahead:  # the bookings no duty took: the diary's appointments
        item("booked", booking.on_date, "booked", what=booked_what(booking), at_time=booking.at_time, recorder=booking.worker, booking=booking)
    if booked:
        from fscli.domain.codes import MEETING_TYPE  # 5 ms of code sets, wanted only when meetings are booked

        for kind, on in booked.items():
            item("booked", on, "booked", what=f"Next {MEETING_TYPE.in_sentence(kind)} (booked)", recorder=case.booked_by.get(kind))
    return out
