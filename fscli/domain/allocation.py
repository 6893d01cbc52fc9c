"""Who holds a case: the rule every view and derived fact reads, written once.

An open case is held by its open allocation; after a reopening without a worker it is held by no
one until one is allocated. A closed case keeps the worker who held it at the closure, for the
recent closures and their six-month checks. Kept apart from the case rules' date arithmetic,
since the fast read path (case list) needs it.
"""

from __future__ import annotations


def holds_sql(allocation: str, case: str) -> str:
    """The SQL condition that an allocation row (alias `allocation`) is a holding of the case
    (alias `case`, with its closed_on); callers take the latest such row."""
    return f"({allocation}.end_on IS NULL OR {case}.closed_on IS NOT NULL)"


# The roles a worker holds on a case. The key worker is the one-worker case of earlier releases
# (and `case allocate` without a role): they own every duty whose role no one else holds.
ROLES: tuple[str, ...] = ("key-worker", "social-worker", "family-support", "lead-practitioner", "other")
ROLE_LABELS: dict[str, str] = {
    "key-worker": "key worker",
    "social-worker": "allocated social worker",
    "family-support": "family support worker",
    "lead-practitioner": "lead practitioner (Early Help)",
    "other": "other worker",
}
