"""Rules return every problem at once, so a worker fixes a command in one go."""

from __future__ import annotations

from fscli.domain.frozen import frozen
from fscli.errors import InvalidInput, shown


@frozen
class Problem:
    field: str
    value: object
    message: str
    hint: str | None = None

    def line(self) -> str:
        head = f"{self.field}: {self.message}" if self.value is None else f"{self.field} {shown(self.value)!r}: {self.message}"
        return f"{head}; {self.hint}" if self.hint else head


class Problems(InvalidInput):
    """One or more problems, reported together on one line."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.field, first.value, first.message, hint=first.hint)
        self.problems = problems
        self.message = " | ".join(p.line() for p in problems)
        self.hint = None


def check(problems: list[Problem]) -> None:
    if problems:
        raise Problems(problems)
