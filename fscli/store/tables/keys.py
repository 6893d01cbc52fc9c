"""The keys scripts give writes (--idempotency-key) and the counters (the next FS- number): apart
from the audit chain, since a write without a key builds neither class (a counter is advanced by
SQL of its own, `UnitOfWork.next_number`)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.tables.base import _instant, _length, STRICT, _text


class IdempotencyKey(SQLModel, table=True):
    """A key a script gave a write (--idempotency-key): the retry of a killed write finds it and stops."""

    __tablename__ = "idempotency_key"
    __table_args__ = (_length("key", 1, 200), STRICT)

    key: str = Field(sa_type=sa.Text, primary_key=True)
    command: str = _text()
    action: str = _text()
    label: str | None = _text(nullable=True)
    created_at: datetime = _instant()


class Counter(SQLModel, table=True):
    """Sequences such as the next FS- case number, advanced inside the writing transaction."""

    __tablename__ = "counter"
    __table_args__ = (STRICT,)

    name: str = Field(sa_type=sa.Text, primary_key=True)
    value: int = Field(nullable=False)
