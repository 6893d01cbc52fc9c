"""The tables. Every change to them is an Alembic migration in store/migrations/versions.

Constraints repeat the domain rules as a second line of defence: a bug in a service must hit a
CHECK, a foreign key or a unique index rather than store something a worker would trust.

Each table class lives in an area module of `fscli/store/tables/` (the helpers they share in
`fscli/store/tables/base.py`), and this module names them all: `from fscli.store.models import Case`
imports the area that holds `Case` on first use (PEP 562), with the areas its foreign keys name. A
SQLModel class costs some 19M instructions to define (a pydantic model and a declarative mapping),
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
    from fscli.store.tables.journey import Allocation, Assessment, Episode, Plan, PlanCategory, Section47
    from fscli.store.tables.ledger import Audit, AuditRow, Counter, IdempotencyKey
    from fscli.store.tables.meetings import DiaryEntry, Meeting, MeetingCase, MeetingWorker, PlannedVisit, Task
    from fscli.store.tables.protection import Erasure, ProcessingRestriction, SarRequest
    from fscli.store.tables.restrictions import Restriction, RestrictionWorker
    from fscli.store.tables.spine import Case, CaseEvent, CaseTeam, Person, Team, TeamMember, Worker

# Each area's classes, in the order they were declared; a test keeps this equal to the modules.
AREAS: dict[str, tuple[str, ...]] = {
    "spine": ("Worker", "Team", "TeamMember", "CaseTeam", "Case", "CaseEvent", "Person"),
    "journey": ("Allocation", "Episode", "Assessment", "Section47", "Plan", "PlanCategory"),
    "goals": ("Goal", "GoalScore", "OutcomeCheck"),
    "contacts": ("Agency", "Contact", "ContactParty", "ContactWorker"),
    "meetings": ("PlannedVisit", "Meeting", "MeetingWorker", "MeetingCase", "DiaryEntry", "Task"),
    "family": ("FamilyDetail", "FieldHistory"),
    "facts": ("CaseDue", "PlanSeen", "CaseReview", "GoalFamily", "PlanStep"),
    "ledger": ("IdempotencyKey", "Counter", "Audit", "AuditRow"),
    "restrictions": ("Restriction", "RestrictionWorker"),
    "access_log": ("AccessLog", "AccessCase"),
    "protection": ("SarRequest", "ProcessingRestriction", "Erasure"),
}
# Each area's tables by name, for table(name) and the loss and seal checks that name tables.
AREA_TABLES: dict[str, tuple[str, ...]] = {
    "spine": ("worker", "team", "team_member", "case_team", "cases", "case_event", "person"),
    "journey": ("allocation", "episode", "assessment", "s47", "plan", "plan_category"),
    "goals": ("goal", "goal_score", "outcome_check"),
    "contacts": ("agency", "contact", "contact_party", "contact_worker"),
    "meetings": ("planned_visit", "meeting", "meeting_worker", "meeting_case", "diary", "task"),
    "family": ("family_detail", "field_history"),
    "facts": ("case_due", "plan_seen", "case_review", "goal_family", "plan_step"),
    "ledger": ("idempotency_key", "counter", "audit", "audit_row"),
    "restrictions": ("restriction", "restriction_worker"),
    "access_log": ("access_log", "access_case"),
    "protection": ("sar_request", "processing_restriction", "erasure"),
}
_AREA_OF = {name: area for area, names in AREAS.items() for name in names}
_AREA_OF_TABLE = {name: area for area, names in AREA_TABLES.items() for name in names}
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
