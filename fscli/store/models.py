"""The tables. Every change to them is an Alembic migration in store/migrations/versions.

Constraints repeat the domain rules as a second line of defence: a bug in a service must hit a
CHECK, a foreign key or a unique index rather than store something a worker would trust.

Each table class lives in an area module of `fscli/store/tables/` (the helpers they share in
`fscli/store/tables/base.py`), and this module names them all: `from fscli.store.models import Case`
imports the area that holds `Case` on first use (PEP 562), with the areas its foreign keys name. A
SQLModel class costs some 15M instructions to define (a pydantic model and a declarative mapping),
so a write builds only the tables it touches, not all of them (issue 27). Anything that walks every
table (migrations, exports, checks, erasure) calls `load_all()`; one table by name is `table(name)`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlalchemy as sa

    from fscli.store.tables.access_log import AccessCase, AccessLog
    from fscli.store.tables.contacts import Agency, Contact, ContactParty, ContactWorker
    from fscli.store.tables.facts import CaseDue, CaseReview, GoalFamily, PlanSeen, PlanStep
    from fscli.store.tables.family import FamilyDetail, FieldHistory
    from fscli.store.tables.goals import Goal, GoalScore, OutcomeCheck
    from fscli.store.tables.journey import Allocation, Episode
    from fscli.store.tables.keys import Counter, IdempotencyKey
    from fscli.store.tables.ledger import Audit, AuditRow
    from fscli.store.tables.meetings import DiaryEntry, Meeting, MeetingCase, MeetingWorker, PlannedVisit, Task
    from fscli.store.tables.protection import Erasure, ProcessingRestriction, SarRequest
    from fscli.store.tables.restrictions import Restriction, RestrictionWorker
    from fscli.store.tables.statutory import Assessment, Plan, PlanCategory, Section47
    from fscli.store.tables.people import Person
    from fscli.store.tables.spine import Case, CaseEvent, CaseTeam, Team, TeamMember, Worker

# Each area's classes with their tables, in the order they are declared; a test keeps this equal to
# the modules. table(name) and the checks that name tables find a table's area here.
AREAS: dict[str, dict[str, str]] = {
    "spine": {"Worker": "worker", "Team": "team", "TeamMember": "team_member", "CaseTeam": "case_team", "Case": "cases", "CaseEvent": "case_event"},
    "people": {"Person": "person"},
    "journey": {"Allocation": "allocation", "Episode": "episode"},
    "statutory": {"Assessment": "assessment", "Section47": "s47", "Plan": "plan", "PlanCategory": "plan_category"},
    "goals": {"Goal": "goal", "GoalScore": "goal_score", "OutcomeCheck": "outcome_check"},
    "contacts": {"Agency": "agency", "Contact": "contact", "ContactParty": "contact_party", "ContactWorker": "contact_worker"},
    "meetings": {"PlannedVisit": "planned_visit", "Meeting": "meeting", "MeetingWorker": "meeting_worker", "MeetingCase": "meeting_case", "DiaryEntry": "diary", "Task": "task"},
    "family": {"FamilyDetail": "family_detail", "FieldHistory": "field_history"},
    "facts": {"CaseDue": "case_due", "PlanSeen": "plan_seen", "CaseReview": "case_review", "GoalFamily": "goal_family", "PlanStep": "plan_step"},
    "ledger": {"Audit": "audit", "AuditRow": "audit_row"},
    "keys": {"IdempotencyKey": "idempotency_key", "Counter": "counter"},
    "restrictions": {"Restriction": "restriction", "RestrictionWorker": "restriction_worker"},
    "access_log": {"AccessLog": "access_log", "AccessCase": "access_case"},
    "protection": {"SarRequest": "sar_request", "ProcessingRestriction": "processing_restriction", "Erasure": "erasure"},
}
_AREA_OF = {name: area for area, classes in AREAS.items() for name in classes}
_AREA_OF_TABLE = {table: area for area, classes in AREAS.items() for table in classes.values()}
__all__ = sorted(_AREA_OF)


def _area(area: str):
    return importlib.import_module(f"fscli.store.tables.{area}")


def __getattr__(name: str) -> Any:
    area = _AREA_OF.get(name)
    if area is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_area(area), name)
    globals()[name] = value
    return value


def table(name: str) -> sa.Table:
    """The table called `name`, its area (and those its keys name) imported if not yet."""
    _area(_AREA_OF_TABLE[name])
    from sqlmodel import SQLModel

    return SQLModel.metadata.tables[name]


def load_all(dialect: str | None = None) -> sa.MetaData:
    """Every table, for what walks them all. On PostgreSQL (`dialect="postgresql"`) the partial
    indexes get their server condition too, which imports that dialect."""
    from sqlmodel import SQLModel

    for area in AREAS:
        _area(area)
    if dialect == "postgresql":
        from fscli.store.tables.base import server_indexes

        server_indexes(SQLModel.metadata)
    return SQLModel.metadata
