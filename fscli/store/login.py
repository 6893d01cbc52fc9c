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


# A login that reads none of fscli's tables, on a database that has them: the tables are there
# (pg_class names them to every login) but were granted to a role it is not a member of. The role
# named is the one granted INSERT on cases (the everyday role: store/server_rules.py), or none.
NOT_A_MEMBER = (
    "SELECT session_user, quote_ident(session_user), (SELECT a.grantee::regrole::text FROM pg_class c, aclexplode(c.relacl) a"
    "  WHERE c.oid = to_regclass('cases') AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner ORDER BY 1 LIMIT 1)"
    " FROM pg_class v WHERE v.oid = to_regclass('alembic_version') AND NOT has_table_privilege(v.oid, 'SELECT')"
)


def refuse_non_member(reader) -> None:
    """On a server whose fscli tables this login may not read: say so, with the GRANT to run,
    rather than 'no fscli records in it; run fscli init' (which fails for that login)."""
    from fscli.errors import DatabaseRefused

    found = reader.tuples(NOT_A_MEMBER)
    if not found:
        return
    login, quoted_login, role = found[0]
    if role is None:  # the tables were never granted: fscli init or db upgrade does that
        raise DatabaseRefused(f"login {login} may read none of fscli's tables: they are granted to no role yet", hint="the database's owner runs 'fscli db upgrade'")
    raise DatabaseRefused(f"login {login} is not a member of {role}, the role fscli's records are granted to, so it reads none of them", hint=f"as the DBA run: GRANT {role} TO {quoted_login};")
