"""the worker's calendar: meetings booked ahead, bookings cancelled or moved, work that is no one family's

Revision ID: 0012_calendar
Revises: 0011_record_as_work_is

Issue "The worker's calendar" makes fscli the calendar of the work, not only its log:

- planned_visit becomes the booking of a visit or a meeting (booking_of): with a place, who is
  invited, a note and whose diary it is in (worker); the meeting that held it (held_as), as the
  contact that fulfilled a visit (fulfilled_by); the first booking of a repeating plan
  (series_id), so that the rest can be cancelled from a date on; and who cancelled it, when and
  why (cancelled_on, cancelled_by, cancel_reason). A booking that is moved keeps its row (its
  calendar UID) and its old date in field_history. A meeting booked for no one family
  (supervision, training) has no case.
- meeting.case_id may be empty: supervision, a team meeting, training, calls with professionals
  belong to no one family; meeting_case names the cases such a meeting discussed, each of whose
  chronologies then shows it. meeting.location: where it was held.

Bookings made before this release are visits. Their worker is the one whose `visit plan` made
them, read from the audit (which holds who did what, never values); their repeats are told by
the instant they were made, to the second.

SQLite cannot make a column nullable, nor add a table constraint, in place: meeting and
planned_visit are rebuilt from their own CREATE statements with case_id's NOT NULL taken out and
this revision's constraints put in, keeping STRICT, every CHECK, every index and the search
triggers; migrations run with foreign keys off (store/migrating.py), and the
upgrade checks them after. A downgrade refuses while any booked meeting or meeting of no case
exists: the older schema has nowhere to keep them, and fscli never drops a record.
"""

import re

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0012_calendar'
down_revision = '0011_record_as_work_is'
branch_labels = None
depends_on = None

CASELESS = "'supervision', 'team-meeting', 'training', 'professionals', 'other'"
CANCELLED_BY = "'family', 'worker', 'agency', 'other'"


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _add_column(table: str, name: str, type_, *args, checks: tuple[tuple[str, str], ...] = (), **kwargs) -> None:
    """As in 0011: on SQLite the checks go in the column, so that plain ADD COLUMN carries them;
    PostgreSQL adds them to the table after the column."""
    if _sqlite():
        op.add_column(table, sa.Column(name, type_, *args, *[sa.CheckConstraint(condition, name=check) for check, condition in checks], **kwargs))
        return
    op.add_column(table, sa.Column(name, type_, *args, **kwargs))
    for check, condition in checks:
        op.create_check_constraint(check, table, condition)


def _is_date(column: str) -> tuple[tuple[str, str], ...]:
    return ((f"ck_{column}_is_date", f"{column} IS NULL OR date({column}) = {column}"),) if _sqlite() else ()


# The table constraints SQLite can only be given by a rebuild: in force on both backends.
CHECKS = {
    "meeting": (("caseless_kinds", f"case_id IS NOT NULL OR kind IN ({CASELESS})"),),
    "planned_visit": (
        ("cancelled_by_whom_why", "(cancelled_on IS NULL) = (cancelled_by IS NULL) AND (cancelled_on IS NULL) = (cancel_reason IS NULL)"),
        ("visit_has_case", "case_id IS NOT NULL OR booking_of = 'meeting'"),
        ("visit_held_as_contact", "fulfilled_by IS NULL OR booking_of = 'visit'"),
        ("meeting_held_as_meeting", "held_as IS NULL OR booking_of = 'meeting'"),
    ),
}
FOREIGN_KEYS = {  # (name, column, the table whose id it names)
    "meeting": (),
    "planned_visit": (("fk_planned_visit_series_id", "series_id", "planned_visit"), ("fk_planned_visit_held_as", "held_as", "meeting")),
}


def _constraint_clauses(table: str) -> str:
    """The constraints as SQLite's rebuilt CREATE statement holds them (fixed text of this revision)."""
    clauses = [f"CONSTRAINT {name} CHECK ({condition})" for name, condition in CHECKS[table]]
    clauses += [f"CONSTRAINT {name} FOREIGN KEY({column}) REFERENCES {target} (id) ON DELETE RESTRICT" for name, column, target in FOREIGN_KEYS[table]]
    return "".join(f",\n\t{clause}" for clause in clauses)


def _sqlite_rebuild(table: str, *, nullable: bool) -> None:
    """SQLite cannot make a column nullable, nor add a table constraint, in place: the table is
    rebuilt from its own CREATE statement (the documented twelve steps, foreign keys being off in
    migrations: store/migrating.py), with case_id's NOT NULL taken out and this revision's
    constraints put in (or, going down, the reverse), keeping STRICT, every other CHECK, every
    index and the search triggers."""
    conn = op.get_bind()
    create = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}).scalar_one()
    others = [r[0] for r in conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE tbl_name = :t AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"), {"t": table})]
    added = _constraint_clauses(table)
    if nullable:
        rebuilt, changed = re.subn(r"(\n\s*case_id INTEGER) NOT NULL,", r"\1,", create, count=1)
        rebuilt, put = re.subn(r"\n\)\s*STRICT\s*$", lambda m: added + "\n)\n STRICT", rebuilt, count=1)
    else:
        rebuilt, changed = re.subn(r"(\n\s*case_id INTEGER),", r"\1 NOT NULL,", create, count=1)
        put = 1 if added in rebuilt else 0
        rebuilt = rebuilt.replace(added, "")
    rebuilt, named = re.subn(rf'^CREATE TABLE "?{table}"? \(', f"CREATE TABLE {table}_rebuilt (", rebuilt, count=1)
    if (changed, put, named) != (1, 1, 1):
        raise RuntimeError(f"{table}: its CREATE statement is not the one this revision knows")
    conn.exec_driver_sql(rebuilt)
    columns = ", ".join(r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table}_rebuilt)"))
    conn.exec_driver_sql(f"INSERT INTO {table}_rebuilt ({columns}) SELECT {columns} FROM {table}")
    conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    for sql in others:
        conn.exec_driver_sql(sql)


