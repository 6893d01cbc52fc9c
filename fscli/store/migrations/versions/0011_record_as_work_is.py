"""the record as the work is: roles on a case, episodes, workers present, voiding, corrections kept, family details

Revision ID: 0011_record_as_work_is
Revises: 0010_referral_decided

Replaying the seed stories showed a record thinner than the work (issue "The record as the work
really is"). This revision gives the schema what that needs, all at once so the releases in
workers' hands take one upgrade:

- allocation.role: a case has workers in roles (allocated social worker, family support worker,
  Early Help lead practitioner, other), one current holder per role. Allocations made before
  this release become the key worker, who owns every duty no other role owns: they read as before.
- episode: statutory and Early Help episodes inside a case. Each referral and each reopening of
  an existing case starts one; each closure ends it with the case's closure reason. Its kind is
  early-help when every plan begun in it was an Early Help plan, else statutory (an episode with
  no plan yet is statutory: a referral to children's social care).
- assessment.kind: an Early Help assessment is its own kind; every assessment made before this
  release was recorded as a single assessment, and stays one.
- contact_worker, meeting_worker: the other workers at a joint visit or meeting.
- voided_at/void_reason on contact, meeting, diary, task, goal, goal_score, plan, planned_visit,
  family_detail: an entry made in error leaves every view and clock but is never deleted.
- plan.discharge_applied_on: the application to discharge a care order (reunification).
- family_detail: address, telephone, GP, school, language, interpreter, consent, each from a date.
- field_history: a recorded value corrected keeps what it was, why, who and when. A birth keeps
  the expected date here (person keeps one of due date and date of birth).
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0011_record_as_work_is'
down_revision = '0010_referral_decided'
branch_labels = None
depends_on = None

VOIDABLE = ("contact", "meeting", "diary", "task", "goal", "goal_score", "plan", "planned_visit")
ROLES = "'key-worker', 'social-worker', 'family-support', 'lead-practitioner', 'other'"
DETAILS = "'address', 'phone', 'gp', 'school', 'language', 'interpreter', 'consent'"


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _is_date(column: str) -> list:
    """SQLite keeps dates as ISO text in STRICT tables; PostgreSQL's DATE type checks itself."""
    if not _sqlite():
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR date({column}) = {column}", name=f"ck_{column}_is_date")]


def _add_column(table: str, name: str, type_, *, checks: tuple[tuple[str, str], ...] = (), **kwargs) -> None:
    """On SQLite the checks go in the column, so that its plain ADD COLUMN can carry them (the
    table keeps STRICT and its rows stay put) and its DROP COLUMN can take them away again;
    PostgreSQL adds them to the table after the column."""
    if _sqlite():
        op.add_column(table, sa.Column(name, type_, *[sa.CheckConstraint(condition, name=check) for check, condition in checks], **kwargs))
        return
    op.add_column(table, sa.Column(name, type_, **kwargs))
    for check, condition in checks:
        op.create_check_constraint(check, table, condition)


