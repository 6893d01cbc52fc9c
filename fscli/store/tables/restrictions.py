"""Restricted cases and the workers who may see them."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _fk, _instant, _length, _partial, STRICT, _text
from fscli.store.types import UtcDateTime

# The tables this area's foreign keys name: SQLAlchemy resolves them at flush, join and DDL time.
import fscli.store.tables.spine  # noqa: F401


class Restriction(SQLModel, table=True):
    """A case seen only by the workers named (restriction_worker) and the council's oversight role."""

    __tablename__ = "restriction"
    __table_args__ = (
        _length("reason", 1, 2000),
        sa.CheckConstraint("(lifted_at IS NULL) = (lifted_reason IS NULL)", name="lifted_has_reason"),
        _partial("uq_restriction_one_current", "case_id", unique=True, where="lifted_at IS NULL"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # uq_restriction_one_current
    reason: str = _text()
    made_at: datetime = _instant()
    made_by: str | None = _text(nullable=True)
    lifted_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    lifted_reason: str | None = _text(nullable=True)


class RestrictionWorker(SQLModel, table=True):
    __tablename__ = "restriction_worker"
    __table_args__ = (sa.UniqueConstraint("restriction_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    restriction_id: int = _fk("restriction.id", index=False)
    worker_id: int = _fk("worker.id")
