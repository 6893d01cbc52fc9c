"""What a command needs: settings, the clock, the database, and the values it reads (dates, text from stdin).

Where output goes is cli/output.py."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

from fscli.clock import Clock, clock_from_env
from fscli.config import Settings, load_settings
from fscli.errors import AlreadyDone, DatabaseRefused, FscliError

T = TypeVar("T")

ROOT_OPTIONS: dict[str, Any] = {}
INVOKED: list[str] = []  # the command's words, e.g. ["case", "open"]: named by an idempotency key
ARGS: list[str] = []  # the command line as given: what a note draft re-runs (cli/note_drafts.py)
NOTE_DRAFTS: list[Any] = []  # the editor's draft this command's write records: removed once it commits
AS_OF: list[Any] = []  # when a recovered note draft's command was first run: its dates read as then
ROOT_VALUE_OPTIONS = ("--db", "--idempotency-key")  # the root options that take a value
LOGIN_REFUSED: list[Any] = []  # on a team server, a login with no worker row: why --mine cannot be used


def without_root_values(args: list[str]) -> list[str]:
    """The command line less --db and --idempotency-key with their values: the command's words
    and options, as a note draft keeps them to run again (it keeps the caseload and key apart)."""
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ROOT_VALUE_OPTIONS:
            skip = True
        elif not arg.startswith(tuple(f"{option}=" for option in ROOT_VALUE_OPTIONS)):
            kept.append(arg)
    return kept


class AppContext:
    def __init__(self, db: str | None = None, **options: Any) -> None:
        merged = {**{k: v for k, v in ROOT_OPTIONS.items() if k != "idempotency_key"}, **{k: v for k, v in options.items() if v is not None}}
        if db is not None:
            merged["db"] = db
        self.settings: Settings = load_settings(merged)
        self.clock: Clock = clock_from_env()
        if AS_OF:
            from fscli.clock import AsOf

            self.clock = AsOf(AS_OF[0], self.clock)
        self._database = None
        self._practice = None
        self._acting = None
        self._noted = False  # a login that is no worker told so once (_note_unknown_login)
        if self.settings.db.partition("://")[0].startswith("postgres"):
            self.settings.acting = self._acting_worker

    @property
    def today(self):
        return self.clock.today()

    @property
    def database(self):
        if self._database is None:
            from fscli.store.db import Database
            from fscli.store.location import locate

            settings = self.settings
            self._database = Database(locate(settings.db, settings.db_named), busy_timeout_ms=settings.busy_timeout_ms, allow_network_fs=settings.allow_network_fs, key_file=settings.key_file)
        return self._database

    def _acting_worker(self, configured: str | None, reader: Any = None) -> str | None:
        """On a team server, the worker is the login's (domain/acting.py), asked once a command
        (on `reader` when a read has one open)."""
        if self._acting is None:
            from fscli.domain.acting import acting
            from fscli.store.login import who

            if reader is not None:
                login = who(reader)
            else:
                with self.database.reader() as opened:
                    login = who(opened)
            self._acting = acting(configured, login=login.login, login_worker=login.worker, maintainer=login.maintainer)
            if self._acting.note:
                from fscli.render.emit import message

                message(f"fscli: note: {self._acting.note}")
            if self._acting.refusal:
                LOGIN_REFUSED[:] = [self._acting]
        return self._acting.worker

    def refuse_unknown_login(self) -> None:
        """A write by a login that is no worker is refused before anything is written."""
        self.settings.worker  # noqa: B018 - resolves who is acting
        if self._acting is not None and self._acting.refusal:
            raise DatabaseRefused(self._acting.refusal, hint=self._acting.hint)

    @property
    def server_roles(self):
        """The roles a team server's grants and row security name (settings team_role, oversight_role)."""
        from fscli.store.server_rules import Roles

        return Roles(str(self.settings.get("team_role")), str(self.settings.get("oversight_role")))

    @property
    def practice(self):
        """The timescales and working calendar in force (statutory defaults, then the team's files)."""
        if self._practice is None:
            from fscli.practice import load_practice

            self._practice = load_practice(self.settings)
        return self._practice

    def write(self, work: Callable[[Any], T]) -> T:
        from fscli.store.uow import Idempotency, run

        # A note from the editor is recorded under its draft's key: a draft left behind by a run
        # killed after its commit is then never recorded twice (cli/note_drafts.py).
        key = ROOT_OPTIONS.get("idempotency_key") or (NOTE_DRAFTS[0].meta()["key"] if NOTE_DRAFTS else None)
        once = Idempotency(key, " ".join(INVOKED)) if key else None
        try:
            self.refuse_unknown_login()
            result = run(self.database, self.clock, self.settings.worker, work, idempotency=once)
        except AlreadyDone:
            NOTE_DRAFTS.clear()  # recorded before: the draft is not this write's to remove
            raise
        except FscliError as error:
            if NOTE_DRAFTS:  # nothing was recorded: say where the note is
                error.hint = f"{error.hint}; {NOTE_DRAFTS[0].kept_hint()}" if error.hint else NOTE_DRAFTS[0].kept_hint()
            raise
        for draft in NOTE_DRAFTS:
            draft.remove()
        NOTE_DRAFTS.clear()
        return result

    def read(self, build: Callable[[Any], T]) -> T:
        with self.database.reader() as reader:
            result = build(reader)
            self._note_unknown_login(reader)
            return result

    def _note_unknown_login(self, reader: Any) -> None:
        """On a team server, a read by a login that is no worker says so in one line (stderr):
        its lists are empty, not its caseload's."""
        if self.settings.acting is None or self._noted:
            return
        self._noted = True
        self._acting_worker(self.settings.get("worker"), reader)
        if self._acting is not None and self._acting.read_note:
            from fscli.render.emit import message

            message(f"fscli: note: {self._acting.read_note}")

    @property
    def logs_views(self) -> bool:
        """Whether views of a case's records are logged: always on PostgreSQL; on a worker's
        SQLite file when the setting access_log is on (store/access.py)."""
        return not self.database.location.is_sqlite or self.settings.access_log

    def view(self, name: str, build: Callable[[Any], T], cases: Callable[[Any, T], list[int]], detail: dict[str, object] | Callable[[T], dict[str, object]] | None = None) -> T:
        """A view of a case's records: built, and its access row written (store/access.py), in
        one transaction; a view refused (no such case) writes none. `cases` names the cases the
        view showed, `detail` what was asked (options, counts), never a value of the record."""
        logged = self.logs_views
        with self.database.reader(logged=logged) as reader:
            result = build(reader)
            if logged:
                self.log_view(reader, name, detail(result) if callable(detail) else (detail or {}), cases(reader, result))
            self._note_unknown_login(reader)
            return result

    def log_view(self, reader: Any, name: str, detail: dict[str, object], case_ids: list[int]) -> None:
        """Write a view's access row on `reader`, a logged reader (Database.reader(logged=True))."""
        from fscli.store.access import record

        record(reader, view=name, detail=detail, case_ids=case_ids, clock=self.clock, worker=self.settings.worker)

    def read_in_lanes(self, build: Callable[[list[Any]], T], lanes: int) -> T:
        """`build` gets up to `lanes` readers on one snapshot (reports/lanes.py)."""
        with self.database.readers(lanes) as readers:
            return build(readers)


def read_date(ctx: AppContext, value: str | None, field: str, *, ahead: bool = False, since=None):
    """Parse a date option against the command's clock; None stays None.

    `since` is the day relative dates count from when it is not today: a meeting's `--next +6w`
    is six weeks after the meeting, whenever it is recorded."""
    if value is None:
        return None
    from fscli.domain.dates import Look, parse_date

    return parse_date(value, since or ctx.today, field=field, look=Look.AHEAD if ahead else Look.BACK)


def read_period(ctx: AppContext, start: str | None, end: str | None, *, ahead: bool = False):
    """--from and --to, either left out; --from after --to is refused (it would list nothing,
    and say nothing of why). With `ahead`, a weekday alone in --to is the coming one."""
    first, last = read_date(ctx, start, "--from"), read_date(ctx, end, "--to", ahead=ahead)
    if first is not None and last is not None and first > last:
        from fscli.domain.problems import Problem, check

        check([Problem("--from", start, f"is after --to ({last:%d/%m/%Y})", "give the period's first day, then its last")])
    return first, last


def read_text(value: str | None) -> str | None:
    """'-' reads the text from stdin, so long notes stay out of argv and shell history."""
    if value == "-":
        return sys.stdin.read()
    return value
