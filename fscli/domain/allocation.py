"""Who holds a case: the rule every view and derived fact reads, written once.

An open case is held by its open allocations, one a role; after a reopening without a worker it is
held by no one until one is allocated. A closed case keeps the workers who held it at the closure
(their roles ended that day), for the recent closures and their six-month checks. Kept apart from the case rules' date arithmetic,
since the fast read path (case list) needs it.
"""

from __future__ import annotations


def holds_sql(allocation: str, case: str) -> str:
    """The SQL condition that an allocation row (alias `allocation`) is a holding of the case
    (alias `case`, with its closed_on): current, or (for a closed case) ended at its latest
    closure. Callers wanting one worker take the first by `lead_order_sql`."""
    return f"({allocation}.end_on IS NULL OR {allocation}.end_on >= {case}.closed_on)"


def lead_order_sql(allocation: str) -> str:
    """ORDER BY terms putting first the holding a case is listed under (LEAD_ORDER), then the newest."""
    whens = " ".join(f"WHEN '{role}' THEN {i}" for i, role in enumerate(LEAD_ORDER))
    return f"CASE {allocation}.role {whens} END, {allocation}.start_on DESC, {allocation}.id DESC"


# The roles a worker holds on a case. The key worker is the one-worker case of earlier releases
# (and `case allocate` without a role): they own every duty whose role no one else holds.
ROLES: tuple[str, ...] = ("key-worker", "social-worker", "family-support", "lead-practitioner", "other")
ROLE_LABELS: dict[str, str] = {
    "key-worker": "key worker",
    "social-worker": "allocated social worker",
    "family-support": "family support worker",
    "lead-practitioner": "lead practitioner (Early Help)",
    "other": "other worker",
}
KEY_WORKER = "key-worker"
# Who a case's list and its 'Worker' column name: the key worker, else the first role held in
# this order (the lead for the family of a statutory case is its social worker).
LEAD_ORDER: tuple[str, ...] = ("key-worker", "social-worker", "lead-practitioner", "family-support", "other")
# An owner that is no role: tasks and bookings belong to the worker who recorded them.
RECORDER = "recorder"
OWNERS: tuple[str, ...] = ROLES + (RECORDER,)

# Whose each clock of the practice profile is, unless a team's profile says otherwise ([owners]):
# statutory work is the allocated social worker's, the Early Help clocks the lead practitioner's
# (PRODUCT.md, "Who owns which duty"). A rule not named here is the key worker's.
DUTY_OWNERS: dict[str, str] = {
    **dict.fromkeys(("referral-decision", "assessment", "icpc", "core-group-first", "core-group", "cp-review-first", "cp-review-after-birth",
                     "cp-review", "cp-visit", "cin-visit", "cin-review", "lac-review-first", "lac-review-second", "lac-review",
                     "lac-visit-first", "lac-visit", "lac-visit-home-first", "lac-visit-home"), "social-worker"),
    **dict.fromkeys(("taf-review", "eh-assessment", "midway-rescaling", "target-closure", "closure-limit"), "lead-practitioner"),
}  # fmt: skip


def changes_in_words(rows: list[dict]) -> list[str]:
    """What each allocation row (worker, role_code, start_on, end_on, reason) says of a change of
    worker, in words. The reason of a change is kept on the row of the worker who took over, but it
    is why the one before them left the role ('LEFTRL': they left), so it is said on the leaving
    worker's row: 'Worker left the role; Priya Shah took over', and the new row says 'Took over
    from Dee Mensah'. A reason with no one before (a first allocation) stays on its own row."""
    from fscli.domain.codes import WORKER_CHANGE

    said = [""] * len(rows)
    for i, row in enumerate(rows):
        why = WORKER_CHANGE.label(row.get("reason")) or (row.get("reason") or "")
        before = next((j for j, other in enumerate(rows) if j != i and other["role_code"] == row["role_code"] and other["end_on"] is not None
                       and other["end_on"] == row["start_on"] and other["worker"] != row["worker"]), None)  # fmt: skip
        if before is None:
            said[i] = "; ".join(filter(None, [said[i], why]))
            continue
        said[before] = "; ".join(filter(None, [said[before], why, f"{row['worker']} took over"]))
        said[i] = "; ".join(filter(None, [f"Took over from {rows[before]['worker']}", said[i]]))
    return said


