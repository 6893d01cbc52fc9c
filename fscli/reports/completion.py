"""What tab completion offers from the caseload: one indexed query on the fast read path, as a
completion runs on every TAB."""

from __future__ import annotations

from fscli.store.db import Reader, like_literal


def case_refs(reader: Reader, incomplete: str) -> list[tuple[str, str]]:
    """Case references starting with `incomplete` in any case, open cases first, each with its family
    name beside it ("(closed)" after a closed one's)."""
    found = reader.rows(
        "SELECT ref, family, status FROM cases WHERE upper(ref) LIKE upper(:pattern) ESCAPE '\\' ORDER BY status DESC, ref LIMIT 200",
        {"pattern": like_literal(incomplete) + "%"},
    )
    # References are matched in any case; each suggestion keeps the letters already typed, as shells filter by them.
    return [(incomplete + r["ref"][len(incomplete):], r["family"] + ("" if r["status"] == "open" else " (closed)")) for r in found]
