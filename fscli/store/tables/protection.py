"""Data protection: subject access requests, restrictions of processing, erasures."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, _fk, _instant, _length, _partial, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.people  # noqa: F401 - and the spine, which it names


class SarRequest(SQLModel, table=True):
    """A subject access request (UK GDPR Art. 15) for a person of a case: received, due one calendar
    month later (the practice profile's subject-access rule), extendable with a reason, answered with
    the SHA-256 of the pack sent. An erased case leaves the dates and clears the person and case."""

    __tablename__ = "sar_request"
    __table_args__ = (
        _length("extension_reason", 1, 2000),
        *_voidable(),
        sa.CheckConstraint("(extended_to IS NULL) = (extension_reason IS NULL)", name="extension_has_reason"),
        sa.CheckConstraint("due_on >= received_on", name="due_after_received"),
        sa.CheckConstraint("extended_to IS NULL OR extended_to > due_on", name="extended_after_due"),
        sa.CheckConstraint("answered_on IS NULL OR answered_on >= received_on", name="answered_after_received"),
        sa.CheckConstraint("(person_id IS NULL) = (case_id IS NULL)", name="person_with_case"),
        date_check("received_on"),
        date_check("due_on"),
        date_check("extended_to"),
        date_check("answered_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    person_id: int | None = _fk("person.id", nullable=True)
    received_on: date = _date()
    due_on: date = _date()
    extended_to: date | None = _date(nullable=True)
    extension_reason: str | None = _text(nullable=True)
    answered_on: date | None = _date(nullable=True)
    pack_sha256: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()  # recorded in error (fscli void SAR2): it leaves due, and stays in the audit
    void_reason: str | None = _text(nullable=True)


class ProcessingRestriction(SQLModel, table=True):
    """A case, or one person of it, under restriction of processing (UK GDPR Art. 18): read by those
    allowed, never changed, exported or counted until lifted. One current per case and person."""

    __tablename__ = "processing_restriction"
    __table_args__ = (
        _length("reason", 1, 2000),
        _length("lifted_reason", 1, 2000),
        sa.CheckConstraint("(lifted_on IS NULL) = (lifted_reason IS NULL)", name="lifted_has_reason"),
        sa.CheckConstraint("lifted_on IS NULL OR lifted_on >= from_on", name="lifted_after_from"),
        date_check("from_on"),
        date_check("lifted_on"),
        _partial("uq_processing_restriction_current", "case_id", sa.text("coalesce(person_id, 0)"), unique=True, where="lifted_on IS NULL"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # uq_processing_restriction_current leads with it
    person_id: int | None = _fk("person.id", nullable=True)
    reason: str = _text()
    from_on: date = _date()
    made_by: str | None = _text(nullable=True)
    made_at: datetime = _instant()
    lifted_on: date | None = _date(nullable=True)
    lifted_reason: str | None = _text(nullable=True)
    lifted_by: str | None = _text(nullable=True)


class Erasure(SQLModel, table=True):
    """The tombstone of an erased case: its reference, when, by whom, on what basis (a retention
    rule's key or an erasure decision), how many rows went. No personal data. Append-only."""

    __tablename__ = "erasure"
    __table_args__ = (
        _length("ref", 1, 30),
        _length("basis", 1, 200),
        sa.CheckConstraint("rows_removed >= 1", name="rows_removed_positive"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = _text(index=True)
    erased_at: datetime = _instant()
    erased_by: str | None = _text(nullable=True)
    basis: str = _text()
    rows_removed: int = Field(nullable=False)
