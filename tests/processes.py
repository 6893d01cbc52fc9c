"""Child processes for the tests that write from several processes at once, started so that a
child that fails or hangs is reported with its stack, not waited out.

Spawned, not forked: the pytest-xdist worker that starts them has threads of its own, and a child
forked while one of those threads holds a lock can wait on it for ever. The crash tests still
fork: they must write within milliseconds of starting, and they kill their children anyway. A
parent that waits for a message also fails at once when a child has died, and says so when the
children stopped sending: in CI the backup-under-load test once waited in silence for a "done"
that it had read, and dropped, while it was counting the writes before the backup.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import queue as queues
import time

SPAWN = multiprocessing.get_context("spawn")


def watchdog(seconds: float = 280) -> None:
    """Called first thing in a child: if it is still running after `seconds`, every thread's stack
    goes to stderr (which pytest captures) and the child exits, so the test fails saying where."""
    faulthandler.dump_traceback_later(seconds, exit=True)


def receive(messages, children: list, timeout: float):
    """The next message from the children; fails at once, with the exit codes, when one of them
    has died (its traceback is in the captured stderr), and after `timeout` seconds otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return messages.get(timeout=1)
        except queues.Empty:
            failed = [child.exitcode for child in children if child.exitcode not in (None, 0)]
            if failed:
                raise AssertionError(f"a child process ended with exit code {failed[0]} before it was done: see its stderr") from None
            if time.monotonic() > deadline:
                raise AssertionError(f"no message from the child processes in {timeout:.0f} s") from None
