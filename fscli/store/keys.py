"""The key of an encrypted caseload: where it comes from, and the one way it is turned into
SQLCipher's key (reliability.md §2, issue 22).

A caseload is encrypted by SQLCipher 4 with a passphrase, derived exactly as SQLCipher derives it
(PBKDF2-HMAC-SHA512, 256,000 rounds, the 16-byte salt at the head of the file), so any SQLCipher 4
tool opens the file with the passphrase alone, in 75 years as today. fscli derives the key once
and hands SQLCipher the raw key: a passphrase costs 0.13-0.16 s at every connection, a raw key
nothing (reliability.md §2.1), and a read view opens up to three connections.

Where the key comes from, in order:
1. a key file (`key_file` in the config, or FSCLI_KEY_FILE naming the file: never the key in the
   environment or on the command line, which `ps` and shell history show): its first line is the
   passphrase; it must be the user's own and private (0600 or 0400), as ssh demands of its keys.
2. this login session's cache: the derived key in a private file under $XDG_RUNTIME_DIR, which
   systemd keeps in memory (tmpfs) and empties at logout; used only when it is in memory.
3. the OS keyring (`keyring`: Keychain, Credential Manager, Secret Service). Looking it up costs
   about 0.4 s of plug-in discovery here, so it is asked once a session and its answer cached in 2.
4. the passphrase, typed at the terminal (never read from a pipe, which carries notes).
A key that does not open the file is forgotten from 2 and 3 and the next source is tried; a key
file or a typed passphrase that does not open it is refused (exit 77), nothing changed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from fscli.errors import InvalidInput, KeyRefused

KDF_ROUNDS = 256_000  # SQLCipher 4's default (reliability.md §2.1)
KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSPHRASE = 12  # three random words, as the NCSC advises, are longer than this
KEYRING_SERVICE = "fscli"
_RAW = re.compile(r"x'([0-9a-f]{64})([0-9a-f]{32})?'")


def derive(passphrase: str, salt: bytes) -> str:
    """SQLCipher's raw key for `passphrase` and the file's salt, as `PRAGMA key` takes it."""
    import hashlib  # here, not above: loading OpenSSL's hashes cost every read view 7 ms

    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES)
    return f"x'{key.hex()}{salt.hex()}'"


def new_key(passphrase: str) -> str:
    """A raw key with a fresh random salt, for a caseload about to be encrypted."""
    return derive(passphrase, os.urandom(SALT_BYTES))


def checked(key: str) -> str:
    """The key, known to be only hex digits: PRAGMA key cannot take a bound value."""
    if not _RAW.fullmatch(key):
        raise ValueError("not a raw SQLCipher key")
    return key


def salt_of(path: Path) -> bytes:
    with open(path, "rb") as file:
        return file.read(SALT_BYTES)


def require_passphrase(text: str, field: str = "passphrase") -> str:
    if len(text) < MIN_PASSPHRASE:
        raise InvalidInput(field, None, f"is shorter than {MIN_PASSPHRASE} characters", hint="three or four random words make a strong passphrase you can remember")
    if text != text.strip() or "\n" in text:
        raise InvalidInput(field, None, "begins or ends with a space, or has a line break", hint="choose words without spaces at either end")
    return text


# -- the key file -------------------------------------------------------------------------------


def refuse_unless_private(path: Path, info: os.stat_result, what: str) -> None:
    """A secret in a file (a caseload's key file, an export's age identity) is used only when the
    file is the user's own and no one else may read or write it, as ssh demands of its keys (exit 77)."""
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyRefused(f"{what} {path}: can be read by others (mode {stat.S_IMODE(info.st_mode):04o}) or is not yours", hint=f"make it yours alone: chmod 600 {path}")


def read_key_file(path: Path, named_by: str = "key_file in the config or FSCLI_KEY_FILE") -> str:
    """The passphrase in a key file that only its owner can read; refused otherwise (exit 77)."""
    try:
        info = path.stat()
        with open(path, encoding="utf-8") as file:
            first = file.readline().rstrip("\r\n")
    except OSError as error:
        raise KeyRefused(f"key file {path}: cannot be read ({error.strerror})", hint=f"check {named_by}") from None
    except UnicodeDecodeError:
        raise KeyRefused(f"key file {path}: is not UTF-8 text", hint="save the passphrase in it as UTF-8 text (any editor's default)") from None
    refuse_unless_private(path, info, "key file")
    if not first:
        raise KeyRefused(f"key file {path}: its first line is empty", hint="put the caseload's passphrase on the first line")
    return first


# -- this login session's cache -----------------------------------------------------------------


def _session_folder() -> Path | None:
    """A private folder in memory for this login session, or None when there is none."""
    from fscli.store.location import memory_folder

    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime or not os.path.isabs(runtime):
        return None
    return memory_folder([Path(runtime) / "fscli" / "keys"])


def _session_file(path: Path) -> Path | None:
    """The session's key file for the caseload file: named by the file itself (device and inode),
    so a path reached another way finds it, and no hash need be loaded on every read view."""
    folder = _session_folder()
    if folder is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return folder / f"{info.st_dev}-{info.st_ino}"


def _session_key(path: Path) -> str | None:
    where = _session_file(path)
    if where is None:
        return None
    try:
        text = where.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _RAW.fullmatch(text) else None