def _constraints(table: str, *, nullable: bool) -> None:
    """case_id NULL (going up) or NOT NULL (going down), and this revision's table constraints."""
    if _sqlite():
        _sqlite_rebuild(table, nullable=nullable)
        return
    if not nullable:
        for name, *_ in FOREIGN_KEYS[table]:
            op.drop_constraint(name, table, type_="foreignkey")
        for name, _ in CHECKS[table]:
            op.drop_constraint(name, table, type_="check")
    op.alter_column(table, "case_id", existing_type=sa.Integer(), nullable=nullable)
    if nullable:
        for name, condition in CHECKS[table]:
            op.create_check_constraint(name, table, condition)
        for name, column, target in FOREIGN_KEYS[table]:
            op.create_foreign_key(name, table, target, [column], ["id"], ondelete="RESTRICT")


def upgrade() -> None:
    _add_column("meeting", "location", sa.Text(), checks=(("location_length", "length(location) BETWEEN 1 AND 2000"),), nullable=True)
    _constraints("meeting", nullable=True)

    _add_column("planned_visit", "booking_of", sa.Text(), checks=(("booking_of_allowed", "booking_of IN ('visit', 'meeting')"),), server_default="visit", nullable=False)
    _add_column("planned_visit", "location", sa.Text(), checks=(("location_length", "length(location) BETWEEN 1 AND 2000"),), nullable=True)
    _add_column("planned_visit", "invited", sa.Text(), checks=(("invited_length", "length(invited) BETWEEN 1 AND 2000"),), nullable=True)
    _add_column("planned_visit", "note", sa.Text(), checks=(("note_length", "length(note) BETWEEN 1 AND 20000"),), nullable=True)
    _add_column("planned_visit", "worker", sa.Text(), nullable=True)
    _add_column("planned_visit", "series_id", sa.Integer(), nullable=True)
    _add_column("planned_visit", "held_as", sa.Integer(), nullable=True)
    _add_column("planned_visit", "cancelled_on", fscli.store.types.IsoDate(), checks=_is_date("cancelled_on"), nullable=True)
    _add_column("planned_visit", "cancelled_by", sa.Text(), checks=(("cancelled_by_allowed", f"cancelled_by IS NULL OR cancelled_by IN ({CANCELLED_BY})"),), nullable=True)
    _add_column("planned_visit", "cancel_reason", sa.Text(), checks=(("cancel_reason_length", "length(cancel_reason) BETWEEN 1 AND 2000"),), nullable=True)
    _constraints("planned_visit", nullable=True)
    op.create_index("ix_planned_visit_on_date", "planned_visit", ["on_date"], unique=False)
    op.create_index("ix_planned_visit_held_as", "planned_visit", ["held_as"], unique=False)

    op.create_table('meeting_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_meeting_case_case_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_case_meeting_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_case')),
    sa.UniqueConstraint('meeting_id', 'case_id', name=op.f('uq_meeting_case_meeting_id_case_id')),
    sqlite_strict=True
    )
    op.create_index('ix_meeting_case_case_id', 'meeting_case', ['case_id'], unique=False)

    _bookings_from_history()


def _bookings_from_history() -> None:
    """Each booking's worker from the audit row of the `visit plan` that made it (the first on its
    case at or after its instant); its repeats, the bookings of one case, kind and time made in
    the same second."""
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE planned_visit SET worker = (SELECT a.worker FROM audit a WHERE a.action = 'visit.plan' AND a.case_id = planned_visit.case_id"
        " AND a.at >= planned_visit.created_at ORDER BY a.at, a.id LIMIT 1)"))
    rows = conn.execute(sa.text("SELECT id, case_id, kind, at_time, created_at FROM planned_visit ORDER BY id")).fetchall()
    series: dict[tuple, list[int]] = {}
    for booking_id, case_id, kind, at_time, created_at in rows:
        series.setdefault((case_id, kind, at_time, str(created_at)[:19]), []).append(booking_id)
    updates = [{"first": ids[0], "id": i} for ids in series.values() if len(ids) > 1 for i in ids]
    if updates:
        conn.execute(sa.text("UPDATE planned_visit SET series_id = :first WHERE id = :id"), updates)


def downgrade() -> None:
    conn = op.get_bind()
    kept = conn.execute(sa.text("SELECT (SELECT count(*) FROM meeting WHERE case_id IS NULL) + (SELECT count(*) FROM planned_visit WHERE booking_of = 'meeting')")).scalar_one()
    if kept:
        raise RuntimeError(f"{kept} booked meetings or meetings of no case have no place in the older schema: export them first (fscli export), and keep this release")
    op.drop_index('ix_meeting_case_case_id', table_name='meeting_case')
    op.drop_table('meeting_case')
    op.drop_index("ix_planned_visit_held_as", table_name="planned_visit")
    op.drop_index("ix_planned_visit_on_date", table_name="planned_visit")
    _constraints("planned_visit", nullable=False)
    _constraints("meeting", nullable=False)
    drops = [("planned_visit", c) for c in ("cancel_reason", "cancelled_by", "cancelled_on", "held_as", "series_id", "worker", "note", "invited", "location", "booking_of")]
    for table, column in drops + [("meeting", "location")]:
        op.drop_column(table, column)  # on SQLite its own DROP COLUMN (3.35+): STRICT, rows and indexes stay
