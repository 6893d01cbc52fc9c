"""Episodes of work inside a case, as the CIN census counts them.

A statutory episode runs from a referral to children's social care to its closure with a census
reason (RC1-RC9, domain.md §3); an Early Help episode has its own start, its own target closure
and midway point, and its own assessment (an EHA: JAFF or the local name), which is never counted
in the 45-working-day single assessment figures (domain.md §2, Early Help assessment row).
A step down ends the statutory episode and starts Early Help on the same day; a step up ends
Early Help and starts a statutory episode with a new referral date (source 5D, domain.md §1).
"""

from __future__ import annotations

from datetime import date

from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem

from fscli.domain.episode_kinds import (  # noqa: F401  (re-exported: this is the episodes' rule module)
    ASSESSMENT_KINDS,
    ASSESSMENT_LABELS,
    EPISODE_KINDS,
    EPISODE_LABELS,
    STATUTORY_PLANS,
    STEP_DOWN_REASONS,
    STEP_UP_REASON,
    STEP_UP_SOURCE,
    began_with_step_up_sql,
)


# Plans a family is not stepped down from directly: "typically not direct from CP plan" (domain.md
# §1, Knowsley step-up/step-down protocol: it "does not imply step down from Child Protection");
# a looked-after child leaves care first (a return home, a discharged order).
NOT_STEPPED_DOWN_FROM: tuple[str, ...] = ("cp", "cla")

# Outcomes of an Early Help assessment (the rest of the assessment-outcome codes are a single
# assessment's): a plan of Early Help support, no further action, or a step-up to statutory work.
EHA_OUTCOMES: tuple[str, ...] = ("early-help", "nfa", "step-up")
SINGLE_OUTCOMES: tuple[str, ...] = ("nfa", "early-help", "cin", "strategy", "cla")


@frozen
class Span:
    """An episode as the rules see it."""

    kind: str
    start_on: date


@frozen
class ChildPlan:
    child: str
    kind: str
    start_on: date


def _day(field: str, day: date, episode: Span, today: date, what: str) -> list[Problem]:
    problems = []
    if day > today:
        problems.append(Problem(field, british(day), f"{what} cannot be in the future (today is {british(today)})"))
    if day < episode.start_on:
        problems.append(Problem(field, british(day), f"is before the {'statutory' if episode.kind == 'statutory' else 'Early Help'} episode began ({british(episode.start_on)})"))
    return problems


def check_step_down(ref: str, episode: Span | None, *, on: date, today: date, reason: str, plans: list[ChildPlan], unfinished: list[str], assessed: bool) -> list[Problem]:
    """Whether the statutory episode can end in a step-down to Early Help on `on` with `reason`."""
    if episode is None or episode.kind != "statutory":
        what = "has no open episode" if episode is None else f"is in an Early Help episode already (since {british(episode.start_on)})"
        return [Problem("case", ref, what, "a step-down ends a statutory episode")]
    problems = _day("--date", on, episode, today, "a step-down")
    if reason not in STEP_DOWN_REASONS:
        problems.append(Problem("--reason", reason, "a step-down to Early Help ends the statutory episode with RC9 (closed after assessment, referred to early help) or RC7 (services ceased, after a CIN plan)",
                                f"to close the case, use 'fscli case close {ref} --date DATE --reason {reason}'"))
    elif reason == "RC9" and not assessed:
        problems.append(Problem("--reason", reason, "RC9 is a closure after an assessment, and no single assessment was completed in this episode", "use RC7, or complete the assessment first ('fscli assessment complete')"))
    for plan in plans:
        if plan.kind in NOT_STEPPED_DOWN_FROM:
            problems.append(Problem("--child", plan.child, f"is on a {plan.kind.upper()} plan (since {british(plan.start_on)}): a step-down to Early Help is from a CIN plan or an assessment, not direct from "
                                    + ("child protection" if plan.kind == "cp" else "care") + " (step-down protocols: Knowsley, \"does not imply step down from Child Protection\")",
                                    f"step down to CIN first when the review conference decides it: fscli case plan {ref} cin --start DATE" if plan.kind == "cp" else
                                    f"end the care first: fscli case plan {ref} --order-discharged DATE (reunification) or fscli case plan {ref} cla --end DATE"))
        elif on < plan.start_on:
            problems.append(Problem("--date", british(on), f"is before {plan.child}'s {plan.kind.upper()} plan began ({british(plan.start_on)})"))
    if unfinished:
        problems.append(Problem("case", ref, "has statutory work to finish before a step-down: " + "; ".join(unfinished), "complete the assessment ('fscli assessment complete') and record the s47 outcome ('fscli s47 outcome')"))
    return problems


