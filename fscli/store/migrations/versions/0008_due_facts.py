"""due facts: what `fscli due` needs of each case, derived from the records and kept beside them

Revision ID: 0008_due_facts
Revises: 0007_search

Three tables of facts worked out from the records (store/derived.py): when each case's work
began, who holds it, whether it was decided, its goals' baseline and midway scores; when each
child on a statutory plan was last seen; the reviews held since each open plan began. They
hold nothing that is not in the records. fscli's upgrade fills them after the last migration,
in the same transaction (store/migrating.py), and every write keeps its case's facts in step.
Three indexes serve what the due list reads beside them: open plans, open tasks, meetings booked.
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0008_due_facts'
down_revision = '0007_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_due',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('opened_on', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=True),
    sa.Column('outcome_checked', sa.Integer(), nullable=False),
    sa.Column('decided', sa.Integer(), nullable=False),
    sa.Column('baseline_on', fscli.store.types.IsoDate(), nullable=True),
    sa.Column('midway_on', fscli.store.types.IsoDate(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_due_case_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_due')),
    sqlite_strict=True
    )
    op.create_index(op.f('ix_case_due_worker_id'), 'case_due', ['worker_id'], unique=False)
    op.create_table('case_review',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('held', sa.Integer(), nullable=False),
    sa.Column('last_on', fscli.store.types.IsoDate(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_review_case_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'kind', name=op.f('pk_case_review')),
    sqlite_strict=True
    )
    op.create_table('plan_seen',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('seen_on', fscli.store.types.IsoDate(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_seen_plan_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plan_seen')),
    sqlite_strict=True
    )


    # What the morning's due list reads besides the facts: open plans, open tasks, meetings booked ahead.
    op.create_index('ix_plan_open', 'plan', ['case_id', 'start_on', 'kind', 'person_id'], unique=False, sqlite_where=sa.text('end_on IS NULL'), postgresql_where=sa.text('end_on IS NULL'))
    op.create_index('ix_task_open', 'task', ['case_id', 'due_on'], unique=False, sqlite_where=sa.text('done_on IS NULL'), postgresql_where=sa.text('done_on IS NULL'))
    op.create_index('ix_meeting_next_on', 'meeting', ['next_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_meeting_next_on', table_name='meeting')
    op.drop_index('ix_task_open', table_name='task')
    op.drop_index('ix_plan_open', table_name='plan')
    op.drop_table('plan_seen')
    op.drop_table('case_review')
    op.drop_index(op.f('ix_case_due_worker_id'), table_name='case_due')
    op.drop_table('case_due')
