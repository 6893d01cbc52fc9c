"""Issue 22, the laptop: a caseload encrypted at rest. The disclosure a child made is in no file
fscli writes (the database, its -wal, its backups); the caseload opens with its passphrase and
not without it; a wrong key changes no byte; a plain caseload is encrypted, and an encrypted one
given a new passphrase, with its backups, as one checked swap."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fscli.errors import ExitCode
from tests.factories import fails, family, ok

pytestmark = pytest.mark.sqlite_only(reason="SQLCipher encrypts SQLite files; a PostgreSQL server is encrypted by its own administrators")

DISCLOSURE = "Lily said stepdad hits her ZQXCANARY"
CANARY = b"ZQXCANARY"
PASSPHRASE = "paper lantern orchard seven"
OTHER_PASSPHRASE = "granite heron window twelve"


def key_file(folder: Path, passphrase: str = PASSPHRASE, mode: int = 0o600, name: str = "caseload.key") -> Path:
    path = folder / name
    path.write_text(passphrase + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def files_holding(folder: Path, needle: bytes) -> list[Path]:
    """Every file under `folder` whose bytes hold `needle` (what `strings | grep` finds)."""
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(cli, tmp_path, monkeypatch):
    """A new caseload made with `fscli init --encrypt`, its passphrase in a private key file."""
    db = tmp_path / "laptop" / "fscli.db"
    monkeypatch.setenv("FSCLI_DB", str(db))
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path)))
    ok(cli, "init", "--encrypt")
    return db


def record_disclosure(cli) -> str:
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home", "--date", "today", "--seen", "Lily Hart", "--alone", "Lily Hart", "--note", DISCLOSURE)
    return ref


def test_an_encrypted_caseload_keeps_the_disclosure_out_of_every_file(cli, encrypted, monkeypatch):
    ref = record_disclosure(cli)
    ok(cli, "db", "backup")
    assert DISCLOSURE in ok(cli, "chronology", ref).out
    folder = encrypted.parent
    assert files_holding(folder, CANARY) == []
    assert files_holding(folder, b"Hart family") == []
    assert not encrypted.read_bytes().startswith(b"SQLite format 3")
    assert stat.S_IMODE(encrypted.stat().st_mode) == 0o600
    info = ok(cli, "db", "info", "--format", "csv").out
    assert "encrypted,yes" in info.replace('"', "")
    assert "encryption: SQLCipher 4" in ok(cli, "db", "check").out


def test_without_its_key_the_caseload_is_refused_in_one_line_with_exit_77(cli, encrypted, monkeypatch, tmp_path):
    record_disclosure(cli)
    before = digest(encrypted)
    monkeypatch.delenv("FSCLI_KEY_FILE")
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="is encrypted, and no key for it was found")
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path, OTHER_PASSPHRASE, name="wrong.key")))
    fails(cli, "visit", "log", "FS-0001", "--type", "home", "--date", "today", "--note", "x", code=ExitCode.PERMISSION, says="does not open it")
    assert digest(encrypted) == before


def test_the_plain_sqlite_library_cannot_read_it(cli, encrypted):
    import sqlite3

    record_disclosure(cli)
    conn = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_a_key_file_others_can_read_is_refused(cli, encrypted, monkeypatch, tmp_path):
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path, mode=0o644, name="shared.key")))
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="can be read by others (mode 0644)")


def test_the_passphrase_opens_it_in_any_sqlcipher_4_tool(cli, encrypted):
    """fscli derives the key as SQLCipher does: the passphrase alone opens the file elsewhere."""
    from sqlcipher3 import dbapi2

    record_disclosure(cli)
    conn = dbapi2.connect(str(encrypted))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")  # a PRAGMA takes no bound value; the test's own constant
    assert conn.execute("SELECT count(*) FROM contact").fetchone() == (1,)
    conn.close()


def test_a_short_passphrase_is_refused(cli, tmp_path, monkeypatch):
    db = tmp_path / "laptop" / "fscli.db"
    monkeypatch.setenv("FSCLI_DB", str(db))
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path, "short")))
    fails(cli, "init", "--encrypt", says="shorter than 12 characters")
    assert not db.exists()


def test_a_plain_caseload_is_encrypted_with_its_backups_and_keeps_every_record(cli, db_path, tmp_path, monkeypatch):
    ref = record_disclosure(cli)
    ok(cli, "db", "backup")
    before = ok(cli, "chronology", ref).out
    assert files_holding(db_path.parent, CANARY)
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path)))
    done = ok(cli, "db", "encrypt")
    assert "1 earlier backup(s) beside it were rewritten" in done.err
    assert files_holding(db_path.parent, CANARY) == []
    assert ok(cli, "chronology", ref).out == before
    assert "db.encrypt" in ok(cli, "audit", "--format", "csv").out
    ok(cli, "db", "check")
    assert "journal_mode,wal" in ok(cli, "db", "info", "--format", "csv").out
    fails(cli, "db", "encrypt", says="is encrypted already")


def test_a_new_passphrase_shuts_the_old_one_out_of_the_caseload_and_its_backups(cli, encrypted, tmp_path, monkeypatch):
    ref = record_disclosure(cli)
    ok(cli, "db", "backup")
    new = key_file(tmp_path, OTHER_PASSPHRASE, name="new.key")
    ok(cli, "db", "rekey", "--new-key-file", str(new))
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="does not open it")
    monkeypatch.setenv("FSCLI_KEY_FILE", str(new))
    assert DISCLOSURE in ok(cli, "chronology", ref).out
    backups = sorted((encrypted.parent / "backups").glob("fscli-*.db"))
    from fscli.store.keys import derive, salt_of
    from fscli.store.sqlite import opens

    assert backups and all(opens(b, derive(OTHER_PASSPHRASE, salt_of(b))) for b in backups)
    assert not any(opens(b, derive(PASSPHRASE, salt_of(b))) for b in backups)


def test_an_encrypted_backup_is_restored_and_a_plain_one_is_refused(cli, encrypted, tmp_path, monkeypatch):
    ref = record_disclosure(cli)
    backup = ok(cli, "db", "backup").out.strip()
    ok(cli, "visit", "log", ref, "--type", "home", "--date", "today", "--note", "a later visit", "--again")
    ok(cli, "db", "restore", "--yes", backup)
    assert "a later visit" not in ok(cli, "chronology", ref).out
    assert not Path(f"{backup}-wal").exists() and not Path(f"{backup}-shm").exists(), "the backup is left as one file"
    plain = tmp_path / "plain.db"
    ok(cli, "--db", str(plain), "init")
    fails(cli, "db", "restore", "--yes", str(plain), code=ExitCode.PERMISSION, says="is plain")


def test_a_lost_encrypted_caseload_comes_back_from_its_backup(cli, encrypted):
    ref = record_disclosure(cli)
    backup = ok(cli, "db", "backup").out.strip()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{encrypted}{suffix}").unlink(missing_ok=True)
    ok(cli, "db", "restore", "--yes", backup)
    assert DISCLOSURE in ok(cli, "chronology", ref).out
    assert files_holding(encrypted.parent, CANARY) == []


def test_the_key_is_kept_for_the_login_session_until_locked(cli, tmp_path, monkeypatch):
    session = Path("/dev/shm") / f"fscli-test-{os.getpid()}-{tmp_path.name}"
    session.mkdir(mode=0o700)
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(session))
        db = tmp_path / "laptop" / "fscli.db"
        monkeypatch.setenv("FSCLI_DB", str(db))
        monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path)))
        ok(cli, "init", "--encrypt")
        monkeypatch.delenv("FSCLI_KEY_FILE")
        ok(cli, "case", "list")  # the key from this session's memory
        assert "Forgot the key of" in ok(cli, "db", "lock").err
        fails(cli, "case", "list", code=ExitCode.PERMISSION, says="no key for it was found")
        # Said again, it says no key was kept: an auditor took "forgot" as proof that one had been.
        assert "was kept for this session: there was nothing to forget" in ok(cli, "db", "lock").err
    finally:
        for item in sorted(session.rglob("*"), reverse=True):
            item.rmdir() if item.is_dir() else item.unlink()
        session.rmdir()


@pytest.mark.slow
def test_the_passphrase_is_typed_at_the_terminal_and_never_echoed(tmp_path):
    """A worker at a terminal types the passphrase; a wrong one is refused with exit 77."""
    import pty

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FSCLI_", "XDG_"))}
    env.update(FSCLI_DB=str(tmp_path / "fscli.db"), FSCLI_TODAY="2026-11-23", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_STATE_HOME=str(tmp_path / "s"), XDG_DATA_HOME=str(tmp_path / "d"))
    subprocess.run([sys.executable, "-m", "fscli", "init", "--encrypt"], env={**env, "FSCLI_KEY_FILE": str(key_file(tmp_path))}, check=True, capture_output=True, start_new_session=True)

    def at_terminal(passphrase: str) -> tuple[int, str]:
        pid, fd = pty.fork()
        if pid == 0:  # the child: fscli on a terminal of its own
            os.execve(sys.executable, [sys.executable, "-m", "fscli", "case", "list"], env)
        seen = b""
        while b"Passphrase" not in seen:
            seen += os.read(fd, 1024)
        os.write(fd, passphrase.encode() + b"\n")
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")

    code, screen = at_terminal(PASSPHRASE)
    assert code == 0, screen
    assert PASSPHRASE not in screen
    # No keyring and no session memory here: the worker is told why it will be asked every time.
    assert "the passphrase is not remembered, so it is asked at every command" in " ".join(screen.split()), screen
    code, screen = at_terminal(OTHER_PASSPHRASE)
    assert code == ExitCode.PERMISSION and "does not open it" in screen, screen


def test_init_makes_a_file_touched_beforehand_private_and_wal(cli, tmp_path):
    db = tmp_path / "touched" / "fscli.db"
    db.parent.mkdir()
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    ok(cli, "--db", str(db), "init")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert "journal_mode,wal" in ok(cli, "--db", str(db), "db", "info", "--format", "csv").out


def test_db_check_and_info_warn_of_a_caseload_others_can_read(cli, db_path):
    os.chmod(db_path, 0o644)
    checked = ok(cli, "db", "check")
    assert "warning:" in checked.err and "can be read by other users" in checked.err
    assert "others too" in ok(cli, "db", "info", "--format", "csv").out


def test_an_encrypted_caseload_of_an_older_release_is_upgraded_under_its_key(cli, tmp_path, monkeypatch):
    """A caseload encrypted with the previous release's schema: `db upgrade` backs it up (still
    encrypted) and brings it to the newest schema, and no step writes it out in plain text."""
    from fscli.store.keys import new_key
    from fscli.store.encryption import rewrite
    from fscli.store.schema import HEAD
    from tests.conftest import ROOT_DIR

    db = tmp_path / "laptop" / "fscli.db"
    db.parent.mkdir(mode=0o700)
    db.write_bytes((ROOT_DIR / "tests" / "fixtures" / "schema_0011_record_as_work_is.db").read_bytes())
    db.chmod(0o600)
    rewrite(db, None, new_key(PASSPHRASE))
    monkeypatch.setenv("FSCLI_DB", str(db))
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path)))
    fails(cli, "case", "list", says="older schema")
    ok(cli, "db", "upgrade")
    assert HEAD in ok(cli, "db", "info", "--format", "csv").out
    ok(cli, "db", "check")
    assert all(not p.read_bytes().startswith(b"SQLite format 3") for p in db.parent.rglob("*.db"))


class MemoryKeyring:
    """The OS keyring as a dict: what Keychain, Credential Manager or Secret Service keep."""

    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


def test_a_passphrase_typed_once_is_kept_in_the_os_keyring_and_a_stale_one_dropped(cli, encrypted, monkeypatch):
    import keyring
    import keyring.core

    kept = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", kept)
    monkeypatch.delenv("FSCLI_KEY_FILE")
    monkeypatch.setattr("fscli.store.keys.on_terminal", lambda: True)
    typed = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: typed.append(prompt) or PASSPHRASE)
    ok(cli, "case", "list")
    assert len(typed) == 1 and "Passphrase for" in typed[0]
    assert list(kept.saved) == [("fscli", str(encrypted))]
    monkeypatch.setattr("fscli.store.keys.on_terminal", lambda: False)
    ok(cli, "case", "list")  # from the keyring: nothing typed
    assert len(typed) == 1
    kept.saved[("fscli", str(encrypted))] = "x'" + "00" * 48 + "'"  # rekeyed on another machine
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="no key for it was found")
    assert kept.saved == {}


@pytest.mark.harness
def test_a_laptop_dying_mid_encryption_keeps_every_record_readable_one_way_or_the_other(tmp_path):
    """`db encrypt` killed with SIGKILL at random moments, cycle after cycle: the caseload is whole
    each time, plain or encrypted, never neither; the next `db encrypt` sweeps the copy left."""
    import random
    import signal
    import sqlite3
    import time

    from fscli.store.keys import derive, salt_of
    from fscli.store.sqlite import is_encrypted, opens, read_only

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FSCLI_", "XDG_"))}
    env.update(FSCLI_TODAY="2026-11-23", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", XDG_DATA_HOME=str(tmp_path / "d"), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_STATE_HOME=str(tmp_path / "s"))
    subprocess.run([sys.executable, "-m", "fscli", "demo"], env=env, check=True, capture_output=True, start_new_session=True)
    demo = next((tmp_path / "d").rglob("demo.db"))
    original = sqlite3.connect(demo).execute("SELECT count(*) FROM contact").fetchone()[0]
    env["FSCLI_KEY_FILE"] = str(key_file(tmp_path))
    outcomes = {"plain": 0, "encrypted": 0}
    timing = tmp_path / "timing" / "fscli.db"
    timing.parent.mkdir(mode=0o700)
    timing.write_bytes(demo.read_bytes())
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "fscli", "--db", str(timing), "db", "encrypt"], env=env, check=True, capture_output=True, start_new_session=True)
    whole = time.perf_counter() - began  # kills fall anywhere in a run as long as this one
    for cycle in range(12):
        db = tmp_path / f"cycle{cycle}" / "fscli.db"
        db.parent.mkdir(mode=0o700)
        db.write_bytes(demo.read_bytes())
        db.chmod(0o600)
        run = subprocess.Popen([sys.executable, "-m", "fscli", "--db", str(db), "db", "encrypt"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(random.uniform(0.3, whole * 1.3))
        run.send_signal(signal.SIGKILL)
        run.wait()
        key = derive(PASSPHRASE, salt_of(db)) if is_encrypted(db) else None
        assert key is None or opens(db, key), f"cycle {cycle}: neither plain nor opened by its key"
        conn = read_only(db, key=key)
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == original
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()
        outcomes["encrypted" if key else "plain"] += 1
        if key is None:
            finished = subprocess.run([sys.executable, "-m", "fscli", "--db", str(db), "db", "encrypt"], env=env, capture_output=True, text=True, start_new_session=True)
            assert finished.returncode == 0, finished.stderr
        assert not list(db.parent.glob(".fscli.db.rewrite-*")) or key is not None
    print(f"\nkilled mid-encryption 12 times: {outcomes}")


def test_a_plain_export_of_an_encrypted_caseload_is_warned_of(cli, encrypted, tmp_path):
    record_disclosure(cli)
    exported = ok(cli, "export", "--out", str(tmp_path / "export"), "--format", "csv")
    assert "is encrypted, and this export will not be" in exported.err


def test_the_worker_is_told_what_encryption_does_not_reach(cli, db_path, tmp_path, monkeypatch):
    """Replayed as a new user: a plain copy saved elsewhere, a key file left with the old
    passphrase, a warning that still said 'passed every check' without a word."""
    record_disclosure(cli)
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key_file(tmp_path)))
    assert "still plain: delete them" in ok(cli, "db", "encrypt").err
    rekeyed = ok(cli, "db", "rekey", "--new-key-file", str(key_file(tmp_path, OTHER_PASSPHRASE, name="new.key")))
    assert "still holds the old passphrase" in rekeyed.err
    monkeypatch.setenv("FSCLI_KEY_FILE", str(tmp_path / "new.key"))
    fails(cli, "db", "rekey", says="no terminal to type the new passphrase at")
    fails(cli, "db", "rekey", "--new-key-file", str(tmp_path / "new.key"), says="the passphrase it has already")
    os.chmod(db_path, 0o644)
    assert "passed every check, with 1 warning(s) above" in ok(cli, "db", "check").err


def test_a_backup_leaves_no_empty_journal_files_beside_it(cli, db_path):
    backup = Path(ok(cli, "db", "backup").out.strip())
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_a_new_key_file_that_cannot_be_read_is_named_as_the_option(cli, encrypted, tmp_path):
    before = digest(encrypted)
    fails(cli, "db", "rekey", "--new-key-file", str(tmp_path / "missing.key"), code=ExitCode.PERMISSION, says="check the path given to --new-key-file")
    assert digest(encrypted) == before


def test_a_key_file_that_is_not_text_is_refused_in_one_line(cli, encrypted, tmp_path, monkeypatch):
    latin = tmp_path / "latin1.key"
    latin.write_bytes("café horse battery staple\n".encode("latin-1"))
    latin.chmod(0o600)
    monkeypatch.setenv("FSCLI_KEY_FILE", str(latin))
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="is not UTF-8 text")
