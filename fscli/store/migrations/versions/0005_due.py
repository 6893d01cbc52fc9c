"""due: the sustained-outcome check, and indexes for what is due at council scale

Revision ID: 0005_due
Revises: 0004_contacts
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0005_due'
down_revision = '0004_contacts'
branch_labels = None
depends_on = None


def _is_date(column: str) -> list:
    """SQLite keeps dates as ISO text in STRICT tables; PostgreSQL's DATE type checks itself."""
    if op.get_context().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR date({column}) = {column}", name=f"ck_{column}_is_date")]


def upgrade() -> None:
    op.create_table('outcome_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('on_date', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('sustained', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Text(), nullable=True),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint("sustained IN ('yes', 'no', 'unknown')", name='sustained_allowed'),
    sa.CheckConstraint('length(note) BETWEEN 0 AND 20000', name='note_length'),
    *_is_date('on_date'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outcome_check_case_id'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_check')),
    sqlite_strict=True
    )
    op.create_index(op.f('ix_outcome_check_case_id'), 'outcome_check', ['case_id'])
    # "When was this family last visited, last reviewed?" over millions of rows (issue 8: 1.2 s
    # without the index, 40 ms with it, for the whole council).
    op.create_index('ix_contact_case_on_date', 'contact', ['case_id', 'on_date'])
    op.create_index('ix_meeting_case_kind_on_date', 'meeting', ['case_id', 'kind', 'on_date'])


def downgrade() -> None:
    op.drop_index('ix_meeting_case_kind_on_date', table_name='meeting')
    op.drop_index('ix_contact_case_on_date', table_name='contact')
    op.drop_index(op.f('ix_outcome_check_case_id'), table_name='outcome_check')
    op.drop_table('outcome_check')
