"""The audit chain's head kept outside the database (issue 23 §4): an anchor.

The chain shows a row edited or removed in its middle, and the seals (store/seals.py) a record
rewritten behind fscli's back; but someone able to rewrite the database could rewrite the whole tail
of the chain, records, seals and hashes together, and leave a chain that verifies. An anchor is the
newest row's id, instant and hash, kept where the database's users cannot reach: `fscli db check`
then insists that the row is still there, unchanged.

Anchors come from two places, both held to the same check here:
- every export's manifest (`audit_head`: id and hash), read by `db check --since-export`;
- `fscli db anchor`, one line a team keeps elsewhere (printed, mailed, in another system's log):
  `fscli-audit-head ID INSTANT HASH`, read by `db check --anchor LINE` or `--anchors FILE`. With
  `--sign KEYFILE` the line ends with an HMAC-SHA256 of the rest under a key the database's users
  cannot read, so that a new anchor cannot be forged along with a rewritten tail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fscli.errors import DataProblem, InvalidInput

PREFIX = "fscli-audit-head"
SIGNED = "hmac-sha256:"
NEWEST_SQL = "SELECT id, at, hash FROM audit ORDER BY id DESC LIMIT 1"
SHORTEST_KEY = 16  # bytes: a key shorter than this is guessable
MAKE_KEY = "make one with: head -c 32 /dev/urandom > KEYFILE; chmod 400 KEYFILE"


@dataclass(frozen=True)
class Anchor:
    id: int
    hash: str
    source: str  # how a problem names where the anchor came from: "the export", "the anchor line", "line 3 of FILE"
    text: str | None = None  # the line as signed (without its signature)
    signature: str | None = None


def newest(reader) -> dict | None:
    """The newest audit row: id, instant and hash (None for an empty trail)."""
    return reader.one(NEWEST_SQL)


def line(row: dict, key: bytes | None = None) -> str:
    """The anchor of `row` as one line, signed with `key` when one is given."""
    at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"])
    from fscli.store.audit import instant_text

    text = f"{PREFIX} {row['id']} {instant_text(at)} {row['hash']}"
    return text if key is None else f"{text} {SIGNED}{_mac(key, text)}"


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def parse(text: str, source: str, option: str = "--anchor") -> Anchor:
    """An anchor line as `fscli db anchor` prints it."""
    parts = text.split()
    signature = parts.pop()[len(SIGNED) :] if parts and parts[-1].startswith(SIGNED) else None
    shape = len(parts) == 4 and parts[0] == PREFIX and parts[1].isdigit() and len(parts[3]) == 64 and all(c in "0123456789abcdef" for c in parts[3])
    if not shape:
        raise InvalidInput(option, text.strip()[:80] if option == "--anchor" else source, f"is not an anchor line ({PREFIX} ID INSTANT HASH)", hint="give a line 'fscli db anchor' printed, whole")
    return Anchor(int(parts[1]), parts[3], source, " ".join(parts), signature)


def from_file(where: str) -> list[Anchor]:
    """Every anchor in a file of lines `fscli db anchor` printed (blank lines and # comments skipped)."""
    path = Path(where).expanduser()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InvalidInput("--anchors", where, "no such file", hint="give the file the anchor lines were kept in") from None
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("--anchors", where, "cannot be read as text", hint="give the file the anchor lines were kept in") from None
    found = [parse(text, f"line {number} of {path.name}", "--anchors") for number, text in enumerate(lines, start=1) if text.strip() and not text.lstrip().startswith("#")]
    if not found:
        raise InvalidInput("--anchors", where, "holds no anchor line", hint="add the lines 'fscli db anchor' printed")
    return found


def from_export(where: str) -> Anchor:
    """The newest audit row an export recorded: id and hash, from its manifest."""
    path = Path(where).expanduser()
    manifest = path / "manifest.json" if path.is_dir() else path
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput("--since-export", where, "has no manifest.json", hint="give the folder 'fscli export --out' made, or its manifest.json") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise DataProblem(f"--since-export {where}: {manifest.name} is not an export's manifest (unreadable JSON)", hint="give the manifest.json 'fscli export' wrote") from None
    head = data.get("audit_head") if isinstance(data, dict) else None
    if not isinstance(head, dict) or not isinstance(head.get("id"), int) or not isinstance(head.get("hash"), str):
        raise DataProblem(f"--since-export {where}: the manifest records no audit row (an export from an older fscli, or of an empty database)", hint="use an export made by this fscli")
    return Anchor(head["id"], head["hash"], "the export")


def read_key(where: str, option: str) -> bytes:
    """The signing key: the bytes of a private file, at least SHORTEST_KEY of them."""
    try:
        key = Path(where).expanduser().read_bytes()
    except FileNotFoundError:
        raise InvalidInput(option, where, "no such file", hint=MAKE_KEY) from None
    except OSError as error:
        raise InvalidInput(option, where, f"cannot be read ({error.strerror})", hint="run the command as the account that keeps the key") from None
    if len(key) < SHORTEST_KEY:
        raise InvalidInput(option, where, f"holds {len(key)} bytes, too few for a key (at least {SHORTEST_KEY})", hint=MAKE_KEY)
    return key


def verify(rows: dict[int, dict], anchors: list[Anchor], key: bytes | None) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Each anchored row still there unchanged, each signature good: (check lines, problems, warnings)."""
    checks: list[tuple[str, str]] = []
    problems: list[str] = []
    warnings: list[str] = []
    for anchor in anchors:
        if anchor.text is not None and key is not None:
            if anchor.signature is None:
                problems.append(f"anchor: the anchor from {anchor.source} is not signed, and a key was given: a signed anchor was replaced")
            elif not hmac.compare_digest(anchor.signature, _mac(key, anchor.text)):
                problems.append(f"anchor: the anchor from {anchor.source} is not signed with that key: it was altered, or signed with another key")
        elif anchor.signature is not None:
            warnings.append(f"the anchor from {anchor.source} is signed, but its signature was not checked: add --signed-with KEYFILE")
        kept = rows.get(anchor.id)
        state = "missing" if kept is None else "changed" if kept["hash"] != anchor.hash else None
        name = "audit since the export" if anchor.source == "the export" else f"anchor ({anchor.source})"
        checks.append((name, f"row {anchor.id} is as {anchor.source} recorded it" if state is None else f"row {anchor.id} is {state}"))
        if state is not None:
            problems.append(f"audit: row {anchor.id}, recorded by {anchor.source}, is {state}: audit rows were removed or rewritten since")
    return checks, problems, warnings
