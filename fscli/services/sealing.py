"""Exports sealed to the warehouse's public key with age (X25519 recipients, through pyrage).

A sealed export is encrypted as it is written: the rows go from the database through an age
stream straight into `cases.csv.age`, so no plaintext copy of a record is ever on the disk, not
even in the staging folder (issue 22: "a plaintext export never sits on the laptop"). Recipients
are public keys (`age1...`) and may be listed in the manifest; the identity that opens an export
is a secret, read from a file only its owner can read, as ssh reads its keys.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from fscli.errors import DataProblem, FscliError, InvalidInput, KeyRefused
from fscli.store.keys import refuse_unless_private

SUFFIX = ".age"
SCHEME = "age"  # the manifest's name for how the files are sealed
AGE_TOOL = "https://age-encryption.org"


@dataclass(frozen=True)
class Recipients:
    """The public keys an export is sealed to, as typed (for the manifest) and as age reads them."""

    keys: tuple[str, ...]
    parsed: tuple

    def __bool__(self) -> bool:
        return bool(self.keys)


def _lines(text: str) -> list[tuple[int, str]]:
    """The meaningful lines of an age recipients or identity file: '#' starts a comment."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.strip().startswith("#")]


def recipients(given: list[str] | None, files: list[Path] | None) -> Recipients:
    """The recipients of --encrypt-to and --encrypt-to-file, every one checked before anything is
    read or written: one bad key refuses the export with its value named (exit 1)."""
    from pyrage import RecipientError, x25519

    typed: list[tuple[str, str]] = [("--encrypt-to", key.strip()) for key in given or []]
    for path in files or []:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidInput("--encrypt-to-file", str(path), "no such file", hint="give the file of the warehouse's age public keys (age1...), one a line") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput("--encrypt-to-file", str(path), f"cannot be read ({getattr(error, 'strerror', None) or 'not UTF-8 text'})", hint="give a text file of age public keys, one a line") from None
        keys = _lines(text)
        if not keys:
            raise InvalidInput("--encrypt-to-file", str(path), "holds no recipient", hint="list the warehouse's age public keys (age1...), one a line")
        typed += [(f"--encrypt-to-file {path} line {number}", key) for number, key in keys]
    keys: list[str] = []
    parsed = []
    for field, key in typed:
        if key.startswith("AGE-SECRET-KEY-"):
            # Never echoed: a secret key typed where the public one belongs.
            raise InvalidInput(field, None, "is a secret age identity, not a recipient", hint="give the public key (age1...) that 'age-keygen -y' prints for it, and keep the secret one off this laptop")
        try:
            recipient = x25519.Recipient.from_str(key)
        except (RecipientError, ValueError) as error:
            raise InvalidInput(field, key, f"is not an age X25519 recipient ({error})", hint="a recipient looks like age1 followed by 58 letters and digits, as age-keygen prints it") from None
        if key not in keys:
            keys.append(key)
            parsed.append(recipient)
    return Recipients(tuple(keys), tuple(parsed))


def identities(path: Path) -> list:
    """The age identities of an identity file (--identity), which only its owner may read."""
    from pyrage import IdentityError, x25519

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise InvalidInput("--identity", str(path), "no such file", hint="give the age identity file (AGE-SECRET-KEY-1...) the export was sealed for") from None
    except OSError as error:
        raise InvalidInput("--identity", str(path), f"cannot be read ({error.strerror})", hint="give the age identity file itself, not a link to it") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput("--identity", str(path), "is not a file", hint="give the age identity file")
        refuse_unless_private(path, info, "--identity")
        data = handle.read(1 << 20)
    try:
        keys = _lines(data.decode("utf-8"))
    except UnicodeDecodeError:
        keys = []
    found = []
    for number, line in keys:
        try:
            found.append(x25519.Identity.from_str(line))
        except (IdentityError, ValueError):
            raise InvalidInput("--identity", str(path), f"line {number} is not an age X25519 identity", hint="the file age-keygen writes holds one line AGE-SECRET-KEY-1...") from None
    if not found:
        raise InvalidInput("--identity", str(path), "holds no age identity", hint="the file age-keygen writes holds one line AGE-SECRET-KEY-1...")
    return found


def needed(keys: list[str]) -> FscliError:
    """The refusal of an import of a sealed export when no identity was given."""
    to = (", to " + ", ".join(keys[:2]) + (" ..." if len(keys) > 2 else "")) if keys else ""
    return InvalidInput("--identity", None, f"the export is encrypted (age{to}) and needs the matching identity to be read", hint="give --identity FILE, the warehouse's age identity file (mode 0600)")


def opened(path: Path, ids: list) -> bytes:
    """The plaintext of one sealed file, in memory only."""
    from pyrage import DecryptError, decrypt

    try:
        return decrypt(path.read_bytes(), ids)
    except DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise KeyRefused(f"{path.name}: the identity given does not open this export (it was sealed to other keys)", hint="give the identity file whose public key the manifest names under encrypted_to") from None
        raise DataProblem(f"{path.name}: cannot be decrypted ({error}): the file was damaged after the export", hint="export it again") from None


class Stream:
    """Blocks pushed by the exporting thread, read by age on the writing thread: age reads
    plaintext from here and writes ciphertext, so a block lives only in memory."""

    def __init__(self, blocks) -> None:
        self.blocks = blocks  # queue.Queue[bytes | None]; None ends the file
        self.pending = b""
        self.at = 0  # how much of `pending` age has read: slicing the rest off would copy it each time
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        while self.at >= len(self.pending) and not self.ended:
            block = self.blocks.get()
            if block is None:
                self.ended = True
            else:
                self.pending, self.at = block, 0
        if size is None or size < 0:
            size = len(self.pending) - self.at
        out = self.pending[self.at : self.at + size]
        self.at += len(out)
        return out


class Hashed:
    """The file age writes to, hashed as written: the manifest's SHA-256 is of the sealed bytes,
    so a loader checks a file without opening it, and no digest of the plaintext is published."""

    def __init__(self, handle, sha) -> None:
        self.handle = handle
        self.sha = sha

    def write(self, data) -> int:
        self.sha.update(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def seal(stream: Stream, handle, sha, recipients: Recipients) -> None:
    """Encrypt what the stream gives into `handle` until it ends (run on the writing thread)."""
    from pyrage import encrypt_io

    encrypt_io(stream, Hashed(handle, sha), list(recipients.parsed))
