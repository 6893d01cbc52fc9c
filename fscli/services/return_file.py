"""A return's file (`fscli return ...`): private, and whole or not at all.

The one home of how every return (the CIN census XML, the Annex A workbook) reaches its file.
The content is written to a private file (0600) in a private staging folder beside the
destination, named as an export's (services/export.py), and fsynced (`stage`), inside the
transaction of the view that built it, so that a failure rolls its access row back; only then is
it moved into place (`place`). A failure or Ctrl-C leaves no file, and never half of one; what a
SIGKILL leaves is swept by the next return or export to that folder (`check_destination`).
Refusals (a planted link, a folder, a missing or unwritable folder, a file already there without
--replace) come before anything is read, in the export's words.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from fscli.errors import CannotCreate
from fscli.store.location import fsync_folder


@dataclass
class Staged:
    path: Path  # the private file, in its private staging folder beside the destination
    destination: Path
    replace: bool
    counts: dict[str, int] = field(default_factory=dict)  # rows by sheet, for a workbook
    swept: tuple[str, ...] = ()  # what killed runs had left beside the destination, now removed


def check_destination(out: Path, *, replace: bool) -> Path:
    """`out`, absolute, once it may be written (exit 73 otherwise, as for an export)."""
    from fscli.services.export import refuse_link, writable_parent

    refuse_link(out)
    if out.is_dir():
        raise CannotCreate(f"--out {out}: is a folder, not a file", hint="give the name of the file to write")
    if out.exists() and not replace:
        raise CannotCreate(f"--out {out}: exists already", hint="choose a new file name, or add --replace to replace it whole")
    if out.exists() and not out.is_file():
        raise CannotCreate(f"--out {out}: is not a file", hint="give a file name")
    return writable_parent(out)


def stage(destination: Path, data: bytes, *, replace: bool) -> Staged:
    def write(path: Path, _folder: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    return _staged(destination, write, replace=replace)


def stage_workbook(destination: Path, reports, batches, *, replace: bool) -> Staged:
    """Reports, a sheet each, their rows streamed in batches (services/spreadsheet.py
    `write_batches`): xlsxwriter's temporary files, which hold rows until the workbook is
    closed, are made in the private staging folder and go with it, never in the system's."""
    from fscli.services import spreadsheet

    counts: dict[str, int] = {}

    def write(path: Path, folder: Path) -> None:
        counts.update(spreadsheet.write_batches(path, reports, batches, tmpdir=folder))

    staged = _staged(destination, write, replace=replace)
    staged.counts = counts
    return staged


def _staged(destination: Path, write, *, replace: bool) -> Staged:
    """`write(path, folder)` makes the file at `path` in a new private folder (0700) beside the
    destination; it is made private (0600) and fsynced. On any failure the folder is removed."""
    from fscli.services.export import staging_name, sweep_stale

    swept = tuple(sweep_stale(destination))
    folder = destination.parent / f"{staging_name(destination.name, 'partial')}-{os.getpid()}"
    try:
        os.mkdir(folder, 0o700)
    except OSError as error:  # a folder that says it may be written and is not (/proc, a read-only mount)
        raise _cannot_write(destination, error) from None
    path = folder / destination.name
    try:
        write(path, folder)
        os.chmod(path, 0o600)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:  # the disk full, a quota: one line and exit 73, never an internal error
        shutil.rmtree(folder, ignore_errors=True)
        raise _cannot_write(destination, error) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(path, destination, replace, swept=swept)


def _cannot_write(destination: Path, error: OSError) -> CannotCreate:
    return CannotCreate(f"--out {destination}: cannot be written ({error.strerror or str(error) or 'the system refused it'})", hint="choose a folder you can write to")


def place(staged: Staged) -> Path:
    """Move the staged file into place; on any failure it is removed and nothing is replaced."""
    try:
        if staged.destination.is_symlink() or (staged.destination.exists() and not staged.replace):
            raise CannotCreate(f"--out {staged.destination}: appeared while the return was built; nothing was replaced", hint="run it again")
        try:
            os.replace(staged.path, staged.destination)
        except OSError as error:
            raise _cannot_write(staged.destination, error) from None
        fsync_folder(staged.destination.parent)
    finally:
        discard(staged)
    return staged.destination


def discard(staged: Staged | None) -> None:
    if staged is not None:
        shutil.rmtree(staged.path.parent, ignore_errors=True)
