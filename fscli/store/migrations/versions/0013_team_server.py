"""the team server: logins, teams, restricted cases, the access log and the seals of the records

Revision ID: 0013_team_server
Revises: 0012_calendar

Issue "The team server" found a team's PostgreSQL database that trusted the client for who was
writing, showed every case to every worker, logged no view and could not tell a record rewritten
behind fscli's back. This revision gives the schema what that needs, all at once:

- worker.login: the database login (PostgreSQL's session_user) that is this worker. On a team
  server who writes is read from the login, never from FSCLI_WORKER.
- team, team_member: teams are records fscli manages; a member or a manager of a team sees its
  cases. case_team: the team a case belongs to (a table of its own, so
  that SQLite needs no rebuild of cases).
- restriction, restriction_worker: a restricted case (an allegation against a council employee, a
  worker's own family) is seen only by the workers named and the council's oversight role.
- access_log, access_case: who looked at which cases' records, when, with which view.
- audit.written and audit_row: each audit row names every record its command wrote with a digest
  of the values it left (audit_row), and `written` (a digest of that list) is covered by the
  row's chained hash, so `fscli db check` can name each record rewritten, deleted or inserted
  outside fscli. Rows made before this revision have no `written` and keep their old hash.

audit_row and access_log are append-only, as the audit is (triggers on both backends).
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0013_team_server'
down_revision = '0012_calendar'
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_row", "access_log", "access_case")


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _length(column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) BETWEEN {low} AND {high}", name=f"{column}_length")


def upgrade() -> None:
    op.add_column("worker", sa.Column("login", sa.Text(), nullable=True))
    op.create_index("ix_worker_login", "worker", ["login"], unique=True)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    _length("name", 1, 200),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('name', name=op.f('uq_team_name')),
    sqlite_strict=True
    )
    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint("role IN ('member', 'manager')", name='role_allowed'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_team_member_team_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_team_member_worker_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('team_id', 'worker_id', name=op.f('uq_team_member_team_id_worker_id')),
    sqlite_strict=True
    )
    op.create_index('ix_team_member_worker_id', 'team_member', ['worker_id'], unique=False)
    op.create_table('case_team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_team_case_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_case_team_team_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_team_case_id')),
    sqlite_strict=True
    )
    op.create_index('ix_case_team_team_id', 'case_team', ['team_id'], unique=False)

    op.create_table('restriction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('made_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('made_by', sa.Text(), nullable=True),
    sa.Column('lifted_at', fscli.store.types.UtcDateTime(), nullable=True),
    sa.Column('lifted_reason', sa.Text(), nullable=True),
    _length("reason", 1, 2000),
    sa.CheckConstraint("(lifted_at IS NULL) = (lifted_reason IS NULL)", name='lifted_has_reason'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_restriction_case_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restriction')),
    sqlite_strict=True
    )
    op.create_index('uq_restriction_one_current', 'restriction', ['case_id'], unique=True, sqlite_where=sa.text('lifted_at IS NULL'), postgresql_where=sa.text('lifted_at IS NULL'))
    op.create_table('restriction_worker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('restriction_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['restriction_id'], ['restriction.id'], name=op.f('fk_restriction_worker_restriction_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_restriction_worker_worker_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restriction_worker')),
    sa.UniqueConstraint('restriction_id', 'worker_id', name=op.f('uq_restriction_worker_restriction_id_worker_id')),
    sqlite_strict=True
    )
    op.create_index('ix_restriction_worker_worker_id', 'restriction_worker', ['worker_id'], unique=False)

    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('os_user', sa.Text(), nullable=False),
    sa.Column('worker', sa.Text(), nullable=True),
    sa.Column('view', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log')),
    sqlite_strict=True
    )
    op.create_table('access_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('access_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['access_id'], ['access_log.id'], name=op.f('fk_access_case_access_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_access_case_case_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_case')),
    sa.UniqueConstraint('access_id', 'case_id', name=op.f('uq_access_case_access_id_case_id')),
    sqlite_strict=True
    )
    op.create_index('ix_access_case_case_id', 'access_case', ['case_id'], unique=False)

    op.add_column("audit", sa.Column("written", sa.Text(), nullable=True))
    op.create_table('audit_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('tbl', sa.Text(), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['audit_id'], ['audit.id'], name=op.f('fk_audit_row_audit_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_row')),
    sa.UniqueConstraint('audit_id', 'tbl', 'row_id', name=op.f('uq_audit_row_audit_id_tbl_row_id')),
    sqlite_strict=True
    )
    op.create_index('ix_audit_row_tbl_row_id', 'audit_row', ['tbl', 'row_id', 'audit_id'], unique=False)

    for table in APPEND_ONLY:
        if _sqlite():
            op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
            op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
        else:
            op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def downgrade() -> None:
    conn = op.get_bind()
    kept = conn.execute(sa.text("SELECT (SELECT count(*) FROM team) + (SELECT count(*) FROM restriction) + (SELECT count(*) FROM worker WHERE login IS NOT NULL)")).scalar_one()
    if kept:
        raise RuntimeError(f"{kept} teams, restrictions or logins have no place in the older schema: export them first (fscli export), and keep this release")
    for table in APPEND_ONLY:
        if _sqlite():
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER {table}_no_change ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
    op.drop_index('ix_audit_row_tbl_row_id', table_name='audit_row')
    op.drop_table('audit_row')
    op.drop_column("audit", "written")
    op.drop_index('ix_access_case_case_id', table_name='access_case')
    op.drop_table('access_case')
    op.drop_table('access_log')
    op.drop_index('ix_restriction_worker_worker_id', table_name='restriction_worker')
    op.drop_table('restriction_worker')
    op.drop_index('uq_restriction_one_current', table_name='restriction')
    op.drop_table('restriction')
    op.drop_index('ix_case_team_team_id', table_name='case_team')
    op.drop_table('case_team')
    op.drop_index('ix_team_member_worker_id', table_name='team_member')
    op.drop_table('team_member')
    op.drop_table('team')
    op.drop_index('ix_worker_login', table_name='worker')
    op.drop_column("worker", "login")
