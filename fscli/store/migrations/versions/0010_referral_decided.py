"""referral decided: the day a referral was decided, and the holder of a reopened case

Revision ID: 0010_referral_decided
Revises: 0009_indicator_facts

`fscli case referral --further-action` left "Referral decision overdue" in `fscli due`: the
decision was kept only as referral_nfa, whose 0 meant both "further action" and "not decided
yet". cases.referral_decided_on records the day either decision was recorded. Referrals decided
before this release keep what they had: an NFA still counts as decided; a further-action
decision made before it cannot be told from none, and is decided again by the next plan,
assessment or enquiry, as before.

No data moves here. Like every upgrade, this one works the derived facts out again
(store/migrating.py), which also gives a case reopened without a worker no holder in `fscli due`
and `fscli closures` (they named the worker who held it before the closure; `case show` said
unallocated).
"""

from alembic import op
import sqlalchemy as sa

import fscli.store.types


revision = '0010_referral_decided'
down_revision = '0009_indicator_facts'
branch_labels = None
depends_on = None


def _is_date(column: str) -> list:
    if op.get_context().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR date({column}) = {column}", name=f"ck_{column}_is_date")]


def upgrade() -> None:
    # Plain ADD COLUMN (not batch move-and-copy): the table keeps STRICT and its rows stay put.
    op.add_column("cases", sa.Column("referral_decided_on", fscli.store.types.IsoDate(), *_is_date("referral_decided_on"), nullable=True))


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35+), as 0011 does: the table keeps STRICT, its rows and its
        # index on upper(ref), which a batch move-and-copy could not reflect (SAWarning) and lost.
        op.execute("ALTER TABLE cases DROP COLUMN referral_decided_on")
        return
    op.drop_column("cases", "referral_decided_on")
