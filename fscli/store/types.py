"""Column types that mean the same on SQLite and PostgreSQL.

SQLite STRICT tables accept only INTEGER, REAL, TEXT, BLOB and ANY, so dates are ISO TEXT there
(with a CHECK that the text is a real date) and native DATE / TIMESTAMPTZ on PostgreSQL.
Instants are always timezone-aware UTC; dates are plain calendar dates.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


# On PostgreSQL these are the core DATE and TIMESTAMP types, which the dialect renders as its own:
# importing `sqlalchemy.dialects.postgresql` here would load that dialect on every SQLite write.


class IsoDate(TypeDecorator):
    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.DATE())
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name == "postgresql":
            return value
        if isinstance(value, datetime):
            value = value.date()
        return value.isoformat()

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)


class UtcDateTime(TypeDecorator):
    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware")
        value = value.astimezone(timezone.utc)
        return value if dialect.name == "postgresql" else value.isoformat(timespec="microseconds")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.astimezone(timezone.utc)


def date_check(column: str) -> sa.CheckConstraint:
    """On SQLite, a date column holds a real ISO date or NULL (PostgreSQL's DATE type does this itself)."""
    check = sa.CheckConstraint(f"{column} IS NULL OR date({column}) = {column}", name=f"ck_{column}_is_date")
    return check.ddl_if(dialect="sqlite")  # type: ignore[return-value]
