"""Running Alembic's migrations in one checked transaction (reliability.md §5).

Foreign keys off (a batch migration with them on silently deletes child rows, F7); every
revision in one BEGIN IMMEDIATE transaction (a failure leaves the schema as it was, F8); the
derived facts worked out again; then the foreign-key check and a row-count comparison before
COMMIT. Used by `fscli init`/`db upgrade` (store/upgrade.py) and by a restore that brings an
older backup up to date (store/backup.py).
"""

from __future__ import annotations

from pathlib import Path

from fscli.clock import Clock, clock_from_env
from fscli.errors import DataProblem
from fscli.store.db import Database
from fscli.store.schema import TABLES
from fscli.store.seals import Unsealed, sealed_from

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(db: Database, roles=None, *, clock: Clock | None = None, worker: str | None = None) -> None:
    """Bring `db` to the newest schema, or leave it exactly as it was. On PostgreSQL the team
    server's grants, functions and row security (store/server_rules.py) go in the same transaction.

    A caseload from before the seals (revision 0013) gets one audit row, `db.seal`, in the same
    transaction, sealing every record as it stood at the upgrade (store/seals.py); `clock` and
    `worker` say when and by whom."""
    from alembic import command
    from sqlalchemy import inspect, text

    engine = db.engine(write=True, foreign_keys=False)
    with engine.connect() as conn:
        with conn.begin():
            before = _row_counts(conn, TABLES)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if inspect(conn).has_table("alembic_version") else None
            command.upgrade(alembic_config(conn), "head")
            from fscli.store import derived

            derived.refresh(conn, None)  # facts worked out the way this fscli works them out
            if revision is not None and not sealed_from(revision):
                seal_as_they_stand(conn, clock or clock_from_env(), worker, revision)
            if not db.location.is_sqlite:
                from fscli.store import server_rules

                server_rules.apply(conn, roles or server_rules.Roles())
            if db.location.is_sqlite:
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise DataProblem(f"the upgrade would leave {len(broken)} rows pointing at missing records: nothing was changed")
            after = _row_counts(conn, TABLES)
            lost = {t: (n, after.get(t, 0)) for t, n in before.items() if after.get(t, 0) < n}
            if lost:
                table, (was, now) = next(iter(lost.items()))
                raise DataProblem(f"the upgrade would lose rows in {table} ({was} -> {now}): nothing was changed")


def seal_as_they_stand(conn, clock: Clock, worker: str | None, revision: str) -> None:
    """One audit row sealing every record the trail holds no seal for: the records as they stood
    at the upgrade from `revision`, made before fscli sealed what it wrote."""
    from fscli.store.audit import detail_text
    from fscli.store.uow import append_audit

    unsealed = Unsealed(conn)
    if next(iter(unsealed), None) is None:
        return
    append_audit(conn, at=clock.utcnow(), worker=worker, action="db.seal", entity="database", entity_id=None, case_id=None,
                 detail=detail_text(upgraded_from=revision, sealed="records as they stood at the upgrade"), entries=unsealed)  # fmt: skip


def _row_counts(conn, tables: tuple[str, ...]) -> dict[str, int]:
    from sqlalchemy import func, inspect, select, table

    present = set(inspect(conn).get_table_names())
    return {t: conn.execute(select(func.count()).select_from(table(t))).scalar_one() for t in tables if t in present}
