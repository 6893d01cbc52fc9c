"""indicator facts: each goal's family ratings summed up, each step from plan to plan, plans found by child and kind

Revision ID: 0009_indicator_facts
Revises: 0008_due_facts

`fscli summary --indicators` read every family rating of every goal in a year's cases and sorted
them (0.6 s at council scale) to find each goal's first and latest; `goal_family` keeps that per
goal, derived from the records like the due facts (store/derived.py) and filled by the upgrade;
`plan_step` keeps each plan that began the day another of the child's ended, which the step-ups
and step-downs joined the plans to themselves to find (0.12 s).
The index on plan (child, kind, start, end, case) answers "this child's plans", "the children's
care episodes" and a period's children from the index alone; it replaces the index on the child.
The children's care episodes (CLA plans, a tenth of the plans) have a partial index of their own.
References and child IDs are looked up as typed, in any case, on indexes of upper(ref) and
upper(child_id): every write and every one-case view read all 50,000 cases to find one.
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0009_indicator_facts'
down_revision = '0008_due_facts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('goal_family',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('first_value', sa.Integer(), nullable=False),
    sa.Column('latest_value', sa.Integer(), nullable=False),
    sa.Column('latest_on', fscli.store.types.IsoDate(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_family_goal_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', name=op.f('pk_goal_family')),
    sqlite_strict=True
    )
    op.create_index('ix_goal_family_case', 'goal_family', ['case_id', 'latest_on', 'ratings', 'first_value', 'latest_value'], unique=False)
    op.create_index('ix_goal_family_latest_on', 'goal_family', ['latest_on'], unique=False)
    op.create_table('plan_step',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('from_plan_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('on_date', fscli.store.types.IsoDate(), nullable=False),
    sa.Column('from_kind', sa.Text(), nullable=False),
    sa.Column('to_kind', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_step_plan_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'from_plan_id', name=op.f('pk_plan_step')),
    sqlite_strict=True
    )
    op.create_index('ix_plan_step_on_date', 'plan_step', ['on_date', 'from_kind', 'to_kind', 'case_id'], unique=False)
    op.create_index('ix_plan_child_kind', 'plan', ['person_id', 'kind', 'start_on', 'end_on', 'case_id'], unique=False)
    op.drop_index('ix_plan_person_id', table_name='plan')  # the new index begins with the child
    op.create_index('ix_plan_care', 'plan', ['person_id', 'start_on', 'end_on'], unique=False, sqlite_where=sa.text("kind = 'cla'"), postgresql_where=sa.text("kind = 'cla'"))
    # A reference or child ID typed in any case (fs-0012) was found by reading every case or person.
    op.create_index('ix_cases_ref_upper', 'cases', [sa.text('upper(ref)')], unique=False)
    op.create_index('ix_person_child_id_upper', 'person', [sa.text('upper(child_id)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_child_id_upper', table_name='person')
    op.drop_index('ix_cases_ref_upper', table_name='cases')
    op.drop_index('ix_plan_care', table_name='plan')
    op.create_index('ix_plan_person_id', 'plan', ['person_id'], unique=False)
    op.drop_index('ix_plan_child_kind', table_name='plan')
    op.drop_index('ix_plan_step_on_date', table_name='plan_step')
    op.drop_table('plan_step')
    op.drop_index('ix_goal_family_latest_on', table_name='goal_family')
    op.drop_index('ix_goal_family_case', table_name='goal_family')
    op.drop_table('goal_family')
