"""Lookups every report needs: the case by its reference, on the fast read path.

The write path has its ORM twin in services/common.py; both refuse with errors.NoSuchCase.
"""

from __future__ import annotations

from typing import Any

from fscli.errors import NoSuchCase
from fscli.store.db import Reader


def case_row(reader: Reader, ref: str) -> dict[str, Any] | None:
    """The case with this reference typed in any case, or None; found on the index of upper(ref)."""
    return reader.one("SELECT * FROM cases WHERE upper(ref) = upper(:ref)", {"ref": ref.strip()})


def find_case(reader: Reader, ref: str) -> dict[str, Any]:
    """The case with this reference typed in any case; refuses when no case has it."""
    case = case_row(reader, ref)
    if case is None:
        raise NoSuchCase(ref.strip())
    return case
