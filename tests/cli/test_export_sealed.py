"""Exports for the warehouse, sealed to its age public key: no plain record on the laptop's disk.

The nightly job exports with --encrypt-to (or --encrypt-to-file); every file is written encrypted
as it is made, the manifest says to whom, and only the warehouse's identity opens it again.
"""

import hashlib
import io
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest

from tests.conftest import table_counts
from tests.factories import fails, family, ok

CANARY = "Zqxv Canarywood said stepdad hits her"
AGE_HEADER = b"age-encryption.org/v1\n"


@pytest.fixture
def warehouse(tmp_path):
    """The warehouse's key pair: the public key given to the laptop, the identity file kept by the warehouse (0600)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    path = tmp_path / "warehouse.key"
    path.write_text(f"# created: for the warehouse\n# public key: {identity.to_public()}\n{identity}\n")
    path.chmod(0o600)
    return str(identity.to_public()), path, identity


@pytest.fixture
def canary_caseload(cli):
    """A family whose visit note carries words no export may show in plain text."""
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", CANARY)
    ok(cli, "diary", "add", ref, f"Strategy discussion booked: {CANARY}")
    return ref


def _planted(folder: Path) -> list[str]:
    """Every file under `folder` holding the canary, as `strings` would find it (or Lily's name)."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if CANARY.encode() in data or "Lily Hart".encode() in data:
                found.append(str(path))
    return found


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson", "xlsx"])
def test_a_sealed_export_leaves_no_record_readable_on_disk_even_while_it_is_written(cli, canary_caseload, warehouse, tmp_path, monkeypatch, fmt):
    from fscli.store import exporting

    public, _, identity = warehouse
    spool = tmp_path / "system-tmp"  # where xlsxwriter and anything else would put temporary files
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    exports = tmp_path / "exports"
    exports.mkdir()
    seen_during: list[str] = []
    real = exporting.blocks

    def watched(reader, spec, *args, **kwargs):  # each table: look at everything written so far
        seen_during.extend(_planted(exports) + _planted(spool))
        yield from real(reader, spec, *args, **kwargs)
        seen_during.extend(_planted(exports) + _planted(spool))

    monkeypatch.setattr(exporting, "blocks", watched)
    rows_of = exporting.rows

    def watched_rows(reader, spec, *args, **kwargs):  # the workbook reads rows, not blocks
        seen_during.extend(_planted(exports) + _planted(spool))
        yield from rows_of(reader, spec, *args, **kwargs)

    monkeypatch.setattr(exporting, "rows", watched_rows)
    out = exports / "nightly"
    done = ok(cli, "export", "--out", str(out), "--format", fmt, "--encrypt-to", public)
    assert "encrypted to 1 age key" in done.err
    assert seen_during == [] and _planted(exports) == [] and _planted(spool) == []
    written = [p for p in out.iterdir() if p.name != "manifest.json"]
    assert written and all(p.name.endswith(".age") and p.read_bytes().startswith(AGE_HEADER) for p in written)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert [p.name for p in exports.iterdir()] == ["nightly"]  # no staging folder left

    # The warehouse opens every file with its identity.
    from pyrage import decrypt

    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(decrypt((out / "fscli-export.xlsx.age").read_bytes(), [identity])))
        notes = [row[9] for row in book["contact"].iter_rows(min_row=2, values_only=True)]
        assert notes == [CANARY]
    else:
        assert CANARY in decrypt((out / f"contact.{fmt}.age").read_bytes(), [identity]).decode()


def test_the_search_for_the_canary_would_find_a_plain_export(cli, canary_caseload, tmp_path):
    """The negative control: the same search finds the note in an export that is not sealed."""
    ok(cli, "export", "--out", str(tmp_path / "plain"))
    assert str(tmp_path / "plain" / "contact.csv") in _planted(tmp_path / "plain")


def test_the_manifest_says_to_whom_and_holds_no_record_text(cli, canary_caseload, warehouse, tmp_path):
    public, _, _ = warehouse
    out = tmp_path / "nightly"
    counts = table_counts(os.environ["FSCLI_DB"])  # the snapshot's: the export logs itself just after it
    ok(cli, "export", "--out", str(out), "--encrypt-to", public)
    text = (out / "manifest.json").read_text()
    manifest = json.loads(text)
    assert manifest["encryption"] == "age" and manifest["encrypted_to"] == [public]
    for entry in manifest["tables"].values():
        sealed = out / entry["file"]
        assert entry["file"].endswith(".csv.age") and hashlib.sha256(sealed.read_bytes()).hexdigest() == entry["sha256"]
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == counts
    # Counts, column names, hashes of the sealed files and the audit head: no name, note or reference.
    for words in (CANARY, "Lily Hart", "Hart family", "Kerry Hart", canary_caseload, "Oakfield"):
        assert words not in text


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_a_sealed_export_opens_with_the_identity_and_imports_into_a_fresh_caseload(cli, canary_caseload, warehouse, tmp_path, empty_database, fmt):
    public, key, _ = warehouse
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    ok(cli, "export", "--out", str(plain), "--format", fmt)
    snapshot = table_counts(os.environ["FSCLI_DB"])  # what the sealed export holds: it logs itself just after
    ok(cli, "export", "--out", str(sealed), "--format", fmt, "--encrypt-to", public)
    ok(cli, "init", "--db", empty_database)
    imported = ok(cli, "import", str(sealed), "--db", empty_database, "--identity", str(key))
    assert "Imported" in imported.err
    assert table_counts(empty_database) == {t: n + (t == "audit") for t, n in snapshot.items()}  # and the import's own audit row
    again = tmp_path / "again"
    ok(cli, "export", "--out", str(again), "--format", fmt, "--db", empty_database)
    assert (again / f"contact.{fmt}").read_bytes() == (plain / f"contact.{fmt}").read_bytes()
    assert CANARY in (again / f"contact.{fmt}").read_text()


