"""SQLite files as files: opened read-only, checked, copied page by page (reliability.md §1.3).

What the backup, the restore and `fscli db check` do to a database file, outside the connections
the rest of fscli works through (store/db.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from fscli.errors import DatabaseBusy


def read_only(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot change the file, however it is used."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=timeout)


def integrity(path: Path) -> list[str]:
    """SQLite's own check of every page: ["ok"], or what it found wrong."""
    conn = read_only(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def copy_pages(source: Path, target: Path, *, timeout: float) -> None:
    """Every page of `source` into `target` in one step of SQLite's backup API: one transaction
    on the target, which waits for other writers (busy timeout) and is rolled back if killed.
    Safe while others write to `source`; a file copy is not (F5)."""
    reading = read_only(source, timeout=timeout)
    writing = sqlite3.connect(target, timeout=timeout)
    try:
        reading.backup(writing)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy() from None
        raise
    finally:
        writing.close()
        reading.close()
