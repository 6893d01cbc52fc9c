"""The nightly export: every table from one snapshot, into a folder that appears whole or not at all.

Files are written into a private temporary folder beside the destination, each fsynced, with a
manifest of row counts and SHA-256 sums; only then is the folder moved into place (and an old one
replaced, with --replace). A failure or Ctrl-C removes the temporary folder: a loader never sees a
partial export (reliability.md F6, C3).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fscli import __version__, formats
from fscli.errors import CannotCreate, InvalidInput
from fscli.processes import alive
from fscli.store.anchors import newest
from fscli.store.db import Database
from fscli.store.location import fsync_folder
from fscli.store.schema import HEAD, TABLES

if TYPE_CHECKING:
    from fscli.services.sealing import Recipients

_MIB = 1 << 20
Progress = Callable[[str, int, int], None]  # table, rows written so far, rows in the table


@dataclass
class Exported:
    folder: Path
    tables: dict[str, int] = field(default_factory=dict)
    held_back: int = 0  # rows left out under restriction of processing (the manifest's held_back)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def check_destination(out: Path, *, replace: bool) -> Path:
    """Refuse before reading anything: a planted symlink, an existing folder, an unwritable parent."""
    refuse_link(out)
    if out.exists() and not replace:
        raise CannotCreate(f"--out {out}: exists already", hint="choose a new folder, or add --replace to replace it whole")
    if out.exists() and not out.is_dir():
        raise CannotCreate(f"--out {out}: is a file, not an export folder", hint="choose a folder name")
    return writable_parent(out)


def refuse_link(out: Path) -> None:
    """A folder fscli writes records into is never reached through a symbolic link (one planted there);
    nor is it '-', which on fscli's command line means standard input or output, not a name."""
    if str(out) == "-":
        raise CannotCreate("--out '-': fscli writes files here, not to standard output", hint="give the name of the folder or file to create")
    if out.is_symlink():
        raise CannotCreate(f"--out {out}: is a symbolic link; fscli will not write through it", hint="give the real folder, or remove the link")


