"""Running Alembic's migrations in one checked transaction (reliability.md §5).

Foreign keys off (a batch migration with them on silently deletes child rows, F7); every
revision in one BEGIN IMMEDIATE transaction (a failure leaves the schema as it was, F8); the
derived facts worked out again; then the foreign-key check and a row-count comparison before
COMMIT. Used by `fscli init`/`db upgrade` (store/upgrade.py) and by a restore that brings an
older backup up to date (store/backup.py).
"""

from __future__ import annotations

from pathlib import Path

from fscli.errors import DataProblem
from fscli.store.db import Database
from fscli.store.schema import TABLES

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(db: Database, roles=None) -> None:
    """Bring `db` to the newest schema, or leave it exactly as it was. On PostgreSQL the team
    server's grants, functions and row security (store/server_rules.py) go in the same transaction."""
    from alembic import command
    from sqlalchemy import text

    engine = db.engine(write=True, foreign_keys=False)
    with engine.connect() as conn:
        with conn.begin():
            before = _row_counts(conn, TABLES)
            command.upgrade(alembic_config(conn), "head")
            from fscli.store import derived

            derived.refresh(conn, None)  # facts worked out the way this fscli works them out
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


def _row_counts(conn, tables: tuple[str, ...]) -> dict[str, int]:
    from sqlalchemy import func, inspect, select, table

    present = set(inspect(conn).get_table_names())
    return {t: conn.execute(select(func.count()).select_from(table(t))).scalar_one() for t in tables if t in present}