def role_code(text: str, field: str = "--role"):
    """The role a worker typed (any case), and its problems."""
    from fscli.domain.problems import Problem

    typed = text.strip().lower()
    if typed not in ROLES:
        return None, [Problem(field, text, "is not a role on a case", f"use one of: {', '.join(ROLES)}")]
    return typed, []


def duty_owner(role: str, holders: dict[str, str], recorder: str | None = None) -> str | None:
    """Whose a duty is: the current holder of its role, else the key worker, else no one. A
    recorded duty (a task, a booking) is its recorder's while they hold a role on the case; one
    whose recorder is gone or unknown is the key worker's, else the lead's (a planned visit keeps
    no recorder)."""
    if role == RECORDER:
        if recorder:
            mine = next((name for name in holders.values() if recorder.casefold() == name.casefold()), None)
            if mine:
                return mine
        return lead(holders)
    return holders.get(role) or holders.get(KEY_WORKER)


def nobody(role: str) -> str:
    """What a duty whose role no one holds says in the worker's column."""
    if role in (RECORDER, KEY_WORKER):
        return "no worker allocated" if role == RECORDER else "no key worker allocated"
    return f"no {ROLE_LABELS[role].split(' (')[0].removeprefix('allocated ')} allocated"


def lead(holders: dict[str, str]) -> str | None:
    """The worker a case is listed under when it has several."""
    return next((holders[r] for r in LEAD_ORDER if r in holders), None)


# The roles that make a visit a statutory one: the role owning the statutory visit clocks by
# default, and the key worker who owns every duty no other role holds.
STATUTORY_VISITORS: tuple[str, ...] = (DUTY_OWNERS["cp-visit"], KEY_WORKER)
# The bound parameters statutory_visit_sql names: whoever runs its SQL passes these.
STATUTORY_VISIT_PARAMS: dict[str, str] = {f"statutory_visitor_{i}": role for i, role in enumerate(STATUTORY_VISITORS)}


def statutory_visit_sql(contact: str) -> str:
    """The SQL condition that a contact (alias `contact`, with case_id, on_date, worker and id) can
    be a statutory visit: it was not made only by workers who held, that day, roles on the case
    that do not make statutory visits. A family support worker seeing the child at her own visit
    does not stop the social worker's CP, CIN or LAC visit clock; a joint visit with the social
    worker does; a contact recorded with no worker named, or by a worker with no role on the case
    that day, counts as before roles."""
    visitors = ", ".join(f":{name}" for name in STATUTORY_VISIT_PARAMS)  # the roles are bound, never spliced in
    held = f"x.start_on <= {contact}.on_date AND (x.end_on IS NULL OR x.end_on >= {contact}.on_date)"
    return (
        f"NOT (EXISTS (SELECT 1 FROM allocation x JOIN worker w ON w.id = x.worker_id WHERE x.case_id = {contact}.case_id AND lower(w.name) = lower({contact}.worker) AND {held}"
        f" AND x.role NOT IN ({visitors}))"
        f" AND NOT EXISTS (SELECT 1 FROM allocation x JOIN worker w ON w.id = x.worker_id WHERE x.case_id = {contact}.case_id AND {held} AND x.role IN ({visitors})"
        f" AND (lower(w.name) = lower({contact}.worker) OR EXISTS (SELECT 1 FROM contact_worker y WHERE y.contact_id = {contact}.id AND y.worker_id = x.worker_id))))"
    )
