"""journey: assessments, section 47 enquiries, plans, CP categories; referral and child fields

Revision ID: 0002_journey
Revises: 0001_spine
"""

import sqlalchemy as sa
from alembic import op

import fscli.store.types

revision = "0002_journey"
down_revision = "0001_spine"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _is_date(*columns: str) -> list:
    if not _sqlite():
        return []
    return [sa.CheckConstraint(f"{c} IS NULL OR date({c}) = {c}", name=f"ck_{c}_is_date") for c in columns]


def _common(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f(f"fk_{table}_case_id"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _indexes(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_case_id"), table, ["case_id"])
    op.create_index(op.f(f"ix_{table}_person_id"), table, ["person_id"])


def upgrade() -> None:
    # Plain ADD COLUMN (not batch move-and-copy): the tables keep STRICT and their rows stay put.
    op.add_column("cases", sa.Column("primary_need", sa.Text(), nullable=True))
    op.add_column("cases", sa.Column("referral_nfa", sa.Integer(), sa.CheckConstraint("referral_nfa IN (0, 1)", name="referral_nfa_flag"), nullable=False, server_default="0"))
    op.add_column("person", sa.Column("child_id", sa.Text(), nullable=True))
    op.add_column("person", sa.Column("ethnicity", sa.Text(), nullable=True))
    op.add_column("person", sa.Column("disabilities", sa.Text(), nullable=True))
    op.add_column("person", sa.Column("upn", sa.Text(), nullable=True))
    op.add_column("person", sa.Column("upn_unknown", sa.Text(), nullable=True))
    op.add_column("person", sa.Column("died_on", fscli.store.types.IsoDate(), *_is_date("died_on"), nullable=True))
    op.add_column("person", sa.Column("in_referral", sa.Integer(), sa.CheckConstraint("in_referral IN (0, 1)", name="in_referral_flag"), nullable=False, server_default="1"))
    op.create_index("uq_person_child_id", "person", ["child_id"], unique=True)

    op.create_table(
        "assessment",
        *_common("assessment"),
        sa.Column("start_on", fscli.store.types.IsoDate(), nullable=False),
        sa.Column("completed_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("factors", sa.Text(), nullable=True),
        sa.Column("child_seen", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("completed_on IS NULL OR completed_on >= start_on", name="completed_after_start"),
        sa.CheckConstraint("child_seen IS NULL OR child_seen IN (0, 1)", name="child_seen_flag"),
        *_is_date("start_on", "completed_on"),
        sqlite_strict=True,
    )
    _indexes("assessment")
    op.create_index("uq_assessment_one_open", "assessment", ["person_id"], unique=True, sqlite_where=sa.text("completed_on IS NULL"), postgresql_where=sa.text("completed_on IS NULL"))

    op.create_table(
        "s47",
        *_common("s47"),
        sa.Column("start_on", fscli.store.types.IsoDate(), nullable=False),
        sa.Column("icpc_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("icpc_not_required", sa.Integer(), nullable=False),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("icpc_on IS NULL OR icpc_on >= start_on", name="icpc_after_start"),
        sa.CheckConstraint("icpc_not_required IN (0, 1)", name="icpc_not_required_flag"),
        sa.CheckConstraint("NOT (icpc_on IS NOT NULL AND icpc_not_required = 1)", name="icpc_once"),
        *_is_date("start_on", "icpc_on"),
        sqlite_strict=True,
    )
    _indexes("s47")
    op.create_index("uq_s47_one_open", "s47", ["person_id"], unique=True, sqlite_where=sa.text("icpc_on IS NULL AND icpc_not_required = 0"), postgresql_where=sa.text("icpc_on IS NULL AND icpc_not_required = 0"))

    op.create_table(
        "plan",
        *_common("plan"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("start_on", fscli.store.types.IsoDate(), nullable=False),
        sa.Column("end_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("start_reason", sa.Text(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("returned_home_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("order_discharged_on", fscli.store.types.IsoDate(), nullable=True),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('early-help', 'cin', 'cp', 'cla', 'reunification')", name="kind_allowed"),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="plan_ends_after_start"),
        *_is_date("start_on", "end_on", "returned_home_on", "order_discharged_on"),
        sqlite_strict=True,
    )
    _indexes("plan")
    op.create_index("uq_plan_one_open_kind", "plan", ["person_id", "kind"], unique=True, sqlite_where=sa.text("end_on IS NULL"), postgresql_where=sa.text("end_on IS NULL"))

    op.create_table(
        "plan_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("from_on", fscli.store.types.IsoDate(), nullable=False),
        sa.Column("created_at", fscli.store.types.UtcDateTime(), nullable=False),
        sa.CheckConstraint("category IN ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')", name="category_allowed"),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_plan_category_plan_id"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_category")),
        *_is_date("from_on"),
        sqlite_strict=True,
    )
    op.create_index(op.f("ix_plan_category_plan_id"), "plan_category", ["plan_id"])
    op.execute("INSERT INTO counter (name, value) VALUES ('child_id', 0)")


def downgrade() -> None:
    op.execute("DELETE FROM counter WHERE name = 'child_id'")
    for table in ("plan_category", "plan", "s47", "assessment"):
        op.drop_table(table)
    op.drop_index("uq_person_child_id", table_name="person")
    with op.batch_alter_table("person") as batch:
        # A move-and-copy keeps the CHECKs that name the dropped columns, so they go first.
        batch.drop_constraint("in_referral_flag", type_="check")
        if _sqlite():
            batch.drop_constraint("ck_died_on_is_date", type_="check")
        for column in ("in_referral", "died_on", "upn_unknown", "upn", "disabilities", "ethnicity", "child_id"):
            batch.drop_column(column)
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("referral_nfa_flag", type_="check")
        batch.drop_column("referral_nfa")
        batch.drop_column("primary_need")
