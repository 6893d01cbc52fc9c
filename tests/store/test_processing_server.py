"""On a team's server the restriction of processing is the server's too: a worker's login that
writes in psql, audit row and all, is refused at COMMIT while the case or the person is restricted
(store/server_rules.py, fscli_processing_held); fscli itself refuses first, in its own words."""

import pytest

from tests.store.test_team_server import OWNER, as_login, fscli, server  # noqa: F401  (the module's server fixture)

pytestmark = pytest.mark.postgresql_only(reason="the server's own check of restriction of processing")


def _signed_diary(conn, case_id: int, text: str) -> None:
    """A diary entry on the case typed in psql, signed with an audit row as the guard of issue 23 asks."""
    made = conn.execute("INSERT INTO diary (case_id, on_date, text, tags, worker, created_at) VALUES (%s, '2026-11-23', %s, '', 'Sam Okafor', now()) RETURNING id", (case_id, text)).fetchone()[0]
    conn.execute("SELECT fscli_audit_append(now(), 'diary.add', 'diary', %s, %s, '{}', ARRAY['diary:' || %s::text || ':'], NULL)", (made, case_id, made))


def test_a_login_writing_in_psql_to_a_restricted_case_is_refused_at_commit_and_fscli_says_why(server):  # noqa: F811
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        hart = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0001'").fetchone()[0]
        lily = conn.execute("SELECT id FROM person WHERE name = 'Lily Hart'").fetchone()[0]
    code, _, err = fscli("processing", "restrict", "FS-0001", "--reason", "the family contests the assessment", login="dpo")
    assert code == 0, err
    try:
        code, _, err = fscli("task", "add", "FS-0001", "Ring the school", "--due", "+2d", login="sam")
        assert code == 1 and err.count("\n") == 1 and "FS-0001 is under restriction of processing since 23/11/2026 (the family contests the assessment)" in err
        with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
            _signed_diary(conn, hart, "typed in psql")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="case FS-0001 is under restriction of processing since 23/11/2026"):
                conn.commit()
        with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
            conn.execute("UPDATE person SET sex = 'F' WHERE id = %s", (lily,))
            conn.execute("SELECT fscli_audit_append(now(), 'person.update', 'person', %s, %s, '{}', ARRAY['person:' || %s::text || ':'], NULL)", (lily, hart, lily))
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="restriction of processing"):
                conn.commit()
        code, out, err = fscli("case", "show", "FS-0001", login="sam")  # read as before
        assert code == 0 and "processing restricted since 23/11/2026" in out, err
    finally:
        code, _, err = fscli("processing", "lift", "FS-0001", "--reason", "records checked with the family", login="dpo")
        assert code == 0, err
    with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
        _signed_diary(conn, hart, "typed in psql, after the lift")
        conn.commit()


def test_a_person_restricted_holds_the_records_about_them_on_the_server_and_no_other(server):  # noqa: F811
    import psycopg

    code, _, err = fscli("person", "add", "FS-0001", "Dean Hart", "--role", "parent", login="sam")
    assert code == 0, err
    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        hart = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0001'").fetchone()[0]
        dean = conn.execute("SELECT id FROM person WHERE name = 'Dean Hart'").fetchone()[0]
    code, _, err = fscli("processing", "restrict", "FS-0001", "--person", "Dean Hart", "--reason", "contests accuracy", login="dpo")
    assert code == 0, err
    try:
        with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
            conn.execute("UPDATE person SET relationship = 'father' WHERE id = %s", (dean,))
            conn.execute("SELECT fscli_audit_append(now(), 'person.update', 'person', %s, %s, '{}', ARRAY['person:' || %s::text || ':'], NULL)", (dean, hart, dean))
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="a record of a person of case FS-0001"):
                conn.commit()
        with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
            _signed_diary(conn, hart, "the case's other work goes on")
            conn.commit()
    finally:
        code, _, err = fscli("processing", "lift", "FS-0001", "--person", "Dean Hart", "--reason", "put right", login="dpo")
        assert code == 0, err


def test_a_worker_s_export_holds_back_a_note_naming_the_restricted_mother_as_on_sqlite(server, tmp_path):  # noqa: F811
    """Under row security Sam's own nightly export reads Lily's visit, written before the officer
    restricted processing of Kerry, and holds it back: its text names her."""
    import json

    assert fscli("person", "add", "FS-0001", "Kerry Hart", "--role", "parent", login="sam")[0] == 0
    for note in ("Kerry had been drinking; Lily quiet", "Lily read to me"):
        code, _, err = fscli("visit", "log", "FS-0001", "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", note, "--again", login="sam")
        assert code == 0, err
    code, _, err = fscli("processing", "restrict", "FS-0001", "--person", "Kerry Hart", "--reason", "contests the accuracy of the record", login="dpo")
    assert code == 0, err
    try:
        code, _, err = fscli("export", "--out", str(tmp_path / "sam"), login="sam")
        assert code == 0, err
        held = json.loads((tmp_path / "sam" / "manifest.json").read_text())["held_back"]
        assert (held["rows"], held["named_rows"]) == ({"person": 1}, {"contact": 1, "contact_party": 1})
        exported = b"".join(path.read_bytes() for path in (tmp_path / "sam").iterdir())
        assert b"had been drinking" not in exported and b"Lily read to me" in exported
        assert b"Canarywood" not in exported  # the case restricted to Priya stays hers
    finally:
        code, _, err = fscli("processing", "lift", "FS-0001", "--person", "Kerry Hart", "--reason", "checked with her", login="dpo")
        assert code == 0, err
    code, _, err = fscli("export", "--out", str(tmp_path / "after"), login="sam")
    assert code == 0, err
    assert b"Kerry had been drinking" in (tmp_path / "after" / "contact.csv").read_bytes()
