"""The people in a case (children, parents, carers): apart from the spine, so a write that names
no person (opening, closing, allocating a case) does not build the widest table class of all."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, _fk, _instant, _length, _one_of, STRICT, _text
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.spine  # noqa: F401


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "name"),
        _length("name", 1, 200),
        _length("relationship", 0, 200),
        _one_of("role", ("child", "parent", "carer", "other")),
        _one_of("sex", ("M", "F", "U"), nullable=True),
        sa.CheckConstraint("dob IS NULL OR due_on IS NULL", name="born_or_unborn"),
        sa.CheckConstraint("due_on IS NULL OR role = 'child'", name="only_children_unborn"),
        date_check("dob"),
        date_check("due_on"),
        sa.Index("uq_person_child_id", "child_id", unique=True),
        sa.Index("ix_person_child_id_upper", sa.text("upper(child_id)")),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    name: str = _text()
    role: str = _text()
    dob: date | None = _date(nullable=True)
    due_on: date | None = _date(nullable=True)
    sex: str | None = _text(nullable=True)
    relationship: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    child_id: str | None = _text(nullable=True)  # the local child identifier of statutory returns
    ethnicity: str | None = _text(nullable=True)
    disabilities: str | None = _text(nullable=True)  # comma-separated disability codes
    upn: str | None = _text(nullable=True)
    upn_unknown: str | None = _text(nullable=True)
    died_on: date | None = _date(nullable=True)
    in_referral: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": "1"})
