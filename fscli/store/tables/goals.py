"""Goals, their scores and the outcome checks at closure."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, _fk, _instant, _length, _one_of, STRICT, _text, _void_instant, _voidable
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.people  # noqa: F401 - and the spine, which it names


class Goal(SQLModel, table=True):
    """A family's goal in their own words; its id is the short number workers type."""

    __tablename__ = "goal"
    __table_args__ = (
        _length("text", 1, 2000),
        _one_of("status", ("open", "achieved", "withdrawn")),
        sa.CheckConstraint("scale_min IN (0, 1) AND scale_max = 10", name="scale_allowed"),
        sa.CheckConstraint("(status = 'open') = (closed_on IS NULL)", name="closed_goal_has_date"),
        date_check("closed_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int | None = _fk("person.id", nullable=True)
    text: str = _text()
    area: str | None = _text(nullable=True)
    outcome: str | None = _text(nullable=True)
    scale_min: int = Field(nullable=False)
    scale_max: int = Field(nullable=False)
    status: str = _text()
    closed_on: date | None = _date(nullable=True)
    close_note: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class GoalScore(SQLModel, table=True):
    """One rating of a goal; a correction is a new row that supersedes an earlier one."""

    __tablename__ = "goal_score"
    __table_args__ = (
        sa.CheckConstraint("value BETWEEN 0 AND 10", name="value_on_scale"),
        _one_of("rater_kind", ("family", "worker", "professional")),
        _one_of("phase", ("baseline", "midway", "end", "review")),
        sa.Index("uq_goal_score_superseded_once", "supersedes_id", unique=True),
        sa.Index("ix_goal_score_goal_rater", "goal_id", "rater_kind"),  # "rated by the family?" answered from the index alone
        date_check("scored_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = _fk("goal.id")
    value: int = Field(nullable=False)
    scored_on: date = _date()
    rater_kind: str = _text()
    rater_name: str = _text()
    rater_person_id: int | None = _fk("person.id", nullable=True)
    phase: str = _text()
    note: str | None = _text(nullable=True)
    next_step: str | None = _text(nullable=True)
    supersedes_id: int | None = Field(default=None, foreign_key="goal_score.id", nullable=True, ondelete="RESTRICT")
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class OutcomeCheck(SQLModel, table=True):
    """The six-month check after a closure: did the change hold? It ends the check's clock."""

    __tablename__ = "outcome_check"
    __table_args__ = (_one_of("sustained", ("yes", "no", "unknown")), _length("note", 0, 20000), date_check("on_date"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    on_date: date = _date()
    sustained: str = _text()
    note: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()
