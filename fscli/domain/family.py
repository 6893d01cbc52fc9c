"""A family's details that change over time, each kept with the date it took effect.

The address and telephone belong to the household; GP, school, language, interpreter need may
belong to one person; consent to share is given on a date for a scope (and withdrawn on a date).
"""

from __future__ import annotations

DETAILS: tuple[str, ...] = ("address", "phone", "gp", "school", "language", "interpreter", "consent")
DETAIL_LABELS: dict[str, str] = {
    "address": "address",
    "phone": "telephone",
    "gp": "GP",
    "school": "school or nursery",
    "language": "first language",
    "interpreter": "interpreter needed",
    "consent": "consent to share",
}
