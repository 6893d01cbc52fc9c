"""Agencies and contacts (visits, calls, notes) with who took part."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, _fk, _instant, _length, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.people  # noqa: F401 - and the spine, which it names


class Agency(SQLModel, table=True):
    """An agency or professional involved with the family."""

    __tablename__ = "agency"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "kind", "name"),
        _length("name", 1, 200),
        _length("contact", 0, 2000),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    name: str = _text()
    kind: str = _text()
    contact: str | None = _text(nullable=True)
    created_at: datetime = _instant()


class Contact(SQLModel, table=True):
    """A visit or other contact with the family; a correction is a new row pointing at the old one."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint("duration_min IS NULL OR duration_min BETWEEN 1 AND 1440", name="duration_in_a_day"),
        sa.CheckConstraint("unannounced IN (0, 1) AND pre_referral IN (0, 1)", name="contact_flags"),
        _length("note", 0, 20000),
        sa.Index("uq_contact_corrected_once", "corrects_id", unique=True),
        # What is due asks "when was this family last visited?" of millions of contacts.
        sa.Index("ix_contact_case_on_date", "case_id", "on_date"),
        date_check("on_date"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)  # local wall-clock HH:MM, as the worker wrote it
    duration_min: int | None = Field(default=None, nullable=True)
    unannounced: int = Field(default=0, nullable=False)
    pre_referral: int = Field(default=0, nullable=False)
    location: str | None = _text(nullable=True)
    note: str | None = _text(nullable=True)
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="contact.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class ContactParty(SQLModel, table=True):
    """Who was at a contact: a person (with seen / seen alone / bedroom seen) or an agency."""

    __tablename__ = "contact_party"
    __table_args__ = (
        sa.CheckConstraint("(person_id IS NULL) <> (agency_id IS NULL)", name="person_or_agency"),
        sa.CheckConstraint("seen IN (0, 1) AND seen_alone IN (0, 1) AND bedroom_seen IN (0, 1)", name="party_flags"),
        sa.CheckConstraint("seen_alone = 0 OR seen = 1", name="alone_means_seen"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = _fk("contact.id")
    person_id: int | None = _fk("person.id", nullable=True)
    agency_id: int | None = _fk("agency.id", nullable=True)
    seen: int = Field(default=0, nullable=False)
    seen_alone: int = Field(default=0, nullable=False)
    bedroom_seen: int = Field(default=0, nullable=False)


class ContactWorker(SQLModel, table=True):
    """A worker present at a contact besides the one who logged it: the joint visit."""

    __tablename__ = "contact_worker"
    __table_args__ = (sa.UniqueConstraint("contact_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)  # the export's key, like every table's
    contact_id: int = _fk("contact.id", index=False)  # its unique constraint begins with it
    worker_id: int = _fk("worker.id")
