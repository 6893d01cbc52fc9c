"""Derived facts, worked out again before each write commits (store/derived.py)."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, STRICT, _text

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.goals  # noqa: F401
import fscli.store.tables.spine  # noqa: F401
import fscli.store.tables.statutory  # noqa: F401


class CaseDue(SQLModel, table=True):
    """Derived, never typed in (store/derived.py): the facts of a case that `fscli due` reads."""

    __tablename__ = "case_due"
    __table_args__ = (STRICT,)

    case_id: int = Field(foreign_key="cases.id", primary_key=True, ondelete="CASCADE")
    opened_on: date = _date()
    worker_id: int | None = Field(default=None, nullable=True, index=True)  # no foreign key: a fact, checked by db check
    outcome_checked: int = Field(nullable=False)
    decided: int = Field(nullable=False)
    baseline_on: date | None = _date(nullable=True)
    midway_on: date | None = _date(nullable=True)


class PlanSeen(SQLModel, table=True):
    """Derived (store/derived.py): when the child on an open statutory plan was last seen."""

    __tablename__ = "plan_seen"
    __table_args__ = (STRICT,)

    plan_id: int = Field(foreign_key="plan.id", primary_key=True, ondelete="CASCADE")
    seen_on: date | None = _date(nullable=True)


class CaseReview(SQLModel, table=True):
    """Derived (store/derived.py): reviews of each kind held since the open plan began, and the last."""

    __tablename__ = "case_review"
    __table_args__ = (STRICT,)

    case_id: int = Field(foreign_key="cases.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.Text, primary_key=True)
    held: int = Field(nullable=False)
    last_on: date = _date()


class GoalFamily(SQLModel, table=True):
    """Derived (store/derived.py): a goal's family ratings, superseded ones left out, summed up."""

    __tablename__ = "goal_family"
    __table_args__ = (
        sa.Index("ix_goal_family_case", "case_id", "latest_on", "ratings", "first_value", "latest_value"),  # a period's families, from the index alone
        sa.Index("ix_goal_family_latest_on", "latest_on"),  # goals rated again since a past period ended
        STRICT,
    )

    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    case_id: int = Field(nullable=False)  # no foreign key: a fact, checked by db check
    ratings: int = Field(nullable=False)
    first_value: int = Field(nullable=False)
    latest_value: int = Field(nullable=False)
    latest_on: date = _date()


class PlanStep(SQLModel, table=True):
    """Derived (store/derived.py): a plan that began the day another of the child's plans ended."""

    __tablename__ = "plan_step"
    __table_args__ = (sa.Index("ix_plan_step_on_date", "on_date", "from_kind", "to_kind", "case_id"), STRICT)  # a period's steps, from the index alone

    plan_id: int = Field(foreign_key="plan.id", primary_key=True, ondelete="CASCADE")
    from_plan_id: int = Field(primary_key=True)  # no foreign key: a fact, checked by db check
    case_id: int = Field(nullable=False)
    on_date: date = _date()
    from_kind: str = _text()
    to_kind: str = _text()
