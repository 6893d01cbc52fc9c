"""Where the database is: a SQLite file (the default) or a PostgreSQL server named by URL.

Kept free of SQLAlchemy so that `--help`, `config show` and the fast read path stay light.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from fscli.errors import DatabaseRefused, InvalidInput

# WAL's shared-memory locking does not work across machines (sqlite.org/wal.html).
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs"}
MOUNTS = Path("/proc/mounts")


@dataclass(frozen=True)
class Location:
    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None
    url: str | None = None

    @property
    def shown(self) -> str:
        return str(self.path) if self.path else _mask(self.url or "")

    @property
    def database_name(self) -> str:
        """The PostgreSQL database the URL names (the path part, without its query)."""
        rest = (self.url or "").split("://", 1)[-1]
        path = rest.split("/", 1)[1] if "/" in rest else ""
        return path.split("?", 1)[0] or "postgres"

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"


def _mask(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def locate(setting: str) -> Location:
    text = setting.strip()
    if not text:
        raise InvalidInput("--db", setting, "is empty", hint="give a file path or a postgresql+psycopg:// URL")
    if "://" not in text:
        return Location("sqlite", path=Path(text).expanduser().absolute())
    scheme, _, rest = text.partition("://")
    if scheme in ("sqlite", "sqlite+pysqlite"):
        if not rest.startswith("/") or rest == "/":
            raise InvalidInput("--db", text, "a SQLite URL needs a file path", hint="use sqlite:///path/to/fscli.db or just the path")
        return Location("sqlite", path=Path(rest[1:]).expanduser().absolute())
    if scheme in ("postgresql", "postgresql+psycopg", "postgres"):
        if re.match(r"[^/@]*:[^/@]*@", rest):
            raise InvalidInput("--db", _mask(text), "has a password in it", hint="keep credentials out of URLs: use ~/.pgpass (mode 0600), PGPASSFILE or a service file")
        return Location("postgresql", url="postgresql+psycopg://" + rest)
    raise InvalidInput("--db", _mask(text), "is not a database fscli can use", hint="give a file path, sqlite:///PATH or postgresql+psycopg://HOST/DB")


def filesystem_type(path: Path, mounts: Path | None = None) -> str | None:
    """The type of the filesystem `path` lives on, from the longest matching mount point."""
    try:
        lines = (mounts or MOUNTS).read_text().splitlines()
    except OSError:
        return None
    target = str(path)
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type


def refuse_network_drive(path: Path, allow: bool) -> None:
    fs = filesystem_type(path.parent if not path.exists() else path)
    if fs in NETWORK_FILESYSTEMS and not allow:
        raise DatabaseRefused(
            f"--db {path}: is on a network drive ({fs}), where SQLite's locking cannot keep records safe",
            hint="keep the database on a local disk, use PostgreSQL for a team, or pass --allow-network-fs if you accept the risk",
        )


def private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) readable by the user only."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for item in reversed(missing):
        os.mkdir(item, 0o700)


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable: the folder's own entry is flushed too."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
