"""Typed errors and the exit-code contract (reliability.md §4.3).

Every error a user can cause is an FscliError carrying its exit code and one line that
names the field, the value and what to do. main() prints it once; nothing else prints errors.
"""

from __future__ import annotations

from enum import IntEnum

from fscli.visible import visible


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # rejected input or a rule of the work; nothing written
    USAGE = 2  # unknown option, missing argument
    DATA = 65  # a data file or the database content is bad (import, db check)
    INTERNAL = 70  # a bug: the traceback is in the private log
    CANT_CREATE = 73  # an output file exists or cannot be written
    TEMPORARY = 75  # database busy past the timeout; retrying is safe
    PERMISSION = 77  # the database is newer than this fscli, on a network drive, or unreadable
    HANGUP = 129  # SIGHUP (the terminal closed): nothing was recorded
    INTERRUPTED = 130  # Ctrl-C: the transaction was rolled back
    TERMINATED = 143  # SIGTERM (the system stopping fscli): nothing was recorded


def shown(value: object, limit: int = 40) -> str:
    """A value as it may appear in a one-line message: hidden characters spelled out, truncated."""
    text = visible(str(value), one_line=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_line(error: object, empty: str | None = None) -> str:
    """A driver's message in one line (a server adds DETAIL and HINT lines below it)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else empty or type(error).__name__


class FscliError(Exception):
    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def line(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InvalidInput(FscliError):
    """A value the user gave that cannot be used: names the field and the value."""

    def __init__(self, field: str, value: object, problem: str, *, hint: str | None = None) -> None:
        self.field = field
        self.value = value
        super().__init__(f"{field}: {problem}" if value is None else f"{field} {shown(value)!r}: {problem}", hint=hint)


class NotFound(FscliError):
    pass


class NoSuchCase(NotFound):
    """No case has the reference typed: the one refusal, on the read path and the write path alike."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"case {ref!r}: no such case", hint="see 'fscli case list --all' for the references")


class RuleBroken(FscliError):
    """The input is readable but the rules of the work forbid it (closing a closed case...)."""


class SameDayEntry(RuleBroken):
    """A contact or meeting of the same case, type and day as one already recorded: on a terminal
    fscli asks first; a script is refused unless it says --again (fscli/domain/duplicates.py)."""

    def __init__(self, message: str, *, hint: str | None = None, question: str = "") -> None:
        super().__init__(message, hint=hint)
        self.question = question


class DatabaseBusy(FscliError):
    exit_code = ExitCode.TEMPORARY

    def __init__(self) -> None:
        super().__init__("the database is busy with another fscli command: nothing was changed; try again")


class DatabaseRefused(FscliError):
    exit_code = ExitCode.PERMISSION


class DatabaseMissing(FscliError):
    pass


class AlreadyDone(FscliError):
    """Not a failure: a retried write whose idempotency key was used already. Exit 0, nothing changed."""

    exit_code = ExitCode.OK

    def __init__(self, key: str, command: str, at, label: str | None) -> None:
        when = f"{at:%d/%m/%Y %H:%M} UTC" if at else "before"
        made = f" ({label})" if label else ""
        super().__init__(f"already done: idempotency key {key!r} was used by '{command}' at {when}{made}; nothing was changed")
        self.label = label


class DataProblem(FscliError):
    exit_code = ExitCode.DATA


class CannotCreate(FscliError):
    exit_code = ExitCode.CANT_CREATE


class Stopped(FscliError):
    """fscli was told to stop (SIGHUP: the terminal closed; SIGTERM: the system stopping it):
    exit 128 + the signal's number, as a shell reports a command it killed."""

    def __init__(self, exit_code: ExitCode, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.exit_code = exit_code
