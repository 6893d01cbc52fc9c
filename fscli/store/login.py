"""Who the session's login is on a team's PostgreSQL server: its worker row, and whether it
looks after the database (owner or superuser). domain/acting.py says what follows from it."""

from __future__ import annotations

from dataclasses import dataclass

WHO = (
    "SELECT session_user AS login, (SELECT name FROM worker WHERE login = session_user) AS worker,"
    " coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)"
    " OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user) AS maintainer"
)


@dataclass(frozen=True)
class Login:
    login: str
    worker: str | None
    maintainer: bool


def who(reader) -> Login:
    row = reader.one(WHO)
    assert row is not None
    return Login(row["login"], row["worker"], bool(row["maintainer"]))


def seen_by_rows(conn) -> bool:
    """Whether this session sees only the cases row security shows it: a login on a team's
    server that does not look after the database. `conn` is a SQLAlchemy connection."""
    if conn.dialect.name != "postgresql":
        return False
    return not conn.exec_driver_sql(WHO).mappings().one()["maintainer"]
