"""What each exported row IS, apart from its id: how a merge (`fscli import --skip-existing`)
knows a record is already in the caseload. Ids are only numbers local to one caseload: case 1 in a
worker's caseload and case 1 in the team's are two families (issue 22 §3).

Foreign keys in a key are compared after they are translated to this caseload's ids, so a row's
identity includes its parent's: a visit is the same visit only on the same family's case. An
instant the row was made (created_at, recorded_at) is in the key of every record a worker makes
many of, so two visits on the same day are never taken for one; the import keeps those instants,
so a record copied from caseload to caseload keeps its identity. A test holds this list to the
exported tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    # Each key is a set of columns that says which record a row is; the database is searched by the
    # first column of each key (an index leads with it: a test says so), a row's parent where it has
    # one, so a merge reads only the rows of the families it shares. A row is the record already
    # there when any key matches (a later key only when none of its columns is empty).
    keys: tuple[tuple[str, ...], ...]
    # Columns the two caseloads must agree on when both recorded them: otherwise the same record is
    # two different things (a case reference for two families) and the merge is refused.
    agree: tuple[str, ...] = ()
    # Columns unique across the caseload: a new row whose value names another record is refused.
    unique: tuple[str, ...] = ()


def _made(*columns: str) -> Identity:
    return Identity((columns,))


IDENTITY: dict[str, Identity] = {
    "worker": Identity((("name",),), unique=("login",)),
    "team": Identity((("name",),)),
    "team_member": _made("team_id", "worker_id"),
    "case_team": _made("case_id"),
    "restriction": _made("case_id", "made_at"),
    "restriction_worker": _made("restriction_id", "worker_id"),
    "cases": Identity((("ref",),), agree=("family", "referred_on")),
    "case_event": _made("case_id", "recorded_at", "kind", "on_date"),
    # A person by family and name, or (a name put right in one caseload) by family and child id.
    "person": Identity((("case_id", "name"), ("case_id", "child_id")), agree=("dob", "child_id"), unique=("child_id",)),
    "agency": _made("case_id", "kind", "name"),
    "allocation": _made("case_id", "worker_id", "role", "start_on"),
    "episode": _made("case_id", "kind", "start_on"),
    "assessment": _made("case_id", "person_id", "kind", "start_on"),
    "s47": _made("case_id", "person_id", "start_on"),
    "plan": _made("case_id", "person_id", "kind", "start_on"),
    "plan_category": _made("plan_id", "category", "from_on"),
    "goal": _made("case_id", "created_at", "text"),
    "goal_score": _made("goal_id", "created_at", "rater_kind", "rater_name", "scored_on", "phase"),
    "contact": _made("case_id", "created_at", "kind", "on_date", "at_time", "worker"),
    "contact_party": _made("contact_id", "person_id", "agency_id"),
    "contact_worker": _made("contact_id", "worker_id"),
    "meeting": _made("case_id", "created_at", "kind", "on_date", "at_time", "worker"),
    "meeting_worker": _made("meeting_id", "worker_id"),
    "meeting_case": _made("meeting_id", "case_id"),
    # A booking moved to another day is the same booking (`move` changes its date in place).
    "planned_visit": _made("case_id", "created_at", "booking_of", "kind", "worker"),
    "diary": _made("case_id", "created_at", "on_date", "worker"),
    "task": _made("case_id", "created_at", "text"),
    "outcome_check": _made("case_id", "created_at", "on_date"),
    "family_detail": _made("case_id", "created_at", "person_id", "field", "from_on"),
    "field_history": _made("case_id", "recorded_at", "entity", "entity_id", "field"),
    # A request by its subject and the day it came; a restriction of processing by when it was made;
    # an erasure's tombstone by the reference it erased and when.
    "sar_request": _made("case_id", "person_id", "received_on"),
    "processing_restriction": _made("case_id", "made_at"),
    "erasure": _made("ref", "erased_at"),
    "idempotency_key": _made("key"),
    "counter": _made("name"),  # a sequence: the import keeps the higher value
    "audit": _made("id", "hash"),  # its place in the chain, and its hash, which covers the row and the chain before it
    "audit_row": _made("audit_id", "tbl", "row_id"),  # a record its audit row wrote: the audit row's `written` covers it
    "access_log": _made("id", "at"),  # as the audit: a caseload's log, kept whole
    "access_case": _made("access_id", "case_id"),
}

# field_history names the record it corrects by entity and id, not by a foreign key.
ENTITY_TABLE = {"case": "cases"}


def entity_table(entity: str) -> str:
    """The table of a field_history entity: 'case' is a row of cases, others are named as their table."""
    return ENTITY_TABLE.get(entity, entity)
