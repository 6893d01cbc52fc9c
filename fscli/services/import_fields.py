"""An import holds every text it brings to the command line's rules (fscli/domain/stored_text.py):
a family name with an escape code, a TAB or a bidi control that `case open` refuses is refused
in an import too, row by row, and the whole import with it (exit 65, nothing written).

Kept apart from the importer's matching of rows, so that the two change independently.
"""

from __future__ import annotations

from fscli.domain import stored_text

# fscli's own bookkeeping, never typed by anyone: the audit trail (its hash chain covers the
# exact text), idempotency keys and counters are imported as exported.
BOOKKEEPING = frozenset({"audit", "idempotency_key", "counter", "alembic_version"})


def text_problems(tables: dict) -> list[tuple[str, int, str, str, str]]:
    """The file, row, column, value and reason of every text value of `tables` (the importer's
    tables of typed rows) that the command which writes its column would refuse."""
    problems = []
    for name, table in tables.items():
        if name in BOOKKEEPING:
            continue
        for number, values in table.rows:
            for column, value in values.items():
                if isinstance(value, str):
                    reason = stored_text.refused(name, column, value, values)
                    if reason:
                        problems.append((table.file, number, column, value, f"{reason}, which the command line refuses"))
    return problems


def dob_warnings(tables: dict, today) -> list[str]:
    """What `person add` would tell the worker of each imported person's date of birth (older
    than anyone living, or a "child" past a care leaver's 25), with the file and row it is on."""
    from fscli.domain.casework import dob_warnings as warnings_for

    people = tables.get("person")
    if people is None:
        return []
    refs = {values.get("id"): values.get("ref") for _, values in tables["cases"].rows} if "cases" in tables else {}
    found = []
    for number, values in people.rows:
        ref = refs.get(values.get("case_id")) or "REF"
        for line in warnings_for(ref=ref, name=str(values.get("name") or ""), role=str(values.get("role") or ""), dob=values.get("dob"), today=today):
            found.append(line.replace("fscli: warning: ", f"fscli: warning: {people.file} row {number}: ", 1))
    return found
