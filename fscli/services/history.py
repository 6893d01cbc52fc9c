"""A recorded value put right keeps what it was: the field_history row of each change.

Corrections (a misspelt name, a wrong date of birth, the family's name) and a birth (the expected
date gives way to the date of birth) write one row a field: the old and new value, why, who and
when. The audit row of the same command names the fields only: the audit holds no personal data,
this history does, and is shown with the record (person list, case show, chronology).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from fscli.store.uow import UnitOfWork

if TYPE_CHECKING:
    from fscli.store.models import Case


def as_text(value: object) -> str | None:
    """How a value is kept in the history: dates as ISO, others as written; None stays None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record_change(uow: UnitOfWork, case: Case | None, entity: str, entity_id: int, field: str, old: object, new: object, reason: str) -> None:
    """Keep the value `field` of `entity` #`entity_id` had before this command changed it."""
    from fscli.store.models import FieldHistory  # built by the writes that change a value: a visit logged imports this module, and changes none (issue 27)

    uow.session.add(FieldHistory(case_id=case.id if case else None, entity=entity, entity_id=entity_id, field=field, old_value=as_text(old), new_value=as_text(new),
                                 reason=reason, recorded_by=uow.worker, recorded_at=uow.clock.utcnow()))  # fmt: skip
