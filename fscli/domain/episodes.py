"""Episodes of work inside a case, as the CIN census counts them.

A statutory episode runs from a referral to children's social care to its closure with a census
reason (RC1-RC9, domain.md §3); an Early Help episode has its own start, its own target closure
and midway point, and its own assessment (an EHA: JAFF or the local name), which is never counted
in the 45-working-day single assessment figures (domain.md §2, Early Help assessment row).
A step down ends the statutory episode and starts Early Help on the same day; a step up ends
Early Help and starts a statutory episode with a new referral date (source 5D, domain.md §1).
"""

from __future__ import annotations

EPISODE_KINDS: tuple[str, ...] = ("statutory", "early-help")
EPISODE_LABELS: dict[str, str] = {"statutory": "statutory", "early-help": "Early Help"}

ASSESSMENT_KINDS: tuple[str, ...] = ("single", "early-help")
ASSESSMENT_LABELS: dict[str, str] = {"single": "single assessment", "early-help": "Early Help assessment"}
