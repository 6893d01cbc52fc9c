"""Meetings, planned visits, the diary and tasks."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.domain.booking_kinds import BOOKING_OF, CANCELLED_BY, CASELESS_MEETINGS
from fscli.store.tables.base import _date, _fk, _instant, _length, _one_of, _partial, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.contacts  # noqa: F401
import fscli.store.tables.spine  # noqa: F401


class PlannedVisit(SQLModel, table=True):
    """A booking: a visit planned or a meeting booked ahead (domain/booking_kinds.py). A visit is
    fulfilled by the contact logged on or near its date, a meeting by the meeting of its kind, else
    it is missed once passed; unless it was cancelled (who, why) or moved (field_history)."""

    __tablename__ = "planned_visit"
    __table_args__ = (
        date_check("on_date"),
        date_check("cancelled_on"),
        _one_of("booking_of", BOOKING_OF),
        _one_of("cancelled_by", CANCELLED_BY, nullable=True),
        _length("location", 1, 2000),
        _length("invited", 1, 2000),
        _length("note", 1, 20000),
        _length("cancel_reason", 1, 2000),
        sa.CheckConstraint("(cancelled_on IS NULL) = (cancelled_by IS NULL) AND (cancelled_on IS NULL) = (cancel_reason IS NULL)", name="cancelled_by_whom_why"),
        sa.CheckConstraint("case_id IS NOT NULL OR booking_of = 'meeting'", name="visit_has_case"),
        sa.CheckConstraint("fulfilled_by IS NULL OR booking_of = 'visit'", name="visit_held_as_contact"),
        sa.CheckConstraint("held_as IS NULL OR booking_of = 'meeting'", name="meeting_held_as_meeting"),
        # The bookings ahead (reports/due.py case_facts) from the index alone: what a list reads and what
        # tells open from called off (domain/booking_kinds.py listed_sql). Begins with the date, as the one it replaced (0015).
        sa.Index("ix_planned_visit_ahead", "on_date", "case_id", "booking_of", "kind", "at_time", "worker", "cancelled_on", "fulfilled_by", "held_as", "voided_at"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)  # none: supervision, training, a team meeting
    kind: str = _text()  # a contact type for a visit, a meeting type for a meeting
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    fulfilled_by: int | None = _fk("contact.id", nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)
    # Since the worker's calendar (0012); new columns go last: the export's columns keep their order.
    booking_of: str = Field(default="visit", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "visit"})
    location: str | None = _text(nullable=True)
    invited: str | None = _text(nullable=True)  # names as given: people on the case, agencies, workers
    note: str | None = _text(nullable=True)
    worker: str | None = _text(nullable=True)  # whose diary it is in: who booked it
    series_id: int | None = _fk("planned_visit.id", nullable=True, index=False)  # the first booking of a repeating plan
    held_as: int | None = _fk("meeting.id", nullable=True)
    cancelled_on: date | None = _date(nullable=True)
    cancelled_by: str | None = _text(nullable=True)
    cancel_reason: str | None = _text(nullable=True)


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        _length("decisions", 0, 20000),
        _length("location", 1, 2000),
        sa.CheckConstraint(f"case_id IS NOT NULL OR kind IN ({', '.join(repr(k) for k in CASELESS_MEETINGS)})", name="caseless_kinds"),
        sa.Index("uq_meeting_corrected_once", "corrects_id", unique=True),
        sa.Index("ix_meeting_case_kind_on_date", "case_id", "kind", "on_date"),
        sa.Index("ix_meeting_next_on", "next_on"),
        date_check("on_date"),
        date_check("next_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)  # none: supervision, training (meeting_case names the cases discussed)
    kind: str = _text()
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    chair: str | None = _text(nullable=True)
    attendees: str | None = _text(nullable=True)  # names as given: people, agencies, others present
    decisions: str | None = _text(nullable=True)
    next_on: date | None = _date(nullable=True)
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="meeting.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)
    location: str | None = _text(nullable=True)  # new columns go last: the export's columns keep their order


class MeetingWorker(SQLModel, table=True):
    """A worker present at a meeting besides the one who logged it."""

    __tablename__ = "meeting_worker"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)  # the export's key, like every table's
    meeting_id: int = _fk("meeting.id", index=False)  # its unique constraint begins with it
    worker_id: int = _fk("worker.id")


class MeetingCase(SQLModel, table=True):
    """A case discussed at a meeting that belongs to no one family (supervision, a team meeting,
    calls with professionals): the case's chronology shows the meeting, and a supervision that
    discussed it is management oversight of it."""

    __tablename__ = "meeting_case"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "case_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _fk("meeting.id", index=False)  # its unique constraint begins with it
    case_id: int = _fk("cases.id")


class DiaryEntry(SQLModel, table=True):
    """The worker's running record; a case is optional (an office day, supervision)."""

    __tablename__ = "diary"
    __table_args__ = (
        _length("text", 1, 20000),
        sa.Index("uq_diary_corrected_once", "corrects_id", unique=True),
        date_check("on_date"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    text: str = _text()
    tags: str = Field(default="", sa_type=sa.Text, nullable=False)  # ' tag1 tag2 ', lower-case, for LIKE '% tag %'
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="diary.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        _length("text", 1, 2000),
        _partial("ix_task_open", "case_id", "due_on", where="done_on IS NULL"),
        date_check("due_on"),
        date_check("done_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    text: str = _text()
    due_on: date = _date()
    due_time: str | None = _text(nullable=True)
    done_on: date | None = _date(nullable=True)
    worker: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)