def test_two_recipients_and_a_recipients_file_each_open_the_export(cli, canary_caseload, warehouse, tmp_path):
    from pyrage import decrypt, x25519

    public, _, identity = warehouse
    second = x25519.Identity.generate()
    listed = tmp_path / "warehouse.pub"
    listed.write_text(f"# the council's warehouse\n{public}\n\n# its disaster-recovery key\n{second.to_public()}\n")
    out = tmp_path / "nightly"
    ok(cli, "export", "--out", str(out), "--encrypt-to-file", str(listed), "--encrypt-to", public, "--tables", "contact")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["encrypted_to"] == [public, str(second.to_public())]  # each key once
    for who in (identity, second):
        assert CANARY in decrypt((out / "contact.csv.age").read_bytes(), [who]).decode()


@pytest.mark.parametrize(
    "option, value, says",
    [
        ("--encrypt-to", "age1notakey", "--encrypt-to 'age1notakey': is not an age X25519 recipient"),
        ("--encrypt-to", "ssh-ed25519 AAAAC3Nza", "is not an age X25519 recipient"),
        ("--encrypt-to", "AGE-SECRET-KEY-1QQQQ", "--encrypt-to: is a secret age identity, not a recipient"),
        ("--encrypt-to-file", "no-such.pub", "--encrypt-to-file"),
    ],
)
def test_a_bad_recipient_is_refused_in_one_line_and_nothing_is_written(cli, canary_caseload, tmp_path, option, value, says):
    before = sorted(p.name for p in tmp_path.iterdir())
    result = fails(cli, "export", "--out", str(tmp_path / "nightly"), option, str(tmp_path / value) if option.endswith("file") else value, says=says)
    assert "QQQQ" not in result.err  # a secret key is never echoed
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_recipients_file_with_no_key_or_a_bad_line_is_refused(cli, canary_caseload, warehouse, tmp_path):
    public, _, _ = warehouse
    empty = tmp_path / "empty.pub"
    empty.write_text("# nothing here yet\n\n")
    fails(cli, "export", "--out", str(tmp_path / "a"), "--encrypt-to-file", str(empty), says="holds no recipient")
    bad = tmp_path / "bad.pub"
    bad.write_text(f"{public}\nage1typo\n")
    fails(cli, "export", "--out", str(tmp_path / "b"), "--encrypt-to-file", str(bad), says="line 2 'age1typo': is not an age X25519 recipient")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.fixture
def sealed_export(cli, canary_caseload, warehouse, tmp_path, empty_database):
    public, _, _ = warehouse
    out = tmp_path / "sealed"
    ok(cli, "export", "--out", str(out), "--encrypt-to", public, "--tables", "worker,cases,person")
    ok(cli, "init", "--db", empty_database)
    return out


def test_importing_a_sealed_export_without_the_identity_says_what_is_needed(cli, sealed_export, warehouse, empty_database):
    public, _, _ = warehouse
    result = fails(cli, "import", str(sealed_export), "--db", empty_database, says="the export is encrypted (age, to " + public)
    assert "--identity FILE" in result.err
    assert table_counts(empty_database)["cases"] == 0


def test_an_identity_others_can_read_is_refused_as_ssh_refuses_a_key(cli, sealed_export, warehouse, empty_database):
    _, key, _ = warehouse
    key.chmod(0o644)
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(key), code=77, says="can be read by others (mode 0644)")
    key.chmod(0o640)
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(key), code=77, says="chmod 600")
    assert table_counts(empty_database)["cases"] == 0


def test_the_wrong_identity_or_a_file_that_is_not_one_is_refused(cli, sealed_export, empty_database, tmp_path):
    from pyrage import x25519

    other = tmp_path / "other.key"
    other.write_text(str(x25519.Identity.generate()) + "\n")
    other.chmod(0o600)
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(other), code=77, says="the identity given does not open this export")
    junk = tmp_path / "junk.key"
    junk.write_text("AGE-SECRET-KEY-1NOTREALLY\n")
    junk.chmod(0o600)
    result = fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(junk), says="line 1 is not an age X25519 identity")
    assert "NOTREALLY" not in result.err  # the secret's text is never echoed
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(tmp_path / "missing.key"), says="no such file")
    assert table_counts(empty_database)["cases"] == 0


def test_a_sealed_file_damaged_after_the_export_is_refused(cli, sealed_export, warehouse, empty_database):
    _, key, _ = warehouse
    path = sealed_export / "person.csv.age"
    damaged = bytearray(path.read_bytes())
    damaged[-5] ^= 1
    path.write_bytes(bytes(damaged))
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(key), code=65, says="SHA-256 differs")
    manifest = json.loads((sealed_export / "manifest.json").read_text())
    manifest["tables"]["person"]["sha256"] = hashlib.sha256(bytes(damaged)).hexdigest()  # and the manifest made to agree
    (sealed_export / "manifest.json").write_text(json.dumps(manifest))
    fails(cli, "import", str(sealed_export), "--db", empty_database, "--identity", str(key), code=65, says="person.csv.age: cannot be decrypted")
    assert table_counts(empty_database)["cases"] == 0
