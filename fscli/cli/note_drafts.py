"""The note editor's drafts: kept until the note in them is recorded, never lost and never forgotten.

A draft is two files in a private (0700) folder: `note-N.txt`, the text the editor works on, and
`note-N.json` beside it, what the note is for: the command line that opened the editor (without
`--db` and `--idempotency-key`), the field, the caseload, when the command ran (its dates are read
as of then when it is recovered) and the draft's once-only key (the key
of the write that records it, so a draft whose command committed but was killed before removing
it is never recorded twice). Both are 0600. A draft of a plain caseload is kept in the user's
state folder (~/.local/state/fscli/drafts); a draft of an encrypted caseload only in memory, in a
folder of $XDG_RUNTIME_DIR or /dev/shm checked to be tmpfs, so no note of it touches the disk (it
is lost when the computer restarts). Editors' swap and backup files (vim's .note-1.txt.swp, nano's
note-1.txt.save, emacs's note-1.txt~) land beside the draft, and go with it.

Imported by every command run on a terminal (the reminder), so it imports nothing heavy.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PREFIX = "note-"


def disk_folder() -> Path:
    from fscli.config import state_dir

    return state_dir() / "drafts"


def _memory_candidates() -> list[Path]:
    """$XDG_RUNTIME_DIR/fscli/drafts (tmpfs on systemd machines, the user's own), then /dev/shm/fscli-UID/drafts."""
    bases = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        bases.append(Path(runtime) / "fscli")
    bases.append(Path("/dev/shm") / f"fscli-{os.getuid()}")
    return [base / "drafts" for base in bases]


def folders() -> list[Path]:
    return [disk_folder(), *_memory_candidates()]


def _owned(folder: Path) -> bool:
    from fscli.store.location import owned_private_folder  # here: the reminder runs before every command

    return owned_private_folder(folder)


def memory_folder(mounts: Path | None = None) -> Path | None:
    """A private folder on a memory-backed filesystem for an encrypted caseload's drafts, or None."""
    from fscli.store.location import memory_folder as private_memory_folder

    return private_memory_folder(_memory_candidates(), mounts)


class Draft:
    __slots__ = ("folder", "number")

    def __init__(self, folder: Path, number: int) -> None:
        self.folder = folder
        self.number = number

    @property
    def text_path(self) -> Path:
        return self.folder / f"{PREFIX}{self.number}.txt"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{PREFIX}{self.number}.json"

    @property
    def in_memory(self) -> bool:
        return self.folder != disk_folder()

    def meta(self) -> dict:
        import json

        with open(self.meta_path, encoding="utf-8") as file:
            return json.load(file)

    def text(self) -> str:
        try:
            with open(self.text_path, encoding="utf-8") as file:
                return file.read()
        except FileNotFoundError:
            return ""

    def saved_at(self) -> float:
        """When the editor last saved it (the text's modification time)."""
        try:
            return os.stat(self.text_path).st_mtime
        except OSError:
            return os.stat(self.meta_path).st_mtime

    def exists(self) -> bool:
        return self.meta_path.exists()

    def kept_hint(self) -> str:
        where = " (kept in memory only, as the caseload is encrypted: it is lost if the computer restarts)" if self.in_memory else ""
        return f"your note is kept as draft {self.number}{where}: 'fscli drafts recover {self.number}' records it, 'fscli drafts discard {self.number}' drops it"

    def leftovers(self) -> list[Path]:
        """The draft's files and what editors leave beside it (swap, backup, a hang-up's save)."""
        names = (f"{PREFIX}{self.number}.", f".{PREFIX}{self.number}.", f"#{PREFIX}{self.number}.")
        try:
            with os.scandir(self.folder) as entries:
                found = [Path(entry.path) for entry in entries if entry.name.startswith(names)]
        except OSError:
            return []
        # the text first, what it is for last: a removal cut short leaves a draft still listed
        return sorted(found, key=lambda path: (path == self.meta_path, path != self.text_path))

    def remove(self) -> None:
        """Overwrite each file with zeros, then unlink it (recovered or discarded)."""
        for path in self.leftovers():
            _shred(path)


def _shred(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except OSError:
        fd = None
    if fd is not None:
        from fscli.store.location import zero_fill

        try:
            zero_fill(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _numbers(folder: Path) -> list[int]:
    if not _owned(folder):
        return []
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return []
    return [int(name[len(PREFIX) : -5]) for name in names if name.startswith(PREFIX) and name.endswith(".json") and name[len(PREFIX) : -5].isdigit()]


def all_drafts() -> list[Draft]:
    return sorted((Draft(folder, number) for folder in folders() for number in _numbers(folder)), key=lambda draft: draft.number)


def find(ident: str) -> Draft:
    from fscli.errors import InvalidInput, NotFound

    number = ident.strip().lstrip("#")
    if not number.isdigit() or len(number) > 9:
        raise InvalidInput("ID", ident, "is not a draft number", hint="give the number 'fscli drafts' shows, e.g. 1")
    for draft in all_drafts():
        if draft.number == int(number):
            return draft
    raise NotFound(f"draft {ident!r}: no such draft", hint="see 'fscli drafts' for the drafts kept")


def create(folder: Path, *, command: list[str], field: str, caseload: str, key: str, template: str, started) -> Draft:
    """A new draft holding `template`, numbered with the lowest number no draft has."""
    import json

    from fscli.store.location import private_folder

    private_folder(folder)
    taken = {number for place in folders() for number in _numbers(place)}
    number = 1
    while True:
        if number not in taken:
            try:
                fd = os.open(folder / f"{PREFIX}{number}.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                break
            except FileExistsError:
                pass
        number += 1
    with os.fdopen(fd, "w", encoding="utf-8") as text:
        text.write(template)
    draft = Draft(folder, number)
    meta = {"command": command, "field": field, "caseload": caseload, "key": key, "started": started.isoformat()}
    fd = os.open(draft.meta_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(meta, file)
        file.flush()
        os.fsync(file.fileno())
    return draft


def when(stamp: float) -> str:
    return time.strftime("%d/%m/%Y %H:%M", time.localtime(stamp))


def reminder() -> str | None:
    """The one line the next command prints on a terminal while any draft is kept: a scan of each
    drafts folder, nothing read but the names and the start of each draft."""
    started = []
    for folder in folders():
        if not _owned(folder):
            continue
        try:
            with os.scandir(folder) as entries:
                started.extend(entry.stat().st_mtime for entry in entries if entry.name.startswith(PREFIX) and entry.name.endswith(".json"))
        except OSError:
            continue
    if not started:
        return None
    if len(started) == 1:
        return f"fscli: 1 unsaved note draft from {when(started[0])}: 'fscli drafts' to recover or discard it"
    return f"fscli: {len(started)} unsaved note drafts, the oldest from {when(min(started))}: 'fscli drafts' to recover or discard them"
