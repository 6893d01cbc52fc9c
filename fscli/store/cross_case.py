"""Records that contradict their case, for `fscli db check`: a visit whose people seen belong to
another family, a score on one family's goal rated by another family's mother, a plan for another
family's child (issue 22 §3: a merge once attached a worker's visits to another family, and every
foreign key still pointed at a row that existed).

The list is derived once from the models: every row that reaches a case two ways, its own case
(its case_id, or its parent's: a contact party's contact) and a record it points at that has a
case of its own (a person, a goal, a contact, a meeting...), must reach the same case; so must a
corrected value's history and the record it corrects (but for the row a move leaves on the case
the entry left). A row of no one family (a supervision meeting, case_id empty) contradicts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from fscli.store.identity import ENTITY_TABLE

SHOWN = 20  # contradictions listed; the count says how many


@dataclass(frozen=True)
class CrossReference:
    table: str
    own: tuple[str, str | None]  # the row's case: its own case_id (None), or the case of the row its column points at
    column: str  # a column pointing at a record that has a case of its own
    target: str  # that record's table
    entity: str | None = None  # field_history: the entity the row names, when `column` is its entity_id

    @property
    def params(self) -> dict[str, str]:
        from fscli.domain.field_history import MOVED

        # An entry moved to the right case (`fscli move`) keeps a row on the case it left, on purpose.
        return {"entity": self.entity, "moved": MOVED} if self.entity else {}

    def _parts(self) -> tuple[str, str]:
        """The tables joined (the row, its parent when its case is its parent's, the record it points
        at) and the condition that the two cases differ; identifiers from fscli's own schema only."""
        column, via = self.own
        own_case = "a.case_id" if via else f"t.{column}"
        joins = f"{self.table} t" + (f" JOIN {via} a ON a.id = t.{column}" if via else "") + f" JOIN {self.target} o ON o.id = t.{self.column}"
        return joins + (" AND t.entity = :entity AND t.field <> :moved" if self.entity else ""), own_case

    def sql(self) -> str:
        """The first such rows with both cases' references; the limit is bound."""
        joins, own_case = self._parts()
        return (f"SELECT t.id AS id, rc.ref AS case_ref, o.id AS other_id, oc.ref AS other_ref FROM {joins}"  # noqa: S608 - schema identifiers only
                f" JOIN cases rc ON rc.id = {own_case} JOIN cases oc ON oc.id = o.case_id WHERE {own_case} <> o.case_id ORDER BY t.id LIMIT :shown")  # fmt: skip

    def count_sql(self) -> str:
        joins, own_case = self._parts()
        return f"SELECT count(*) FROM {joins} WHERE {own_case} <> o.case_id"  # noqa: S608 - schema identifiers only


@cache
def cross_references() -> tuple[CrossReference, ...]:
    """Every pair of ways a row reaches a case, from the models' foreign keys."""
    from fscli.store import models
    from fscli.store.schema import TABLES

    found = []
    for name in TABLES:
        table = models.table(name)
        ways: list[tuple[str, str | None]] = [("case_id", None)] if "case_id" in table.c and name != "cases" else []
        for column in table.c:
            for key in column.foreign_keys:
                target = key.column.table
                if target.name != "cases" and "case_id" in target.c:
                    ways.append((column.name, target.name))
        if len(ways) > 1:
            own, *others = ways
            found += [CrossReference(name, own, column, target) for column, target in others if target is not None]
    # field_history names the record it corrects by entity and id, not by a foreign key.
    named = {table: entity for entity, table in ENTITY_TABLE.items()}
    found += [CrossReference("field_history", ("case_id", None), "entity_id", name, named.get(name, name)) for name in TABLES
              if name != "field_history" and _of_a_case(models.table(name)) and "id" in models.table(name).c]  # fmt: skip
    return tuple(found)


def _of_a_case(table) -> bool:
    """A table whose rows belong to a case by a foreign key (the audit's case_id is only a fact)."""
    return "case_id" in table.c and any(key.column.table.name == "cases" for key in table.c.case_id.foreign_keys)


def problems(reader) -> tuple[str, list[str]]:
    """db check's line for these records, and each contradiction found (the first SHOWN of each kind)."""
    found: list[str] = []
    total = 0
    for cross in cross_references():
        count = reader.scalar(cross.count_sql(), cross.params)
        if not count:
            continue
        total += count
        for row in reader.rows(cross.sql(), {"shown": SHOWN, **cross.params}):
            found.append(f"case: {cross.table} {row['id']} belongs to case {row['case_ref']}, but its {cross.column} is {cross.target} {row['other_id']} of case {row['other_ref']}")
        if count > SHOWN:
            found.append(f"case: ... and {count - SHOWN} more {cross.table} rows whose {cross.column} is of another case")
    checked = len(cross_references())
    return (f"{checked} kinds of reference agree with their case" if not total else f"{total} records contradict their case"), found
