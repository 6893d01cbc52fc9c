"""What a document for the family says in their words, not the system's (the plan on a page)."""

from __future__ import annotations

import re


def next_step(what: str, booking: str | None) -> str:
    """A due item as the family's plan lists it: a booking's reference left out ('Core group
    (booked: B9, 14:30)' is 'Core group'), and a visit told as a visit from their worker."""
    if not booking:
        return what
    said = re.sub(r" \((?:booked: )?" + re.escape(booking) + r"\b[^)]*\)$", "", what)
    if said.startswith("Planned ") and said.endswith(" visit"):
        kind = said.removeprefix("Planned ").removesuffix(" visit")
        return "A visit from your worker" if kind in ("home", "statutory") else f"A visit from your worker ({kind})"
    return said
