"""A recorded value corrected keeps what it was: one field_history row per field changed, written
in the command's transaction. The audit row names the fields only; the values are here, with the
record (the audit holds no personal data)."""

from __future__ import annotations

from datetime import date

from fscli.store.models import Case, FieldHistory
from fscli.store.uow import UnitOfWork


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def record_change(uow: UnitOfWork, case: Case | None, entity: str, entity_id: int, field: str, old: object, new: object, reason: str) -> None:
    """Keep `field` of `entity` `entity_id` as it was (`old`) before it became `new`, and why."""
    uow.session.add(FieldHistory(case_id=case.id if case else None, entity=entity, entity_id=entity_id, field=field, old_value=_text(old), new_value=_text(new),
                                 reason=reason, recorded_by=uow.worker, recorded_at=uow.clock.utcnow()))  # fmt: skip
