"""A report read in parallel lanes, each on its own reader of one snapshot (Database.readers).

SQLite and psycopg let go of Python's lock while a statement runs, so a lane of aggregate queries
on a second connection runs beside a lane that walks rows in Python, on a second core. With one
reader, or fewer readers than lanes, the lanes run one after another on the first: the same
answer, later.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from fscli.store.db import Reader

Lane = Callable[[Reader], Any]


def in_lanes(readers: Sequence[Reader], lanes: Sequence[Lane]) -> list[Any]:
    """Each lane's result, in the lanes' order; the first error any lane raised, raised here."""
    if len(readers) < len(lanes) or len(lanes) == 1:
        return [lane(readers[0]) for lane in lanes]
    results: list[Any] = [None] * len(lanes)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = lanes[index](readers[index])
        except BaseException as error:  # noqa: BLE001 - handed to the main thread, which raises it
            errors.append(error)

    others = [threading.Thread(target=run, args=(i,), name=f"fscli-lane-{i}", daemon=True) for i in range(1, len(lanes))]
    for thread in others:
        thread.start()
    try:
        run(0)
        if errors:  # the report cannot be made: stop the others rather than wait for them
            _interrupt(readers[1 : len(lanes)])
        for thread in others:
            thread.join()
    except BaseException:
        # Ctrl-C while the others read: stop their statements before their connections close.
        _interrupt(readers[1 : len(lanes)])
        for thread in others:
            thread.join()
        raise
    if errors:
        raise errors[0]
    return results


def _interrupt(readers: Sequence[Reader]) -> None:
    for reader in readers:
        reader.interrupt()