def _keep_for_session(path: Path, key: str) -> bool:
    where = _session_file(path)
    if where is None:
        return False
    try:
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key)
    except OSError:
        return False  # the key is asked again next time: an inconvenience, not a fault
    return True


# -- the OS keyring -----------------------------------------------------------------------------


def _keyring_key(path: Path) -> str | None:
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, str(path))
    except Exception:  # no backend on a headless machine, a locked or absent D-Bus over ssh (jrnl#1020)
        return None
    return found if found and _RAW.fullmatch(found) else None


def _keep_in_keyring(path: Path, key: str) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, str(path), key)
        return keyring.get_password(KEYRING_SERVICE, str(path)) == key  # a null backend keeps nothing, silently
    except Exception:  # as above: the key is kept for the session all the same, and asked next session
        return False


def _drop_from_keyring(path: Path) -> bool:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, str(path))
    except Exception:  # as above, or nothing was kept there: there is nothing to forget
        return False
    return True


def remember(path: Path, key: str) -> bool:
    """Keep the key for this login session and in the OS keyring, where they exist; False when
    neither does, and the passphrase will be asked at every command."""
    in_keyring = _keep_in_keyring(path, key)
    return _keep_for_session(path, key) or in_keyring


NOT_REMEMBERED = (
    "fscli: note: the passphrase is not remembered, so it is asked at every command: there is no OS keyring, "
    "and $XDG_RUNTIME_DIR is not a folder in memory (a key is never kept on a disk); "
    "a private key_file in the config is the way on such a machine (README, 'Where the data lives')\n"
)


def _tell(text: str) -> None:
    """A line at the terminal the passphrase was typed at (as getpass writes its prompt there)."""
    try:
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            tty.write(text)
    except OSError:
        pass


def forget(path: Path, *, keyring_too: bool) -> bool:
    """Forget the key kept for the session (and in the keyring); True when one was kept."""
    where = _session_file(path)
    kept = where is not None and where.exists()
    if where is not None:
        where.unlink(missing_ok=True)
    if keyring_too:
        kept = _drop_from_keyring(path) or kept
    return kept


# -- the terminal -------------------------------------------------------------------------------


def on_terminal() -> bool:
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def ask(prompt: str) -> str:
    """A passphrase typed at the terminal, never echoed; never read from stdin, which may be a note."""
    import getpass

    if not on_terminal():
        raise KeyRefused("no terminal to type the passphrase at", hint="set key_file in the config (or FSCLI_KEY_FILE) to a private file holding the passphrase")
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise KeyRefused("no passphrase was typed: nothing was changed") from None


def ask_new(what: str) -> str:
    first = require_passphrase(ask(f"New passphrase for {what}: "))
    if ask("The same passphrase again: ") != first:
        raise InvalidInput("passphrase", None, "the two passphrases differ: nothing was changed", hint="run the command again")
    return first


def new_passphrase(key_file: Path | None, what: str, named_by: str = "key_file in the config or FSCLI_KEY_FILE") -> str:
    """The passphrase for a caseload being encrypted: the key file's, or typed twice."""
    if key_file is not None:
        return require_passphrase(read_key_file(key_file, named_by), f"key file {key_file}")
    return ask_new(what)


# -- finding the key of an encrypted file -------------------------------------------------------


class KeyFinder:
    """Finds the key that opens one encrypted file, trying each source in turn (module docstring).

    `opens(key)` says whether a key opens the file; found keys are remembered for the session."""

    def __init__(self, path: Path, key_file: Path | None, *, remembered_as: Path | None = None, keep: bool = True, named: str = "--db") -> None:
        self.path = path
        self.named = named  # where the user gave the caseload, for messages (--db, FSCLI_DB, ...)
        self.keep = keep  # False for an old backup's passphrase: it is not the caseload's key
        self.key_file = key_file
        self.remembered_as = remembered_as or path  # a backup is looked up under its caseload's name

    def find(self, opens) -> str:
        name = self.remembered_as
        # This session's memory first, even with a key file: deriving the key again costs every
        # command 0.15-0.3 s, and the key file is read only when the kept key no longer opens it.
        key = _session_key(name)
        if key is not None:
            if opens(key):
                return key
            if name == self.path:
                forget(name, keyring_too=False)  # rekeyed, or restored: find it again
        if self.key_file is not None:
            key = derive(read_key_file(self.key_file), salt_of(self.path))
            if not opens(key):
                raise KeyRefused(f"{self.named} {self.path}: the passphrase in key file {self.key_file} does not open it; nothing was changed", hint="check the key file holds this caseload's passphrase (after 'fscli db rekey', put the new one in it)")
            if self.keep:
                _keep_for_session(name, key)
            return key
        key = _keyring_key(name)
        if key is not None:
            if opens(key):
                _keep_for_session(name, key)
                return key
            if name == self.path:
                _drop_from_keyring(name)
        if not on_terminal():
            raise KeyRefused(
                f"{self.named} {self.path}: is encrypted, and no key for it was found",
                hint="run a command at the terminal to type the passphrase, or set key_file in the config (or FSCLI_KEY_FILE) to a private file holding it",
            )
        key = derive(ask(f"Passphrase for {self.path}: "), salt_of(self.path))
        if not opens(key):
            raise KeyRefused(f"{self.named} {self.path}: that passphrase does not open it; nothing was changed", hint="run the command again and type the passphrase; nothing can open the records without it, so keep it safe")
        if self.keep and not remember(name, key):
            _tell(NOT_REMEMBERED)
        return key
