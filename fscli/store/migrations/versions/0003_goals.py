"""goals: a family's goals and their scores over time

Revision ID: 0003_goals
Revises: 0002_journey
"""

import sqlalchemy as sa
from alembic import op

import fscli.store.types

revision = "0003_goals"
down_revision = "0002_journey"
branch_labels = None
depends_on = None


def _is_date(*columns: str) -> list:
    if op.get_context().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{c} IS NULL OR date({c}) = {c}", name=f"ck_{c}_is_date") for c in columns]


def upgrade() -> None:
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("area", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("closed_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("length(text) BETWEEN 1 AND 2000", name="text_length"),
        sa.CheckConstraint("status IN ('open', 'achieved', 'withdrawn')", name="status_allowed"),
        sa.CheckConstraint("scale_min IN (0, 1) AND scale_max = 10", name="scale_allowed"),
        sa.CheckConstraint("(status = 'open') = (closed_on IS NULL)", name="closed_goal_has_date"),
        *_is_date("closed_on"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_goal_case_id"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_goal_person_id"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
        sqlite_strict=True,
    )
    op.create_index(op.f("ix_goal_case_id"), "goal", ["case_id"])
    op.create_index(op.f("ix_goal_person_id"), "goal", ["person_id"])
    op.create_table(
        "goal_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("scored_on", fscli.store.types.IsoDate(), nullable=False),
        sa.Column("rater_kind", sa.Text(), nullable=False),
        sa.Column("rater_name", sa.Text(), nullable=False),
        sa.Column("rater_person_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name="value_on_scale"),
        sa.CheckConstraint("rater_kind IN ('family', 'worker', 'professional')", name="rater_kind_allowed"),
        sa.CheckConstraint("phase IN ('baseline', 'midway', 'end', 'review')", name="phase_allowed"),
        *_is_date("scored_on"),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_goal_score_goal_id"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["rater_person_id"], ["person.id"], name=op.f("fk_goal_score_rater_person_id"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["supersedes_id"], ["goal_score.id"], name=op.f("fk_goal_score_supersedes_id"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_score")),
        sqlite_strict=True,
    )
    op.create_index(op.f("ix_goal_score_goal_id"), "goal_score", ["goal_id"])
    op.create_index(op.f("ix_goal_score_rater_person_id"), "goal_score", ["rater_person_id"])
    op.create_index("uq_goal_score_superseded_once", "goal_score", ["supersedes_id"], unique=True)


def downgrade() -> None:
    op.drop_table("goal_score")
    op.drop_table("goal")
