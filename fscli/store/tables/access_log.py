"""The access log: which views of which cases were produced."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _instant, STRICT, _text


class AccessLog(SQLModel, table=True):
    """Who looked at which cases' records (access_case), when, with which view. Append-only."""

    __tablename__ = "access_log"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant()
    os_user: str = _text()
    worker: str | None = _text(nullable=True)
    view: str = _text()
    detail: str = _text()


class AccessCase(SQLModel, table=True):
    __tablename__ = "access_case"
    __table_args__ = (sa.UniqueConstraint("access_id", "case_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    access_id: int = Field(foreign_key="access_log.id", nullable=False, ondelete="RESTRICT")
    # No foreign key: who looked at a case stays in the log after the case is erased (0014).
    case_id: int = Field(nullable=False, index=True)