def upgrade() -> None:
    _add_column("allocation", "role", sa.Text(), checks=(("role_allowed", f"role IN ({ROLES})"),), server_default="key-worker", nullable=False)
    op.drop_index("uq_allocation_one_current", table_name="allocation")
    op.create_index("uq_allocation_one_current", "allocation", ["case_id", "role"], unique=True, sqlite_where=sa.text("end_on IS NULL"), postgresql_where=sa.text("end_on IS NULL"))

    _add_column("assessment", "kind", sa.Text(), checks=(("kind_allowed", "kind IN ('single', 'early-help')"),), server_default="single", nullable=False)
    is_date = (("ck_discharge_applied_on_is_date", "discharge_applied_on IS NULL OR date(discharge_applied_on) = discharge_applied_on"),) if _sqlite() else ()
    _add_column("plan", "discharge_applied_on", fscli.store.types.IsoDate(), checks=is_date, nullable=True)
    for table in VOIDABLE:
        _add_column(table, "voided_at", fscli.store.types.UtcDateTime(), nullable=True)
        _add_column(table, "void_reason", sa.Text(), checks=(("void_reason_length", "length(void_reason) BETWEEN 1 AND 2000"),
                                                             ("void_has_reason", "(voided_at IS NULL) = (void_reason IS NULL)")), nullable=True)

    op.create_table('episode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('start_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('referral_source', sa.Text(), nullable=True),
    sa.Column('end_on', fscli.store.types.IsoDate(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('statutory', 'early-help')", name='kind_allowed'),
    sa.CheckConstraint('end_on IS NULL OR end_on >= start_on', name='episode_ends_after_start'),
    sa.CheckConstraint('(end_on IS NULL) = (end_reason IS NULL)', name='ended_episode_has_reason'),
    *_is_date('start_on'),
    *_is_date('end_on'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_episode_case_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episode')),
    sqlite_strict=True
    )
    op.create_index('ix_episode_case_id', 'episode', ['case_id'], unique=False)
    op.create_index('uq_episode_one_open', 'episode', ['case_id'], unique=True, sqlite_where=sa.text('end_on IS NULL'), postgresql_where=sa.text('end_on IS NULL'))

    for parent in ("contact", "meeting"):
        op.create_table(f'{parent}_worker',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(f'{parent}_id', sa.Integer(), nullable=False),
        sa.Column('worker_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([f'{parent}_id'], [f'{parent}.id'], name=op.f(f'fk_{parent}_worker_{parent}_id'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f(f'fk_{parent}_worker_worker_id'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{parent}_worker')),
        sa.UniqueConstraint(f'{parent}_id', 'worker_id', name=op.f(f'uq_{parent}_worker_{parent}_id_worker_id')),
        sqlite_strict=True
        )
        op.create_index(f'ix_{parent}_worker_worker_id', f'{parent}_worker', ['worker_id'], unique=False)

    op.create_table('family_detail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('from_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('recorded_by', sa.Text(), nullable=True),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('voided_at', fscli.store.types.UtcDateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint(f'field IN ({DETAILS})', name='field_allowed'),
    sa.CheckConstraint('length(value) BETWEEN 0 AND 2000', name='value_length'),
    sa.CheckConstraint('length(void_reason) BETWEEN 1 AND 2000', name='void_reason_length'),
    sa.CheckConstraint('(voided_at IS NULL) = (void_reason IS NULL)', name='void_has_reason'),
    *_is_date('from_on'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_family_detail_case_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_family_detail_person_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_detail')),
    sqlite_strict=True
    )
    op.create_index('ix_family_detail_case_field', 'family_detail', ['case_id', 'field', 'from_on'], unique=False)
    op.create_index('ix_family_detail_person_id', 'family_detail', ['person_id'], unique=False)

    op.create_table('field_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.Text(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.Text(), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Text(), nullable=True),
    sa.Column('recorded_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint('length(entity) BETWEEN 1 AND 50', name='entity_length'),
    sa.CheckConstraint('length(field) BETWEEN 1 AND 50', name='field_length'),
    sa.CheckConstraint('length(old_value) BETWEEN 0 AND 20000', name='old_value_length'),
    sa.CheckConstraint('length(new_value) BETWEEN 0 AND 20000', name='new_value_length'),
    sa.CheckConstraint('length(reason) BETWEEN 1 AND 2000', name='reason_length'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_field_history_case_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_history')),
    sqlite_strict=True
    )
    op.create_index('ix_field_history_case_id', 'field_history', ['case_id'], unique=False)
    op.create_index('ix_field_history_entity', 'field_history', ['entity', 'entity_id'], unique=False)

    _episodes_from_history()


def _episodes_from_history() -> None:
    """One episode per referral and per reopening, ended by the closure that followed it."""
    conn = op.get_bind()
    events = conn.execute(sa.text("SELECT case_id, kind, on_date, reason_code, recorded_at FROM case_event ORDER BY case_id, on_date, id")).fetchall()
    plans = conn.execute(sa.text("SELECT case_id, kind, start_on FROM plan")).fetchall()
    sources = dict(conn.execute(sa.text("SELECT id, referral_source FROM cases")).fetchall())
    by_case: dict[int, list] = {}
    for case_id, kind, start_on in plans:
        by_case.setdefault(case_id, []).append((kind, start_on))
    episodes: list[dict] = []
    current: dict | None = None
    for case_id, kind, on_date, reason_code, recorded_at in events:
        if current is not None and current["case_id"] != case_id:
            current = None
        if kind in ("referred", "reopened"):
            current = {"case_id": case_id, "start_on": on_date, "end_on": None, "end_reason": None, "created_at": recorded_at,
                       "referral_source": sources.get(case_id) if kind == "referred" else None}
            episodes.append(current)
        elif kind == "closed" and current is not None and current["end_on"] is None:
            current["end_on"], current["end_reason"] = on_date, reason_code or "unknown"
    for episode in episodes:
        begun = [k for k, start in by_case.get(episode["case_id"], []) if str(start) >= str(episode["start_on"]) and (episode["end_on"] is None or str(start) <= str(episode["end_on"]))]
        episode["kind"] = "early-help" if begun and all(k == "early-help" for k in begun) else "statutory"
    if episodes:
        conn.execute(sa.text("INSERT INTO episode (case_id, kind, start_on, referral_source, end_on, end_reason, created_at)"
                             " VALUES (:case_id, :kind, :start_on, :referral_source, :end_on, :end_reason, :created_at)"), episodes)


def downgrade() -> None:
    op.drop_index('ix_field_history_entity', table_name='field_history')
    op.drop_index('ix_field_history_case_id', table_name='field_history')
    op.drop_table('field_history')
    op.drop_index('ix_family_detail_person_id', table_name='family_detail')
    op.drop_index('ix_family_detail_case_field', table_name='family_detail')
    op.drop_table('family_detail')
    for parent in ("meeting", "contact"):
        op.drop_index(f'ix_{parent}_worker_worker_id', table_name=f'{parent}_worker')
        op.drop_table(f'{parent}_worker')
    op.drop_index('uq_episode_one_open', table_name='episode')
    op.drop_index('ix_episode_case_id', table_name='episode')
    op.drop_table('episode')

    # Two workers in different roles cannot both stay current once a case has one worker.
    op.execute("UPDATE allocation SET end_on = start_on WHERE end_on IS NULL AND role <> 'key-worker'"
               " AND case_id IN (SELECT case_id FROM allocation WHERE end_on IS NULL GROUP BY case_id HAVING count(*) > 1)")
    op.drop_index("uq_allocation_one_current", table_name="allocation")
    drops = [("allocation", "role"), ("assessment", "kind"), ("plan", "discharge_applied_on")]
    drops += [(table, column) for table in VOIDABLE for column in ("void_reason", "voided_at")]
    for table, column in drops:
        if _sqlite():
            # SQLite's own DROP COLUMN (3.35+): the table keeps STRICT, its rows and its
            # expression indexes, which a batch move-and-copy would lose.
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
    op.create_index("uq_allocation_one_current", "allocation", ["case_id"], unique=True, sqlite_where=sa.text("end_on IS NULL"), postgresql_where=sa.text("end_on IS NULL"))
