"""The schema revisions this fscli knows, in order, so ordinary commands can check a database's
revision with one query and no Alembic import. A test keeps this list equal to Alembic's chain.
"""

REVISIONS: tuple[str, ...] = ("0001_spine",)
HEAD = REVISIONS[-1]

# Every table, for row counts in `db info` and the upgrade's loss check; a test keeps it equal to the models.
TABLES: tuple[str, ...] = ("worker", "cases", "case_event", "person", "agency", "allocation", "counter", "audit")
