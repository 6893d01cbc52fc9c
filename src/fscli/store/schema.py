"""The schema revisions this fscli knows, in order, so ordinary commands can check a database's
revision with one query and no Alembic import. A test keeps this list equal to Alembic's chain.
"""

REVISIONS: tuple[str, ...] = ("0001_spine",)
HEAD = REVISIONS[-1]
