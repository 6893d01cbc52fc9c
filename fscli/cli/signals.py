"""SIGTERM and SIGHUP handled as Ctrl-C is: raised where the command is, so that every cleanup runs.

systemd stops a job with SIGTERM; a closed terminal sends SIGHUP. Left to their defaults, either ends
the process at once and an export's staging folder, full of records, stays on the disk. Inside
`stopping()` each becomes `Stopped` (fscli/errors.py), which unwinds like KeyboardInterrupt; main()
turns it into one line and exit 128 + the signal's number (143, 129).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fscli.errors import Stopped

HANDLED = (signal.SIGTERM, signal.SIGHUP)


@contextmanager
def stopping() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Stopped once; a second signal while the first
    one's cleanup runs is ignored, so that the cleanup finishes (systemd's SIGKILL still ends it)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs handlers on the main thread only
        return
    raised = False

    def handle(signum, frame) -> None:
        nonlocal raised
        if not raised:
            raised = True
            raise Stopped(signum)

    previous = {signum: signal.signal(signum, handle) for signum in HANDLED}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
