"""idempotency: keys that make a scripted write safe to retry

Revision ID: 0006_idempotency
Revises: 0005_due
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0006_idempotency'
down_revision = '0005_due'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_key',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('command', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('created_at', fscli.store.types.UtcDateTime(), nullable=False),
    sa.CheckConstraint('length(key) BETWEEN 1 AND 200', name='key_length'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_idempotency_key')),
    sqlite_strict=True
    )


def downgrade() -> None:
    op.drop_table('idempotency_key')
