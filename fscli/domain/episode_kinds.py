"""Episodes' names, codes and the SQL that reads them: the part of domain/episodes.py that the
read views need, kept free of its rules' dataclasses so that `fscli due` does not build them (a
module of two frozen dataclasses took 2 ms to import, about half of what issue 20 added to `due`;
benchmarks/startup.py). domain/episodes.py re-exports all of it.
"""

from __future__ import annotations

EPISODE_KINDS: tuple[str, ...] = ("statutory", "early-help")
EPISODE_LABELS: dict[str, str] = {"statutory": "statutory work", "early-help": "Early Help"}

ASSESSMENT_KINDS: tuple[str, ...] = ("single", "early-help")
ASSESSMENT_LABELS: dict[str, str] = {"single": "single assessment", "early-help": "Early Help assessment"}

# The plans each kind of episode holds: Early Help plans in an Early Help episode; CIN, CP, CLA
# and reunification in a statutory one (a sibling may have Early Help support within it).
STATUTORY_PLANS: tuple[str, ...] = ("cin", "cp", "cla", "reunification")

# The census reasons a step-down ends a statutory episode with (domain.md §1 and §3): RC9 when the
# case closes after an assessment, referred to early help; RC7 (services ceased, the child no
# longer in need) when it closes after a CIN plan.
STEP_DOWN_REASONS: tuple[str, ...] = ("RC7", "RC9")
# The Early Help closure reason a step-up ends an Early Help episode with (domain.md §1, SSD EARL006A).
STEP_UP_REASON = "STEPPED-UP"
# A step-up is a new referral to children's social care from Early Help: source 5D (from 2022-23).
STEP_UP_SOURCE = "5D"


def began_with_step_up_sql(episode: str, case: str) -> str:
    """SQL: episode `episode` of case `case` began with a step-up, a new referral from Early Help:
    a statutory episode with a referral source of its own after the case's referral, begun the day
    an Early Help episode ended stepped up. A reopening can have a source of its own too ('case
    reopen --source'), and was counted as a step-up as well: a second referral, and a second
    re-referral, in the indicators. A step-up on the day of the referral itself is not told apart.
    The Early Help episode is looked for only for the few episodes the first conditions leave."""
    return (f"({episode}.kind = 'statutory' AND {episode}.referral_source IS NOT NULL AND {episode}.start_on > {case}.referred_on"
            f" AND EXISTS (SELECT 1 FROM episode stepped WHERE stepped.case_id = {episode}.case_id AND stepped.kind = 'early-help'"
            f" AND stepped.end_on = {episode}.start_on AND stepped.end_reason = '{STEP_UP_REASON}'))")