def writable_parent(out: Path) -> Path:
    """`out`, absolute, once the folder it goes in is found and may be written."""
    parent = out.absolute().parent
    if parent.exists() and not parent.is_dir():
        raise CannotCreate(f"--out {out}: {parent} is a file, not a folder", hint="give a file name in a folder")
    if not parent.is_dir():
        raise CannotCreate(f"--out {out}: the folder {parent} does not exist", hint="create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CannotCreate(f"--out {out}: cannot write in {parent} (permission denied)", hint="choose a folder you can write to")
    return out.absolute()


def choose_tables(names: list[str] | None) -> list[str]:
    if not names:
        return list(TABLES)
    wanted = [n.strip().lower() for part in names for n in part.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in TABLES]
    if unknown:
        raise InvalidInput("--tables", unknown[0], "is not a table fscli keeps", hint=f"tables: {', '.join(TABLES)}")
    return [t for t in TABLES if t in wanted]  # parents first, whatever order was typed


class _Sink:
    """One private file, hashed as it is written.

    Hashing and writing run on a thread of their own, fed through a short queue, while the main
    thread reads the next rows: SQLite, hashlib and file writes all release the GIL, so on two
    cores the export runs nearly as fast as SQLite can produce rows (benchmarks/export.py). The
    queue is bounded, so memory stays flat however long the table.
    """

    def __init__(self, path: Path, recipients: Recipients | None = None) -> None:
        import queue
        import threading

        self.path = path
        self.handle = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        self.sha = hashlib.sha256()
        self.blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        # Sealed (--encrypt-to): age encrypts each block on this thread before it reaches the file.
        target = (lambda: self._seal(recipients)) if recipients else self._drain
        self.worker = threading.Thread(target=target, name=f"write {path.name}", daemon=True)
        self.worker.start()

    def _seal(self, recipients: Recipients) -> None:
        from fscli.services import sealing

        stream = sealing.Stream(self.blocks)
        try:
            sealing.seal(stream, self.handle, self.sha, recipients)
        except BaseException as error:  # reported on the main thread; the rest is read and dropped
            self.error = error
            while not stream.ended and self.blocks.get() is not None:
                pass

    def _drain(self) -> None:
        while (block := self.blocks.get()) is not None:
            if self.error is None:
                try:
                    self.sha.update(block)
                    self.handle.write(block)
                except BaseException as error:  # reported by write() or close() on the main thread
                    self.error = error

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.blocks.put(data)

    def close(self) -> str:
        self.blocks.put(None)
        self.worker.join()
        try:
            if self.error is not None:
                raise self.error
            self.handle.flush()
            os.fsync(self.handle.fileno())
        finally:
            self.handle.close()
        return self.sha.hexdigest()


def export(database: Database, out: Path, *, fmt: str, since: datetime | None, tables: list[str], replace: bool, now: datetime, progress: Progress | None = None,
           recipients: Recipients | None = None, log: Callable[[Any, list[int]], None] | None = None) -> Exported:  # fmt: skip
    """Export `tables` into the folder `out`, whole or not at all. With `log`, the export is a view
    of every case's records: `log(reader, case_ids)` writes its access row (store/access.py)
    before the folder is moved into place, so no export appears that the log does not show. On
    PostgreSQL the row is written in the export's own snapshot transaction; on SQLite in a short
    write transaction after the read, as a nightly export must not hold the write lock while it
    reads (writers would wait on it, reliability.md §1.3)."""
    from fscli.store import exporting, restricted_names

    write = formats.function(fmt, formats.EXPORT)
    destination = check_destination(out, replace=replace)
    specs = exporting.table_specs()
    staging = destination.parent / f"{_staging_name(destination.name, 'partial')}-{os.getpid()}"
    result = Exported(destination)
    manifest: dict = {"fscli_version": __version__, "schema_revision": HEAD, "exported_at": now.astimezone(timezone.utc).isoformat(timespec="seconds"), "format": fmt,
                      "since": since.astimezone(timezone.utc).isoformat(timespec="seconds") if since else None, "tables": {}}  # fmt: skip
    if recipients:
        # Public keys only: the manifest stays readable, and holds no record text (counts, hashes
        # of the sealed files, column names and the audit head's hash).
        from fscli.services import sealing

        manifest["encryption"] = sealing.SCHEME
        manifest["encrypted_to"] = list(recipients.keys)
    try:
        # Made inside the try: SIGTERM or SIGHUP (cli/signals.py) arriving just after the folder
        # is made must find the cleanup below already in force (the kill harness met it once).
        os.mkdir(staging, 0o700)
        in_snapshot = log is not None and not database.location.is_sqlite
        with database.reader(logged=in_snapshot) as reader:  # one snapshot for every table
            params = {"since": _since_value(since, reader.kind)} if since else {}
            # The rows whose free text names a person under restriction of processing, found in
            # this snapshot and bound into every table's statement (store/exporting.py held_sql).
            params.update(restricted_names.named_params(reader.tuples))
            # The newest audit row and its hash, kept outside the database: `fscli db check
            # --since-export` shows later whether rows up to it were removed or rewritten, which
            # the chain alone cannot show for the newest rows.
            head = newest(reader)
            manifest["audit_head"] = {"id": head["id"], "hash": head["hash"]} if head else None
            manifest["tables"], files = write(staging, reader, [specs[t] for t in tables], params, fmt=fmt, since=since is not None, progress=progress, recipients=recipients)
            if files:
                manifest["files"] = files
            result.tables.update((table, entry["rows"]) for table, entry in manifest["tables"].items())
            manifest["held_back"] = exporting.held_back(reader, [specs[t] for t in tables], params, since=since is not None)
            result.held_back = sum(manifest["held_back"]["rows"].values()) + sum(manifest["held_back"]["named_rows"].values())
            shown = exporting.exported_cases(reader) if log is not None else []
            if in_snapshot:
                log(reader, shown)  # type: ignore[misc]
        if log is not None and not in_snapshot:
            with database.reader(logged=True) as writer:
                log(writer, shown)
        sink = _Sink(staging / "manifest.json")
        sink.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        sink.close()
        fsync_folder(staging)
        _move_into_place(staging, destination, replace=replace)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _since_value(since: datetime, kind: str):
    # SQLite keeps instants as ISO text in one format, so they compare as strings.
    utc = since.astimezone(timezone.utc)
    return utc.isoformat(timespec="microseconds") if kind == "sqlite" else utc


# The writers fscli/formats.py names for exports. Each writes the tables into the staging folder
# and returns the manifest's entry for each table, and the SHA-256 of any file shared by tables.
Written = tuple[dict[str, dict], dict[str, str]]


def write_files(staging: Path, reader, specs: list, params: dict, *, fmt: str, since: bool, progress: Progress | None, recipients: Recipients | None = None) -> Written:
    """csv, json or ndjson: one file a table, each with its own SHA-256."""
    entries = {}
    for spec in specs:
        n, name, digest = _write_table(staging, reader, spec, fmt, params, since, progress, recipients)
        entries[spec.name] = {"file": name, "rows": n, "sha256": digest, "columns": spec.names}
    return entries, {}


def write_workbook(staging: Path, reader, specs: list, params: dict, *, fmt: str, since: bool, progress: Progress | None, recipients: Recipients | None = None) -> Written:
    """xlsx: one workbook, a sheet a table (services/spreadsheet.py).

    Plain, xlsxwriter streams rows through temporary files, kept in the staging folder so that a
    killed export leaves none behind. Sealed, the workbook is built in memory (xlsxwriter's own
    temporary files would hold the rows in plain text) and written through age."""
    import io

    from fscli.services import spreadsheet

    path = staging / ("fscli-export.xlsx" + _sealed_suffix(recipients))
    if recipients:
        book = io.BytesIO()
        counts = spreadsheet.write_workbook(book, reader, specs, params, since=since, progress=progress, in_memory=True)
        sink = _Sink(path, recipients)
        try:
            view = book.getbuffer()
            for start in range(0, len(view), _MIB):
                sink.write_bytes(bytes(view[start : start + _MIB]))
            del view
        finally:
            digest = sink.close()
        book.close()
    else:
        counts = spreadsheet.write_workbook(path, reader, specs, params, since=since, progress=progress, tmpdir=staging)
        digest = _fsynced_sha256(path)
    names = {spec.name: spec.names for spec in specs}
    return {table: {"file": path.name, "sheet": table, "rows": n, "columns": names[table]} for table, n in counts.items()}, {path.name: digest}


def _write_table(staging: Path, reader, spec, fmt: str, params: dict, since: bool, progress: Progress | None, recipients: Recipients | None) -> tuple[int, str, str]:
    from fscli.store import exporting

    total = (reader.scalar(exporting.count_sql(spec, reader.kind, since=since), params) or 0) if progress else 0
    name = f"{spec.name}.{fmt}" + _sealed_suffix(recipients)
    sink = _Sink(staging / name, recipients)
    written = 0
    try:
        if fmt == "csv":
            sink.write(exporting.csv_header(spec) + "\r\n")
        elif fmt == "json":
            sink.write("[")
        separator = {"csv": "\r\n", "ndjson": "\n", "json": ",\n"}[fmt]
        for block, n in exporting.blocks(reader, spec, "csv" if fmt == "csv" else "json", params, since=since, separator=separator):
            if fmt == "json":
                sink.write(("," if written else "") + "\n" + block)
            else:
                sink.write(block + separator)
            written += n
            if progress:
                progress(spec.name, written, total)
        if fmt == "json":
            sink.write("\n]\n")
    finally:
        digest = sink.close()
    if progress and not written:
        progress(spec.name, 0, 0)
    return written, name, digest


def _sealed_suffix(recipients: Recipients | None) -> str:
    from fscli.services import sealing

    return sealing.SUFFIX if recipients else ""


def _fsynced_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
        os.fsync(handle.fileno())
    return sha.hexdigest()


def _move_into_place(staging: Path, destination: Path, *, replace: bool) -> None:
    old = None
    if destination.is_symlink() or (destination.exists() and not replace):
        raise CannotCreate(f"--out {destination}: appeared while the export ran; nothing was replaced", hint="run the export again")
    if destination.exists():
        old = destination.parent / f"{_staging_name(destination.name, 'old')}-{os.getpid()}"
        os.rename(destination, old)
    try:
        os.rename(staging, destination)
    except BaseException:  # a failure, or SIGTERM in between: the previous export goes back
        if old is not None:
            os.rename(old, destination)  # put the previous export back
        raise
    fsync_folder(destination.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- what a killed export left behind -------------------------------------------------------------
#
# SIGINT, SIGTERM and SIGHUP unwind through export() above, which removes its staging folder.
# SIGKILL (or a power cut) cannot be caught: its `.NAME.partial-PID` folder stays, full of records,
# until the next export into the same folder sweeps it.


def _staging_name(name: str, kind: str) -> str:
    """`.nightly.partial` (the folder being written) or `.nightly.old` (the one --replace replaces),
    followed by '-' and the process id; the one spelling the sweep below recognises."""
    return f".{name}.{kind}"


def sweep_stale(out: Path) -> list[str]:
    """Remove the staging folders of exports whose process has died, beside `out` only.

    Only fscli's own: a folder (never a link) named `.NAME.partial-PID`, owned by this user, whose
    process is gone. A live export's folder is never touched, whoever runs it; so is a `.NAME.old-PID`
    whose replacement never arrived (it is the only copy of that export). Returns the names removed."""
    import re

    parent = out.absolute().parent
    pattern = re.compile(r"\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>[1-9][0-9]{0,9})")
    swept = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return swept  # check_destination names the problem with the folder
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if not found or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = int(found["pid"])
        if pid == os.getpid() or alive(pid):
            continue
        if found["kind"] == "old" and not (parent / found["name"]).is_dir():
            continue  # killed between moving the old export aside and the new one in: keep it
        shutil.rmtree(entry.path, ignore_errors=True)
        if not os.path.lexists(entry.path):
            swept.append(entry.name)
    if swept:
        fsync_folder(parent)
    return swept



# Public for the other writers of private files that appear whole (fscli return cin, services/returns.py).
Sink = _Sink
staging_name = _staging_name
