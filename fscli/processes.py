"""Whether a process is still running: what a sweep of files left by killed commands asks before
removing one (export staging folders, the copies of `db encrypt`), so a live command's files
are never taken from under it."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False  # no such process number
    return True
