"""Where the database is: a SQLite file (the default) or a PostgreSQL server named by URL.

Kept free of SQLAlchemy so that `--help`, `config show` and the fast read path stay light.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from fscli.domain.frozen import frozen
from fscli.errors import DatabaseRefused, InvalidInput

# WAL's shared-memory locking does not work across machines (sqlite.org/wal.html).
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs"}
MOUNTS = Path("/proc/mounts")


@frozen
class Location:
    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None
    url: str | None = None
    named: str = "--db"  # where the user named it: --db, FSCLI_DB, the config file (config.py)

    @property
    def shown(self) -> str:
        return str(self.path) if self.path else masked(self.url or "")

    @property
    def called(self) -> str:
        """The caseload as a message names it: where it was given, then where it is."""
        return f"{self.named} {self.shown}"

    @property
    def database_name(self) -> str:
        """The PostgreSQL database the URL names (the path part, without its query)."""
        rest = (self.url or "").split("://", 1)[-1]
        path = rest.split("/", 1)[1] if "/" in rest else ""
        return path.split("?", 1)[0] or "postgres"

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"


def masked(url: str) -> str:
    """`url` as it may be printed: a password, before the host or in the query, as ***."""
    url = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
    return re.sub(r"(?i)([?&](?:ssl)?password=)[^&]*", r"\1***", url)


def locate(setting: str, named: str = "--db") -> Location:
    """Where `setting` points; `named` is where the user gave it (--db, FSCLI_DB, ...), for messages."""
    text = setting.strip()
    if not text:
        raise InvalidInput(named, setting, "is empty", hint="give a file path or a postgresql+psycopg:// URL")
    if "://" not in text:
        return Location("sqlite", path=Path(text).expanduser().absolute(), named=named)
    scheme, _, rest = text.partition("://")
    if scheme in ("sqlite", "sqlite+pysqlite"):
        if not rest.startswith("/") or rest == "/":
            raise InvalidInput(named, text, "a SQLite URL needs a file path", hint="use sqlite:///path/to/fscli.db or just the path")
        return Location("sqlite", path=Path(rest[1:]).expanduser().absolute(), named=named)
    if scheme in ("postgresql", "postgresql+psycopg", "postgres"):
        if re.match(r"[^/@]*:[^/@]*@", rest) or _query_password(rest):
            raise InvalidInput(named, masked(text), "has a password in it", hint="keep credentials out of URLs: use ~/.pgpass (mode 0600), PGPASSFILE or a service file")
        _refuse_plain_tcp(text, rest, named)
        return Location("postgresql", url="postgresql+psycopg://" + rest, named=named)
    raise InvalidInput(named, masked(text), "is not a database fscli can use", hint="give a file path, sqlite:///PATH or postgresql+psycopg://HOST/DB")


def _query(rest: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return {key.lower(): value for key, value in parse_qsl(rest.partition("?")[2], keep_blank_values=True)}


def _query_password(rest: str) -> bool:
    """?password= (and the client key's ?sslpassword=) would be printed wherever the URL is."""
    return bool({"password", "sslpassword"} & set(_query(rest)))


# Modes in which libpq never sends a byte in plain text. 'prefer', libpq's default, and 'allow'
# fall back to plain TCP without a word; 'disable' asks for it.
TLS_MODES = ("require", "verify-ca", "verify-full")


def _is_local(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    return host in ("", "localhost", "::1") or host.startswith(("/", "@", "127."))  # '/dir' and '@name': Unix sockets


def _refuse_plain_tcp(text: str, rest: str, named: str = "--db") -> None:
    """A server on another machine is reached over TLS or not at all: children's records in
    plain TCP can be read by anyone on the path (a café's wifi, a compromised switch). There is
    no opt-out: a server without TLS is reached through a tunnel to localhost (ssh -L) instead.
    A service file (?service= or PGSERVICE) holds its own host and sslmode: left to it."""
    from urllib.parse import unquote

    query = _query(rest)
    if "service" in query or (os.environ.get("PGSERVICE") and "host" not in query):
        return
    netloc = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    hosts = [unquote(h).rsplit(":", 1)[0] if not h.endswith("]") else h for h in netloc.split(",")] if netloc else []
    for key in ("host", "hostaddr"):
        if query.get(key):
            hosts = query[key].split(",")
    if not hosts or hosts == [""]:
        hosts = (os.environ.get("PGHOSTADDR") or os.environ.get("PGHOST") or "").split(",")
    remote = [h for h in hosts if not _is_local(h)]
    mode = (query.get("sslmode") or os.environ.get("PGSSLMODE") or "prefer").lower()
    if remote and mode not in TLS_MODES:
        raise InvalidInput(named, masked(text), f"reaches {remote[0]} without TLS (sslmode={mode})", hint="add ?sslmode=verify-full (or require) to the URL; a server on this machine is reached as localhost or by its socket")


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


def refuse_network_drive(path: Path, allow: bool, named: str = "--db") -> None:
    fs = filesystem_type(path.parent if not path.exists() else path)
    if fs in NETWORK_FILESYSTEMS and not allow:
        raise DatabaseRefused(
            f"{named} {path}: is on a network drive ({fs}), where SQLite's locking cannot keep records safe",
            hint="keep the database on a local disk, use PostgreSQL for a team, or pass --allow-network-fs if you accept the risk",
        )


# Kept in memory: emptied at every restart (/dev/shm, often /tmp, /run/user/UID).
VOLATILE_FILESYSTEMS = {"tmpfs", "ramfs"}


def lost_at_restart(path: Path, named: str = "--db") -> str | None:
    """A warning when the SQLite file lives on a filesystem kept in memory, None otherwise. Told at
    init and by db info and db check, not by every read: the caseload works, until the restart."""
    fs = filesystem_type(path.parent if not path.exists() else path)
    if fs not in VOLATILE_FILESYSTEMS:
        return None
    return f"{named} {path}: is on {fs}, kept in memory: the caseload will be lost at the next restart; keep it on a disk ('fscli db backup', then 'fscli db restore BACKUP --db ~/caseload/fscli.db')"


def private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) readable by the user only."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for item in reversed(missing):
        os.mkdir(item, 0o700)


def zero_fill(fd: int) -> None:
    """Overwrite an open file's bytes with zeros and flush them: what is removed after it leaves
    no readable record in the file's old blocks (a replaced caseload, a discarded note draft)."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    zeros = bytes(min(size, 1 << 20))
    written = 0
    while written < size:
        written += os.write(fd, zeros[: size - written])
    os.fsync(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable: the folder's own entry is flushed too."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def owned_private_folder(path: Path) -> bool:
    """A real folder (not a link) of this user that no one else can enter: /dev/shm is everyone's,
    and a folder planted there by another user must never be read (a draft names the command it
    re-runs; a session key opens a caseload)."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077


def memory_folder(candidates: list[Path], mounts: Path | None = None) -> Path | None:
    """The first of `candidates` (each BASE/fscli/NAME) whose BASE is memory-backed (tmpfs or ramfs,
    emptied at restart), made if missing and private to this user; None when there is none. What
    must never reach the disk in plain text waits there: an encrypted caseload's note drafts, the
    caseload's key for the login session."""
    for folder in candidates:
        base = folder.parent.parent
        if not base.is_dir() or filesystem_type(Path(os.path.realpath(base)), mounts) not in VOLATILE_FILESYSTEMS:
            continue
        try:
            for part in (folder.parent, folder):
                if not part.exists():
                    os.mkdir(part, 0o700)
        except OSError:
            continue
        if owned_private_folder(folder.parent) and owned_private_folder(folder):
            return folder
    return None
