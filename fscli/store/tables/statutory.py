"""The statutory journey of a child: assessments, section 47 enquiries, plans and their categories."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.domain.episode_kinds import ASSESSMENT_KINDS
from fscli.store.tables.base import _date, _fk, _instant, _one_of, _partial, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.people  # noqa: F401 - and the spine, which it names


class Assessment(SQLModel, table=True):
    """A single (child and family) assessment of one child; completed_on is its authorisation."""

    __tablename__ = "assessment"
    __table_args__ = (
        sa.CheckConstraint("completed_on IS NULL OR completed_on >= start_on", name="completed_after_start"),
        sa.CheckConstraint("child_seen IS NULL OR child_seen IN (0, 1)", name="child_seen_flag"),
        _one_of("kind", ASSESSMENT_KINDS),
        _partial("uq_assessment_one_open", "person_id", unique=True, where="completed_on IS NULL"),
        date_check("start_on"),
        date_check("completed_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id")
    start_on: date = _date()
    completed_on: date | None = _date(nullable=True)
    factors: str | None = _text(nullable=True)
    child_seen: int | None = Field(default=None, nullable=True)
    outcome: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    # single: the statutory single assessment (45 working days); early-help: an EHA (JAFF or the
    # local name), with its own local timescale and never counted in the single assessment figures.
    kind: str = Field(default="single", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "single"})


class Section47(SQLModel, table=True):
    """A section 47 enquiry, from the strategy discussion that started it to the ICPC decision."""

    __tablename__ = "s47"
    __table_args__ = (
        sa.CheckConstraint("icpc_on IS NULL OR icpc_on >= start_on", name="icpc_after_start"),
        sa.CheckConstraint("icpc_not_required IN (0, 1)", name="icpc_not_required_flag"),
        sa.CheckConstraint("NOT (icpc_on IS NOT NULL AND icpc_not_required = 1)", name="icpc_once"),
        _partial("uq_s47_one_open", "person_id", unique=True, where="icpc_on IS NULL AND icpc_not_required = 0"),
        date_check("start_on"),
        date_check("icpc_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id")
    start_on: date = _date()
    icpc_on: date | None = _date(nullable=True)
    icpc_not_required: int = Field(default=0, nullable=False)
    created_at: datetime = _instant()


class Plan(SQLModel, table=True):
    """A plan episode for one child: early-help, cin, cp, cla or reunification."""

    __tablename__ = "plan"
    __table_args__ = (
        _one_of("kind", ("early-help", "cin", "cp", "cla", "reunification")),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="plan_ends_after_start"),
        _partial("uq_plan_one_open_kind", "person_id", "kind", unique=True, where="end_on IS NULL"),
        _partial("ix_plan_open", "case_id", "start_on", "kind", "person_id", where="end_on IS NULL"),
        sa.Index("ix_plan_child_kind", "person_id", "kind", "start_on", "end_on", "case_id"),  # a child's plans, a period's children
        _partial("ix_plan_care", "person_id", "start_on", "end_on", where="kind = 'cla'"),  # every care episode, a tenth of the plans
        date_check("start_on"),
        date_check("end_on"),
        date_check("returned_home_on"),
        date_check("order_discharged_on"),
        date_check("discharge_applied_on"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id", index=False)  # ix_plan_child_kind begins with it
    kind: str = _text()
    start_on: date = _date()
    end_on: date | None = _date(nullable=True)
    start_reason: str | None = _text(nullable=True)
    end_reason: str | None = _text(nullable=True)
    returned_home_on: date | None = _date(nullable=True)
    order_discharged_on: date | None = _date(nullable=True)
    created_at: datetime = _instant()
    discharge_applied_on: date | None = _date(nullable=True)  # reunification: the application to discharge the care order
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class PlanCategory(SQLModel, table=True):
    """A CP plan's category of abuse from a date: the first row is the initial, the last the latest."""

    __tablename__ = "plan_category"
    __table_args__ = (_one_of("category", ("NEG", "PHY", "SAB", "EMO", "MUL")), date_check("from_on"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = _fk("plan.id")
    category: str = _text()
    from_on: date = _date()
    created_at: datetime = _instant()
