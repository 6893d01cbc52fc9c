"""Encrypting a caseload: which caseloads may be, and where the new passphrase comes from.

How the file is rewritten is store/encryption.py; where keys are found and kept, store/keys.py.
"""

from __future__ import annotations

from pathlib import Path

from fscli.errors import FscliError
from fscli.store import keys
from fscli.store.encryption import Encrypted, change_key


def _sqlite_only(db) -> None:
    if not db.location.is_sqlite:
        raise FscliError(
            "fscli encrypts SQLite caseload files; a PostgreSQL server keeps its data encrypted with the server's own disk encryption and TLS",
            hint="ask the server's administrator; connect with sslmode=verify-full",
        )


def new_caseload_key(db, key_file: Path | None) -> str:
    """The key for `fscli init --encrypt`: refused for a caseload that exists in a plain file."""
    _sqlite_only(db)
    db.check_path(must_exist=False)
    from fscli.store.sqlite import is_empty, is_encrypted

    if db.path.exists() and not is_empty(db.path) and not is_encrypted(db.path):
        raise FscliError(f"{db.location.called}: holds a caseload in a plain file already", hint="run 'fscli db encrypt' to encrypt it (a checked backup is taken first)")
    return keys.new_key(keys.new_passphrase(key_file, str(db.path)))


def encrypt_caseload(db, key_file: Path | None, *, clock, worker: str | None) -> Encrypted:
    _sqlite_only(db)
    db.check_path()
    if db.encrypted:
        raise FscliError(f"{db.location.called}: is encrypted already", hint="'fscli db rekey' gives it a new passphrase")
    return change_key(db, keys.new_key(keys.new_passphrase(key_file, str(db.path))), clock=clock, worker=worker)


def rekey_caseload(db, new_key_file: Path | None, *, clock, worker: str | None) -> Encrypted:
    _sqlite_only(db)
    db.check_path()
    if not db.encrypted:
        raise FscliError(f"{db.location.called}: is not encrypted", hint="'fscli db encrypt' encrypts it")
    old = db.key  # the old passphrase first: refused (exit 77) before a new one is asked for
    if new_key_file is None and not keys.on_terminal():
        raise FscliError("no terminal to type the new passphrase at", hint="give --new-key-file PATH, a private file (0600) holding the new passphrase")
    passphrase = keys.new_passphrase(new_key_file, str(db.path), "the path given to --new-key-file")
    if keys.derive(passphrase, keys.salt_of(db.path)) == old:
        raise FscliError(f"{db.location.called}: that is the passphrase it has already; nothing was changed", hint="choose a new passphrase")
    return change_key(db, keys.new_key(passphrase), clock=clock, worker=worker)
