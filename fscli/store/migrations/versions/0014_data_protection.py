"""the data protection officer's tools: subject access requests, restriction of processing, erasure

Revision ID: 0014_data_protection
Revises: 0013_team_server

Issue "The data protection officer's tools" found nothing that served the officer PRODUCT.md
names. This revision gives the schema what that needs, all at once:

- sar_request: a subject access request for a person (UK GDPR Art. 15): received, due (one
  calendar month, extendable with a reason), answered, with the SHA-256 of the pack sent. When
  the case is erased the request's dates stay and its person and case are cleared. A request
  recorded in error is voided (`fscli void SAR2`), never deleted.
- processing_restriction: a case, or one person of it, under restriction of processing (Art. 18):
  read by those allowed, never changed, exported or counted until it is lifted; the reason and
  the dates are kept. One current restriction per case and person.
- erasure: the tombstone of an erased case (its reference, when, by whom, on what basis, how
  many rows went), holding no personal data. Append-only, as the audit is.
- access_case loses its foreign key to cases: who looked at a case stays in the access log after
  the case is erased (a case number, no personal data), and the log is append-only.
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0014_data_protection'
down_revision = '0013_team_server'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _length(column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) BETWEEN {low} AND {high}", name=f"{column}_length")


def _is_date(column: str) -> list:
    """SQLite keeps dates as ISO text in STRICT tables; PostgreSQL's DATE type checks itself."""
    if not _sqlite():
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR date({column}) = {column}", name=f"ck_{column}_is_date")]


def _append_only(table: str) -> None:
    if _sqlite():
        op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    else:
        op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def _drop_append_only(table: str) -> None:
    if _sqlite():
        op.execute(f"DROP TRIGGER {table}_no_update")
        op.execute(f"DROP TRIGGER {table}_no_delete")
    else:
        op.execute(f"DROP TRIGGER {table}_no_change ON {table}")
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")


def _access_case(with_case_key: bool) -> None:
    """Remake access_case with or without its foreign key to cases. SQLite cannot drop a foreign
    key, so the table is copied: DROP TABLE fires no trigger, so the append-only rows move intact."""
    if not _sqlite():
        if with_case_key:
            op.create_foreign_key(op.f('fk_access_case_case_id'), 'access_case', 'cases', ['case_id'], ['id'], ondelete='RESTRICT')
        else:
            op.drop_constraint('fk_access_case_case_id', 'access_case', type_='foreignkey')
        return
    _drop_append_only("access_case")
    case_key = ", CONSTRAINT fk_access_case_case_id FOREIGN KEY(case_id) REFERENCES cases (id) ON DELETE RESTRICT" if with_case_key else ""
    op.execute(
        "CREATE TABLE access_case_new (id INTEGER NOT NULL, access_id INTEGER NOT NULL, case_id INTEGER NOT NULL,"
        " CONSTRAINT pk_access_case PRIMARY KEY (id),"
        " CONSTRAINT uq_access_case_access_id_case_id UNIQUE (access_id, case_id),"
        " CONSTRAINT fk_access_case_access_id FOREIGN KEY(access_id) REFERENCES access_log (id) ON DELETE RESTRICT"
        f"{case_key}) STRICT"
    )
    op.execute("INSERT INTO access_case_new (id, access_id, case_id) SELECT id, access_id, case_id FROM access_case")
    op.execute("DROP TABLE access_case")
    op.execute("ALTER TABLE access_case_new RENAME TO access_case")
    op.execute("CREATE INDEX ix_access_case_case_id ON access_case (case_id)")
    _append_only("access_case")


def upgrade() -> None:
    op.create_table('sar_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('received_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('due_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('extended_to', fscli.store.types.IsoDate(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('answered_on', fscli.store.types.IsoDate(), nullable=True),
    sa.Column('pack_sha256', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Text(), nullable=True),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('voided_at', fscli.store.types.UtcDateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    _length("extension_reason", 1, 2000),
    _length("void_reason", 1, 2000),
    sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name='void_has_reason'),
    sa.CheckConstraint("(extended_to IS NULL) = (extension_reason IS NULL)", name='extension_has_reason'),
    sa.CheckConstraint("due_on >= received_on", name='due_after_received'),
    sa.CheckConstraint("extended_to IS NULL OR extended_to > due_on", name='extended_after_due'),
    sa.CheckConstraint("answered_on IS NULL OR answered_on >= received_on", name='answered_after_received'),
    sa.CheckConstraint("(person_id IS NULL) = (case_id IS NULL)", name='person_with_case'),
    *_is_date("received_on"),
    *_is_date("due_on"),
    *_is_date("extended_to"),
    *_is_date("answered_on"),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sar_request_case_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sar_request_person_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sar_request')),
    sqlite_strict=True
    )
    op.create_index('ix_sar_request_case_id', 'sar_request', ['case_id'], unique=False)
    op.create_index('ix_sar_request_person_id', 'sar_request', ['person_id'], unique=False)

    op.create_table('processing_restriction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('from_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('made_by', sa.Text(), nullable=True),
    sa.Column('made_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('lifted_on', fscli.store.types.IsoDate(), nullable=True),
    sa.Column('lifted_reason', sa.Text(), nullable=True),
    sa.Column('lifted_by', sa.Text(), nullable=True),
    _length("reason", 1, 2000),
    _length("lifted_reason", 1, 2000),
    sa.CheckConstraint("(lifted_on IS NULL) = (lifted_reason IS NULL)", name='lifted_has_reason'),
    sa.CheckConstraint("lifted_on IS NULL OR lifted_on >= from_on", name='lifted_after_from'),
    *_is_date("from_on"),
    *_is_date("lifted_on"),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_processing_restriction_case_id'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_processing_restriction_person_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processing_restriction')),
    sqlite_strict=True
    )
    op.create_index('ix_processing_restriction_person_id', 'processing_restriction', ['person_id'], unique=False)
    op.create_index('uq_processing_restriction_current', 'processing_restriction', ['case_id', sa.text('coalesce(person_id, 0)')], unique=True,
                    sqlite_where=sa.text('lifted_on IS NULL'), postgresql_where=sa.text('lifted_on IS NULL'))

    op.create_table('erasure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('erased_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.Column('erased_by', sa.Text(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('rows_removed', sa.Integer(), nullable=False),
    _length("ref", 1, 30),
    _length("basis", 1, 200),
    sa.CheckConstraint("rows_removed >= 1", name='rows_removed_positive'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure')),
    sqlite_strict=True
    )
    op.create_index('ix_erasure_ref', 'erasure', ['ref'], unique=False)
    _append_only("erasure")
    _access_case(with_case_key=False)


def downgrade() -> None:
    conn = op.get_bind()
    kept = conn.execute(sa.text("SELECT (SELECT count(*) FROM sar_request) + (SELECT count(*) FROM processing_restriction) + (SELECT count(*) FROM erasure)")).scalar_one()
    if kept:
        raise RuntimeError(f"{kept} subject access requests, restrictions of processing or erasures have no place in the older schema: export them first (fscli export), and keep this release")
    _access_case(with_case_key=True)
    _drop_append_only("erasure")
    op.drop_index('ix_erasure_ref', table_name='erasure')
    op.drop_table('erasure')
    op.drop_index('uq_processing_restriction_current', table_name='processing_restriction')
    op.drop_index('ix_processing_restriction_person_id', table_name='processing_restriction')
    op.drop_table('processing_restriction')
    op.drop_index('ix_sar_request_person_id', table_name='sar_request')
    op.drop_index('ix_sar_request_case_id', table_name='sar_request')
    op.drop_table('sar_request')
