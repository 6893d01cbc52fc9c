"""A return's file (`fscli return ...`): private, and whole or not at all.

The content is written to a private file (0600) beside the destination and fsynced (`stage`),
inside the transaction of the view that built it, so that a failure rolls its access row back;
only then is it moved into place (`place`). A failure or Ctrl-C leaves no file, and never half of
one. Refusals (a planted link, a missing or unwritable folder, a file already there without
--replace) come before anything is read, in the export's words (services/export.py).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from fscli.errors import CannotCreate
from fscli.store.location import fsync_folder


@dataclass
class Staged:
    path: Path  # the private file beside the destination
    destination: Path
    replace: bool
    counts: dict[str, int] = field(default_factory=dict)  # rows by sheet, for a workbook


def check_destination(out: Path, *, replace: bool) -> Path:
    """`out`, absolute, once it may be written (exit 73 otherwise, as for an export)."""
    from fscli.services.export import refuse_link, writable_parent

    refuse_link(out)
    if out.exists() and not replace:
        raise CannotCreate(f"--out {out}: exists already", hint="choose a new file name, or add --replace to replace it")
    if out.exists() and not out.is_file():
        raise CannotCreate(f"--out {out}: is not a file", hint="give a file name")
    return writable_parent(out)


def stage(destination: Path, data: bytes, *, replace: bool) -> Staged:
    path = destination.parent / f".{destination.name}.partial-{os.getpid()}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Staged(path, destination, replace)


def stage_workbook(destination: Path, reports, *, replace: bool) -> Staged:
    """Reports, a sheet each (services/spreadsheet.py), built in memory: no temporary file of
    xlsxwriter's ever holds a row."""
    from fscli.services import spreadsheet

    book = io.BytesIO()
    counts = spreadsheet.write_reports(book, reports)
    staged = stage(destination, book.getvalue(), replace=replace)
    staged.counts = counts
    return staged


def place(staged: Staged) -> Path:
    """Move the staged file into place; on any failure it is removed and nothing is replaced."""
    try:
        if staged.destination.is_symlink() or (staged.destination.exists() and not staged.replace):
            raise CannotCreate(f"--out {staged.destination}: appeared while the return was built; nothing was replaced", hint="run it again")
        os.replace(staged.path, staged.destination)
        fsync_folder(staged.destination.parent)
    except BaseException:
        discard(staged)
        raise
    return staged.destination


def discard(staged: Staged | None) -> None:
    if staged is not None:
        staged.path.unlink(missing_ok=True)
