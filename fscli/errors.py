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
    PERMISSION = 77  # the database is newer than this fscli, on a network drive, unreadable, or encrypted and the key is missing or wrong; a secret key file others can read
    HANGUP = 129  # SIGHUP (128 + 1): the terminal went away; rolled back, nothing left behind
    INTERRUPTED = 130  # Ctrl-C: the transaction was rolled back
    TERMINATED = 143  # SIGTERM (128 + 15), as systemd stops a job: rolled back, nothing left behind


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


class KeyRefused(DatabaseRefused):
    """An encrypted caseload with no key, or a key that does not open it; a secret key file (a key
    file, an export's age identity) others can read, or an identity that does not open the export (exit 77)."""


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


class Unchanged(AlreadyDone):
    """Not a failure: a write that would record only what the database holds already (a repeated
    `worker add`). Exit 0, nothing written, not even an audit row."""

    def __init__(self, message: str) -> None:
        FscliError.__init__(self, f"{message}; nothing was written")
        self.label = None


class DataProblem(FscliError):
    exit_code = ExitCode.DATA


class CannotCreate(FscliError):
    exit_code = ExitCode.CANT_CREATE


class Stopped(BaseException):
    """SIGTERM or SIGHUP, raised where the command was, as Ctrl-C raises KeyboardInterrupt: a
    BaseException, so that nothing which catches Exception swallows it, and every cleanup runs."""

    def __init__(self, signum: int) -> None:
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum


class StoppedWriting(FscliError):
    """SIGHUP or SIGTERM while the note was open in the editor: nothing recorded, and the note kept
    as a draft (cli/editor.py), which the line says how to recover; exit 128 + the signal's number."""

    def __init__(self, exit_code: ExitCode, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.exit_code = exit_code
