"""Refusing a same-day twin of a contact or meeting unless the worker says --again (domain/duplicates.py)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from fscli.domain import duplicates
from fscli.errors import SameDayEntry
from fscli.store.models import Case
from fscli.store.uow import UnitOfWork


def refuse_same_day(uow: UnitOfWork, model, case: Case, *, kind: str, on: date, what: str, prefix: str, again: bool) -> None:
    """Raise SameDayEntry when a live entry of this case, type and day exists and --again was not given."""
    if again:
        return
    rows = list(uow.session.exec(select(model).where(model.case_id == case.id, model.kind == kind, model.on_date == on)).all())
    corrected = {r.corrects_id for r in rows if r.corrects_id}
    live = [r for r in rows if r.voided_at is None and r.id not in corrected]
    if not live:
        return
    message, question = duplicates.same_day_line(what=what, existing=[f"{prefix}{r.id}" for r in live], ref=case.ref, family=case.family, day=on)
    raise SameDayEntry(message, hint=duplicates.again_hint(what), question=question)
