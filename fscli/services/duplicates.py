"""Refusing a same-day twin of a contact or meeting, or the same open task twice, unless the worker
says --again (domain/duplicates.py)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from fscli.domain import duplicates
from fscli.errors import SameDayEntry
from fscli.store.models import Case, Task
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


def refuse_same_task(uow: UnitOfWork, case: Case, *, text: str, due: date, again: bool) -> None:
    """Raise SameDayEntry when a live open task of this case says the same and is due the same day."""
    if again:
        return
    rows = uow.session.exec(select(Task).where(Task.case_id == case.id, Task.due_on == due, Task.done_on.is_(None), Task.voided_at.is_(None))).all()  # type: ignore[union-attr]
    twins = [f"T{t.id}" for t in rows if duplicates.same_task(t.text, text)]
    if not twins:
        return
    message, question = duplicates.same_task_line(existing=twins, ref=case.ref, family=case.family, due=due)
    raise SameDayEntry(message, hint=duplicates.again_hint("task"), question=question)
