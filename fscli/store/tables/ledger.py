"""The audit chain and the rows each command wrote: what every write appends to. The idempotency keys
and counters, which a write uses only now and then (and by SQL of its own), are `keys.py`."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _instant, STRICT, _text


class Audit(SQLModel, table=True):
    """Who did what to which record, when. Append-only (triggers) and hash-chained.

    Holds identifiers and the names of fields changed, never the values: no personal data.
    """

    __tablename__ = "audit"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant()
    os_user: str = _text()
    worker: str | None = _text(nullable=True)
    action: str = _text()
    entity: str = _text()
    entity_id: int | None = Field(default=None, nullable=True)
    case_id: int | None = Field(default=None, nullable=True, index=True)
    detail: str = _text()
    prev_hash: str = _text()
    hash: str = _text()
    # A digest of the records this row's command wrote (audit_row), covered by `hash`; NULL on
    # rows made before 0013, which keep their first hash.
    written: str | None = _text(nullable=True)


class AuditRow(SQLModel, table=True):
    """A record an audited command wrote, with a digest of the values it left (NULL: removed).
    Append-only, as the audit is: `fscli db check` compares each live record with its latest."""

    __tablename__ = "audit_row"
    __table_args__ = (sa.UniqueConstraint("audit_id", "tbl", "row_id"), sa.Index("ix_audit_row_tbl_row_id", "tbl", "row_id", "audit_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit.id", nullable=False, ondelete="RESTRICT")
    tbl: str = _text()
    row_id: int = Field(nullable=False)
    digest: str | None = _text(nullable=True)
