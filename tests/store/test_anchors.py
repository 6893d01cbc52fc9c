"""A team keeps the audit chain's head outside the database (`fscli db anchor`), and `fscli db
check` later finds the anchored row removed or rewritten, and an anchor line forged (issue 23 §4)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import BACKEND, execute, rows
from tests.factories import fails, family, ok

TAMPERED = 65


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "anchor.key"
    path.write_bytes(bytes(range(32)))
    path.chmod(0o400)
    return str(path)


def _rewrite_the_newest_row(db_path) -> None:
    """The newest audit row's worker rewritten, its hash worked out again: the chain still verifies."""
    from datetime import datetime

    from fscli.store.audit import row_hash_v2

    (audit_id, prev, at, os_user, action, entity, entity_id, case_id, written), = rows(
        db_path, "SELECT id, prev_hash, at, os_user, action, entity, entity_id, case_id, written FROM audit ORDER BY id DESC LIMIT 1")  # fmt: skip
    at = at if isinstance(at, datetime) else datetime.fromisoformat(at)
    forged = row_hash_v2(prev_hash=prev, at=at, os_user=os_user, worker="Someone Else", action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail="{}", written=written)
    if BACKEND == "postgresql":
        execute(db_path, "ALTER TABLE audit DISABLE TRIGGER audit_no_change", ("UPDATE audit SET worker = 'Someone Else', detail = '{}', hash = ? WHERE id = ?", forged, audit_id),
                "ALTER TABLE audit ENABLE TRIGGER audit_no_change")  # fmt: skip
    else:
        execute(db_path, "DROP TRIGGER audit_no_update", ("UPDATE audit SET worker = 'Someone Else', detail = '{}', hash = ? WHERE id = ?", forged, audit_id),
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END")  # fmt: skip


def test_an_anchor_kept_elsewhere_finds_the_newest_row_rewritten(cli, db_path):
    family(cli)
    line = ok(cli, "db", "anchor").out.strip()
    (newest,) = rows(db_path, "SELECT max(id) FROM audit")[0]
    assert line.startswith(f"fscli-audit-head {newest} ") and len(line.split()) == 4
    assert datetime.fromisoformat(line.split()[2])  # the row's time: the pinned clock's on SQLite, the server's on a server
    assert "anchor (the anchor line): row" in ok(cli, "db", "check", "--anchor", line).out

    _rewrite_the_newest_row(db_path)
    assert cli("db", "check").code == 0  # the chain and the seals alone cannot see it
    result = cli("db", "check", "--anchor", line)
    assert result.code == TAMPERED and f"audit: row {newest}, recorded by the anchor line, is changed: audit rows were removed or rewritten since" in result.err, result


def test_a_file_of_anchors_is_checked_line_by_line(cli, db_path, tmp_path):
    family(cli)
    kept = tmp_path / "anchors.txt"
    first = ok(cli, "db", "anchor").out
    ok(cli, "diary", "add", "FS-0001", "Called school")
    kept.write_text("# nightly anchors\n" + first + "\n" + ok(cli, "db", "anchor").out)
    assert ok(cli, "db", "check", "--anchors", str(kept)).out.count("as line ") == 2

    _rewrite_the_newest_row(db_path)
    result = cli("db", "check", "--anchors", str(kept))
    assert result.code == TAMPERED and "recorded by line 4 of anchors.txt, is changed" in result.err and "line 2 of" not in result.err, result


def test_a_signed_anchor_cannot_be_forged_without_the_key(cli, db_path, key, tmp_path):
    family(cli)
    signed = ok(cli, "db", "anchor", "--sign", key).out.strip()
    assert signed.split()[-1].startswith("hmac-sha256:")
    assert cli("db", "check", "--anchor", signed, "--signed-with", key).code == 0

    _rewrite_the_newest_row(db_path)
    forged = ok(cli, "db", "anchor").out.strip()  # the forger's new anchor for the rewritten row
    assert cli("db", "check", "--anchor", forged).code == 0
    unsigned = cli("db", "check", "--anchor", forged, "--signed-with", key)
    assert unsigned.code == TAMPERED and "is not signed, and a key was given" in unsigned.err, unsigned
    other = tmp_path / "other.key"
    other.write_bytes(b"x" * 32)
    resigned = ok(cli, "db", "anchor", "--sign", str(other)).out.strip()
    wrong = cli("db", "check", "--anchor", resigned, "--signed-with", key)
    assert wrong.code == TAMPERED and "is not signed with that key" in wrong.err, wrong


def test_a_signed_anchor_checked_without_its_key_warns(cli, db_path, key):
    family(cli)
    signed = ok(cli, "db", "anchor", "--sign", key).out.strip()
    result = ok(cli, "db", "check", "--anchor", signed)
    assert "its signature was not checked: add --signed-with KEYFILE" in result.err


def test_anchors_and_keys_that_cannot_be_used_are_refused_in_one_line(cli, db_path, tmp_path):
    fails(cli, "db", "anchor", says="has no audit rows yet")
    family(cli)
    fails(cli, "db", "check", "--anchor", "fscli-audit-head 12 yesterday", code=1, says="--anchor 'fscli-audit-head 12 yesterday': is not an anchor line")
    fails(cli, "db", "check", "--anchors", str(tmp_path / "nowhere.txt"), code=1, says="no such file")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    fails(cli, "db", "check", "--anchors", str(empty), code=1, says="holds no anchor line")
    short = tmp_path / "short.key"
    short.write_bytes(b"secret")
    fails(cli, "db", "anchor", "--sign", str(short), code=1, says="too few for a key")
    fails(cli, "db", "check", "--signed-with", str(tmp_path / "none.key"), code=1, says="--signed-with")
