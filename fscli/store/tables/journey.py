"""Who holds a case (allocations) and its episodes: what opening a case writes beside the case."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.domain.allocation import ROLES
from fscli.domain.episode_kinds import EPISODE_KINDS
from fscli.store.tables.base import _date, _fk, _instant, _one_of, _partial, STRICT, _text
from fscli.store.types import date_check

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.spine  # noqa: F401


class Allocation(SQLModel, table=True):
    """Who worked the case in which role from when to when; at most one current holder per role.

    A case allocated without a role has a key worker, who owns every duty no other role owns
    (domain/allocation.py): the one-worker cases of earlier releases read as before.
    """

    __tablename__ = "allocation"
    __table_args__ = (
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ends_after_start"),
        _one_of("role", ROLES),
        _partial("uq_allocation_one_current", "case_id", "role", unique=True, where="end_on IS NULL"),
        date_check("start_on"),
        date_check("end_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    worker_id: int = _fk("worker.id")
    start_on: date = _date()
    end_on: date | None = _date(nullable=True)
    reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    role: str = Field(default="key-worker", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "key-worker"})


class Episode(SQLModel, table=True):
    """A stretch of one kind of work inside a case, as the census counts it: a statutory episode
    runs from its referral to its closure with a census reason (RC1-RC9); an early help episode
    from its start to its end, with its own clocks. A step down or up ends one and starts the next
    on the same day; a closure ends the open one; a reopening starts one (domain/episodes.py)."""

    __tablename__ = "episode"
    __table_args__ = (
        _one_of("kind", EPISODE_KINDS),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="episode_ends_after_start"),
        sa.CheckConstraint("(end_on IS NULL) = (end_reason IS NULL)", name="ended_episode_has_reason"),
        _partial("uq_episode_one_open", "case_id", unique=True, where="end_on IS NULL"),
        date_check("start_on"),
        date_check("end_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    start_on: date = _date()
    referral_source: str | None = _text(nullable=True)  # a statutory episode's referral source (a step up: 5D)
    end_on: date | None = _date(nullable=True)
    end_reason: str | None = _text(nullable=True)  # RC1-RC9 for a statutory episode; the case closure code otherwise
    created_at: datetime = _instant()
