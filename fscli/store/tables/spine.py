"""Workers, teams, cases and their events: what every other area's keys name. The people in a case
are `people.py`, built by the writes and areas that name a person, not by every write of a case."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _date, _fk, _instant, _length, _one_of, STRICT, TEAM_ROLES, _text
from fscli.store.types import date_check


class Worker(SQLModel, table=True):
    __tablename__ = "worker"
    __table_args__ = (_length("name", 1, 200), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = _text(unique=True)
    created_at: datetime = _instant()
    # The database login that is this worker on a team server (PostgreSQL's session_user): who
    # writes and who sees are read from the login there, never from FSCLI_WORKER.
    login: str | None = Field(default=None, sa_type=sa.Text, nullable=True, unique=True, index=True)


class Team(SQLModel, table=True):
    """A team of workers (a locality team, a pod, a duty rota): its members and managers see its cases."""

    __tablename__ = "team"
    __table_args__ = (_length("name", 1, 200), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = _text(unique=True)
    created_at: datetime = _instant()


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (sa.UniqueConstraint("team_id", "worker_id"), _one_of("role", TEAM_ROLES), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = _fk("team.id", index=False)  # uq_team_member_team_id_worker_id begins with it
    worker_id: int = _fk("worker.id")
    role: str = _text()
    created_at: datetime = _instant()


class CaseTeam(SQLModel, table=True):
    """The team whose case it is: its members and managers see it on a team server."""

    __tablename__ = "case_team"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True, nullable=False, ondelete="RESTRICT")
    team_id: int = _fk("team.id")


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        _length("ref", 1, 30),
        _length("family", 1, 200),
        _length("reason", 1, 2000),
        _one_of("status", ("open", "closed")),
        sa.CheckConstraint(
            "(status = 'open' AND closed_on IS NULL AND closure_reason IS NULL)"
            " OR (status = 'closed' AND closed_on IS NOT NULL AND closure_reason IS NOT NULL)",
            name="closed_has_date_and_reason",
        ),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= referred_on", name="closed_after_referral"),
        sa.Index("ix_cases_ref_upper", sa.text("upper(ref)")),  # a reference typed in any case, found on an index
        date_check("referred_on"),
        date_check("closed_on"),
        date_check("referral_decided_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = _text(unique=True)
    family: str = _text()
    referred_on: date = _date()
    referral_source: str = _text()
    reason: str = _text()
    status: str = _text(index=True)
    closed_on: date | None = _date(nullable=True)
    closure_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    primary_need: str | None = _text(nullable=True)
    referral_nfa: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})
    # The day the referral was decided (no further action, or further action), so the decision's
    # clock stops; referral_nfa alone cannot tell "further action" from "not decided yet".
    referral_decided_on: date | None = _date(nullable=True)


class CaseEvent(SQLModel, table=True):
    """The case's own history: referral, each closure and each reopening; never rewritten."""

    __tablename__ = "case_event"
    __table_args__ = (
        _one_of("kind", ("referred", "closed", "reopened")),
        _length("reason_text", 0, 2000),
        _length("summary", 0, 20000),
        _length("sustain", 0, 20000),
        date_check("on_date"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    on_date: date = _date()
    reason_code: str | None = _text(nullable=True)
    reason_text: str | None = _text(nullable=True)
    summary: str | None = _text(nullable=True)
    sustain: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    recorded_at: datetime = _instant()
