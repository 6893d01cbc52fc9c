"""A profile table of rule = period (`[timescales]`, `[retention]`) applied to the rules in force:
each known rule given its new period and the file that set it; every bad entry reported at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from fscli.domain.problems import Problem

R = TypeVar("R")


def overridden(rules: dict[str, R], table: object, source: str, *, section: str, what: str, example: str, parse: Callable[[object, str], tuple[Any, list[Problem]]], field: str) -> tuple[dict[str, R], list[Problem]]:
    """`rules` with `table` applied: each value read by `parse` into the rule's `field`, its
    `set_by` the source. `what` names a rule ("a timescale fscli keeps"); `example` one entry."""
    if not isinstance(table, dict):
        return rules, [Problem(f"{source}: [{section}]", None, f"must be a table of rule = {field}", f"e.g. {example}")]
    changed, problems = dict(rules), []
    for key, value in table.items():
        if key not in changed:
            problems.append(Problem(f"{source}: [{section}]", key, f"is not {what}", f"known: {', '.join(rules)}"))
            continue
        parsed, found = parse(value, f"{source}: [{section}] {key}")
        problems += found
        if parsed is not None:
            changed[key] = replace(changed[key], **{field: parsed, "set_by": source})  # type: ignore[type-var]
    return changed, problems