def check_step_up(ref: str, episode: Span | None, *, on: date, today: date, plans: list[ChildPlan]) -> list[Problem]:
    """Whether the Early Help episode can end in a step-up (a new referral) on `on`."""
    if episode is None or episode.kind != "early-help":
        what = "has no open episode" if episode is None else f"is in a statutory episode already (since {british(episode.start_on)})"
        return [Problem("case", ref, what, "a step-up ends an Early Help episode")]
    problems = _day("--date", on, episode, today, "a step-up")
    for plan in plans:
        if on < plan.start_on:
            problems.append(Problem("--date", british(on), f"is before {plan.child}'s Early Help plan began ({british(plan.start_on)})"))
    return problems


def check_plan_in_episode(ref: str, episode: Span | None, kind: str, *, stays_statutory: bool, statutory_work: bool) -> tuple[list[Problem], bool]:
    """`case plan` works inside the kind of the open episode; moving between kinds is a step.

    The problems, and whether the open episode becomes an Early Help one: a statutory episode with
    no statutory work begun in it (no single assessment, s47 or statutory plan) whose first plan is
    Early Help was a request for Early Help (the rule migration 0011 filled episodes by)."""
    if episode is None:
        return [], False
    if episode.kind == "early-help" and kind in STATUTORY_PLANS:
        return [Problem("TYPE", kind, f"case {ref} is in an Early Help episode (since {british(episode.start_on)}): statutory work begins with a step-up, a new referral",
                        f"fscli case step-up {ref} --date DATE, then the assessment and plan")], False
    if episode.kind == "statutory" and kind == "early-help" and not stays_statutory:
        if not statutory_work:
            return [], True
        return [Problem("TYPE", kind, f"case {ref} is in a statutory episode (since {british(episode.start_on)}): moving the family to Early Help is a step-down that ends it with a census reason",
                        f"fscli case step-down {ref} --date DATE --reason RC7 (after a CIN plan) or RC9 (after an assessment)")], False
    return [], False


def check_statutory_step(ref: str, episode: Span | None, what: str) -> list[Problem]:
    """A single assessment or a section 47 enquiry follows a referral to children's social care."""
    if episode is None or episode.kind != "early-help":
        return []
    return [Problem("case", ref, f"is in an Early Help episode (since {british(episode.start_on)}): {what} follows a referral to children's social care",
                    f"step up first: fscli case step-up {ref} --date DATE")]


def check_assessment_outcome(kind: str, outcome: str) -> list[Problem]:
    allowed = EHA_OUTCOMES if kind == "early-help" else SINGLE_OUTCOMES
    if outcome in allowed:
        return []
    article = "an" if ASSESSMENT_LABELS[kind][0] in "AEIOU" else "a"
    return [Problem("--outcome", outcome, f"is not an outcome of {article} {ASSESSMENT_LABELS[kind]} (valid: {', '.join(allowed)})")]


def check_assessment_in_episode(ref: str, episode: Span | None, kind: str, *, statutory_work: bool) -> tuple[list[Problem], bool]:
    """The problems, and whether the open episode becomes an Early Help one (as for a plan above)."""
    if episode is None:
        return [], False
    if kind == "single":
        problems = check_statutory_step(ref, episode, "a single assessment")
        if problems:
            problems = [Problem(p.field, p.value, p.message, f"for an Early Help assessment add --early-help; for statutory work {p.hint}") for p in problems]
        return problems, False
    if episode.kind == "statutory":
        if not statutory_work:
            return [], True
        return [Problem("--early-help", None, f"case {ref} is in a statutory episode (since {british(episode.start_on)}): an Early Help assessment follows a step-down",
                        f"fscli case step-down {ref} --date DATE --reason RC7 (after a CIN plan) or RC9 (after an assessment)")], False
    return [], False


CENSUS_CLOSURES: tuple[str, ...] = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")


def check_closure_in_episode(ref: str, episode: Span | None, reason: str, *, statutory_work: bool) -> list[Problem]:
    """A statutory episode with statutory work in it closes with its census reason (RC1-RC9,
    domain.md §3), never with an Early Help reason: Early Help that followed it is a step-down."""
    if episode is None or episode.kind != "statutory" or not statutory_work or reason in CENSUS_CLOSURES:
        return []
    return [Problem("--reason", reason, f"case {ref} is in a statutory episode (since {british(episode.start_on)}): it closes with its census reason, RC1-RC9 (see 'fscli codes closure-reason')",
                    f"if the family moved to Early Help, step down first: fscli case step-down {ref} --date DATE --reason RC7")]
