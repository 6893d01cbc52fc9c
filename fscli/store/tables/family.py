"""A family's recorded details and the history of corrected fields."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.domain.family import DETAILS
from fscli.store.tables.base import _date, _fk, _instant, _length, _one_of, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.people  # noqa: F401 - and the spine, which it names


class FamilyDetail(SQLModel, table=True):
    """A family's or a person's detail from a date: address, telephone, GP, school, language,
    interpreter, consent to share. The latest from_on is current; earlier rows are its history
    (the family moved on the Tuesday). An empty value says the detail no longer holds."""

    __tablename__ = "family_detail"
    __table_args__ = (
        _one_of("field", DETAILS),
        _length("value", 0, 2000),
        sa.Index("ix_family_detail_case_field", "case_id", "field", "from_on"),
        date_check("from_on"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # ix_family_detail_case_field begins with it
    person_id: int | None = _fk("person.id", nullable=True)
    field: str = _text()
    value: str = _text()
    from_on: date = _date()
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class FieldHistory(SQLModel, table=True):
    """A recorded value corrected: what it was, what it became, why, who, when. The audit keeps no
    values (no personal data there); this is the record's own history, shown with the record."""

    __tablename__ = "field_history"
    __table_args__ = (
        _length("entity", 1, 50),
        _length("field", 1, 50),
        _length("old_value", 0, 20000),
        _length("new_value", 0, 20000),
        _length("reason", 1, 2000),
        sa.Index("ix_field_history_entity", "entity", "entity_id"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    entity: str = _text()
    entity_id: int = Field(nullable=False)
    field: str = _text()
    old_value: str | None = _text(nullable=True)
    new_value: str | None = _text(nullable=True)
    reason: str = _text()
    recorded_by: str | None = _text(nullable=True)
    recorded_at: datetime = _instant()
