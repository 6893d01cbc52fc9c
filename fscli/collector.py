"""When the cyclic garbage collector runs in a command's process (issue 27).

Start-up and the command's own imports (Typer, then SQLModel, SQLAlchemy and the table classes a
write builds) make objects that live as long as the process; while they are made, every full
collection walks all of them again. So the console script holds the collector off from the start
(`hold`, fscli/cli/entry.py) until the command opens the database (`resume`, fscli/store/db.py):
by then its imports are done, so what they made is moved out of the collector's sight with
gc.freeze(), and collection goes on as usual for what the command itself makes (an import of a
whole caseload, an export). Measured under callgrind: `case open` 1,913M -> 1,835M instructions.

A command that holds the collector off for a while itself (`fscli due` while it makes its list)
does it with `held()`, so opening the database inside that block does not turn it back on. In-process
callers (the tests) never `hold` it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_START: list[bool] = []  # the console script's hold, until the database opens
_BLOCKS: list[bool] = []  # one for each `held()` block running


def hold() -> None:
    """The collector off until `resume`: the console script's start."""
    gc.disable()
    _START[:] = [True]


def resume() -> None:
    """The command begins its work: what start-up and its imports made is frozen out of the
    collector's way, and the collector runs again (once; later calls do nothing), unless a `held()`
    block is running: it then runs again when the block ends."""
    if _START:
        _START.clear()
        gc.freeze()
        if not _BLOCKS:
            gc.enable()


@contextmanager
def held() -> Iterator[None]:
    """The collector off while the block runs (a list of many records in no cycle, which it would
    scan again and again as it grows); afterwards as it would be without the block."""
    on_after = gc.isenabled() or bool(_START)
    _BLOCKS.append(True)
    gc.disable()
    try:
        yield
    finally:
        _BLOCKS.pop()
        if on_after and not _BLOCKS and not _START:
            gc.enable()
