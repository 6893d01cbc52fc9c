"""What every area of the tables shares: the naming convention and the column and constraint
helpers. The areas are the modules beside this one; `fscli/store/models.py` names every table class
and imports an area only when one of its classes is first used.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.store.types import IsoDate, UtcDateTime

STRICT = {"sqlite_strict": True}
TEAM_ROLES = ("member", "manager")  # a manager of a team sees its cases as a member does, and manages who is in it
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING
# A table class's pydantic validator and serializer are built when first used, not when the class is
# defined: a table model's constructor never validates (SQLModel sets its fields as they are given),
# so a write uses neither and each class is cheaper to define (issue 27; measured in
# docs/architecture.md, "A write's floor"). Set before any area defines its classes.
SQLModel.model_config["defer_build"] = True


def _text(*, nullable: bool = False, unique: bool = False, index: bool = False):
    return Field(default=None if nullable else ..., sa_type=sa.Text, nullable=nullable, unique=unique, index=index)


def _date(*, nullable: bool = False):
    return Field(default=None if nullable else ..., sa_type=IsoDate, nullable=nullable)


def _instant():
    return Field(sa_type=UtcDateTime, nullable=False)


def _fk(target: str, *, nullable: bool = False, index: bool = True):
    return Field(default=None if nullable else ..., foreign_key=target, nullable=nullable, index=index, ondelete="RESTRICT")


def _length(column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) BETWEEN {low} AND {high}", name=f"{column}_length")


def _one_of(column: str, values: tuple[str, ...], *, nullable: bool = False) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    condition = f"{column} IN ({listed})"
    return sa.CheckConstraint(f"{column} IS NULL OR {condition}" if nullable else condition, name=f"{column}_allowed")


def _partial(name: str, *columns, where: str, unique: bool = False) -> sa.Index:
    """An index over the rows where `where` holds. Only SQLite's condition is given here: naming
    `postgresql_where` makes SQLAlchemy import the PostgreSQL dialect to check the keyword, on every
    write on SQLite. `server_indexes` gives PostgreSQL the same condition when a server is in use."""
    return sa.Index(name, *columns, unique=unique, sqlite_where=sa.text(where), info={"where": where})


def server_indexes(metadata: sa.MetaData) -> None:
    """Give each partial index its condition on PostgreSQL too (imports that dialect)."""
    for table in metadata.tables.values():
        for index in table.indexes:
            if "where" in index.info and "postgresql_where" not in index.dialect_kwargs:
                index.dialect_kwargs["postgresql_where"] = sa.text(index.info["where"])


def _void_instant():
    return Field(default=None, sa_type=UtcDateTime, nullable=True)


def _voidable() -> tuple[sa.CheckConstraint, ...]:
    """An entry made in error is voided, never deleted: it leaves every view, clock and count, and
    stays in the audit and the export with the instant and the reason (domain/voiding.py)."""
    return (_length("void_reason", 1, 2000), sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name="void_has_reason"))
