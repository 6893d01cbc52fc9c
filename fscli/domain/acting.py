"""Who is acting: on a team's server the login says, not FSCLI_WORKER (issue 23 §1).

On SQLite the file is one person's and the configured worker (--worker, FSCLI_WORKER, the config
file) stands. On PostgreSQL the worker is the one whose `login` is the session's login; a
maintenance login (the database owner, a superuser) with no worker row keeps the configured
worker, as on SQLite; any other login with no worker row may read what row security shows it but
may not write, nor ask for its own work (--mine).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Acting:
    worker: str | None  # the name the command records and narrows --mine to
    note: str | None = None  # one line for stderr: FSCLI_WORKER named someone else
    refusal: str | None = None  # why this login may not write: no worker row is this login
    login: str = "LOGIN"

    @property
    def hint(self) -> str:
        return f"ask the caseload's owner to run: fscli worker add \"Your Name\" --login {self.login} (as the migration role)"

    @property
    def read_note(self) -> str | None:
        """One line for a read by a login that is no worker: its lists are empty, and why."""
        if not self.refusal:
            return None
        return f"{self.refusal}, so it is in no team and holds no case (lists may be empty for that): {self.hint}"


def acting(configured: str | None, *, login: str, login_worker: str | None, maintainer: bool) -> Acting:
    if login_worker is not None:
        spoofed = configured is not None and configured.casefold() != login_worker.casefold()
        note = f"FSCLI_WORKER names {configured}, but on this server you are {login_worker} (login {login}): recorded as {login_worker}" if spoofed else None
        return Acting(login_worker, note)
    if maintainer:
        return Acting(configured)
    return Acting(None, refusal=f"login {login} is no worker of this caseload", login=login)
