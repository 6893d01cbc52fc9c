"""What a command needs: settings, the clock, the database, and where output goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from fscli.cli.options import Color, Format
from fscli.clock import Clock, clock_from_env
from fscli.config import Settings, load_settings

T = TypeVar("T")

ROOT_OPTIONS: dict[str, Any] = {}
INVOKED: list[str] = []  # the command's words, e.g. ["case", "open"]: named by an idempotency key


class AppContext:
    def __init__(self, db: str | None = None, **options: Any) -> None:
        merged = {**{k: v for k, v in ROOT_OPTIONS.items() if k != "idempotency_key"}, **{k: v for k, v in options.items() if v is not None}}
        if db is not None:
            merged["db"] = db
        self.settings: Settings = load_settings(merged)
        self.clock: Clock = clock_from_env()
        self._database = None
        self._practice = None

    @property
    def today(self):
        return self.clock.today()

    @property
    def database(self):
        if self._database is None:
            from fscli.store.db import Database
            from fscli.store.location import locate

            self._database = Database(locate(self.settings.db), busy_timeout_ms=self.settings.busy_timeout_ms, allow_network_fs=self.settings.allow_network_fs)
        return self._database

    @property
    def practice(self):
        """The timescales and working calendar in force (statutory defaults, then the team's files)."""
        if self._practice is None:
            from fscli.practice import load_practice

            self._practice = load_practice(self.settings)
        return self._practice

    def write(self, work: Callable[[Any], T]) -> T:
        from fscli.store.uow import Idempotency, run

        key = ROOT_OPTIONS.get("idempotency_key")
        once = Idempotency(key, " ".join(INVOKED)) if key else None
        return run(self.database, self.clock, self.settings.worker, work, idempotency=once)

    def read(self, build: Callable[[Any], T]) -> T:
        with self.database.reader() as reader:
            return build(reader)

    def read_in_lanes(self, build: Callable[[list[Any]], T], lanes: int) -> T:
        """`build` gets up to `lanes` readers on one snapshot (reports/lanes.py)."""
        with self.database.readers(lanes) as readers:
            return build(readers)


def output_format(fmt: Format | None) -> str:
    if fmt is not None:
        return fmt.value
    return "table" if sys.stdout.isatty() else "tsv"


def color_mode(color: Color) -> str:
    if color is Color.auto and os.environ.get("NO_COLOR"):
        return "never"
    return color.value


def show(view, fmt: Format | None, color: Color, *, page: bool = False) -> None:
    from fscli.render.emit import emit, message

    chosen = output_format(fmt)
    if page and chosen == "table" and sys.stdout.isatty():
        paged(view, color_mode(color))
        return
    emit(view, chosen, sys.stdout, color=color_mode(color))
    if chosen != "table" and getattr(view, "note", None):
        message(view.note)  # counts and definitions stay with the data, without breaking its format


def paged(view, color: str) -> None:
    """A table longer than the screen goes through $PAGER (default less -FRX), on a terminal only."""
    import io
    import shutil
    import subprocess

    from fscli.render.emit import emit

    size = shutil.get_terminal_size()
    buffer = io.StringIO()
    emit(view, "table", buffer, color="always" if color != "never" else "never", width=size.columns)
    text = buffer.getvalue()
    pager = os.environ.get("PAGER", "less -FRX").strip()
    if text.count("\n") < size.lines or not pager:
        sys.stdout.write(text)
        return
    try:
        subprocess.run(pager, shell=True, input=text, text=True, check=False)  # noqa: S602 - $PAGER is a shell command line by convention (git, man)
    except OSError:
        sys.stdout.write(text)


def confirm(text: str, datum: str | None = None) -> None:
    """Tell the worker what was done (stderr); give scripts the one value they need (stdout)."""
    from fscli.render.emit import message

    message(text)
    if datum is not None and not sys.stdout.isatty():
        sys.stdout.write(datum + "\n")


def read_date(ctx: AppContext, value: str | None, field: str, *, ahead: bool = False):
    """Parse a date option against the command's clock; None stays None."""
    if value is None:
        return None
    from fscli.domain.dates import Look, parse_date

    return parse_date(value, ctx.today, field=field, look=Look.AHEAD if ahead else Look.BACK)


def read_text(value: str | None) -> str | None:
    """'-' reads the text from stdin, so long notes stay out of argv and shell history."""
    if value == "-":
        return sys.stdin.read()
    return value
