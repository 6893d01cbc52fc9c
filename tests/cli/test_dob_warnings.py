"""A date of birth 126 years ago (1990 typed as 1900?) was taken without a word by person add,
person set and import: each now tells the worker in one line on stderr, and keeps the record."""

import json

from tests.factories import ok, open_case


def _warnings(result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("fscli: warning:")]


def test_person_add_and_set_tell_of_a_date_of_birth_older_than_anyone_living(cli, db_path):
    ref = open_case(cli)
    added = ok(cli, "person", "add", ref, "Joan Hart", "--role", "other", "--dob", "01/01/1900")
    (line,) = _warnings(added)
    assert "--dob 01/01/1900: makes Joan Hart 126, older than anyone living" in line
    assert [w for w in _warnings(ok(cli, "person", "add", ref, "Lily Hart", "--role", "child", "--dob", "14/02/2017")) if "--dob" in w] == []  # (the census asks her UPN: tests/cli/test_census_at_entry.py)
    put_right = ok(cli, "person", "set", ref, "Lily Hart", "--dob", "14/02/1917", "--reason", "typed from the referral")
    assert "makes Lily Hart 109, recorded as a child" in _warnings(put_right)[0]


def test_an_import_tells_of_each_such_person_with_its_file_and_row(cli, db_path, tmp_path):
    ref = open_case(cli)
    ok(cli, "person", "add", ref, "Joan Hart", "--role", "parent", "--dob", "01/01/1900")
    out = tmp_path / "export"
    ok(cli, "export", "--out", str(out), "--tables", "worker,cases,person")
    target = str(tmp_path / "other" / "fscli.db")
    ok(cli, "init", "--db", target)
    dry = ok(cli, "import", str(out), "--db", target, "--dry-run")
    done = ok(cli, "import", str(out), "--db", target)
    for result in (dry, done):
        (line,) = _warnings(result)
        assert line.startswith("fscli: warning: person.csv row 2: --dob 01/01/1900: makes Joan Hart 126") and f"fscli person set {ref} 'Joan Hart'" in line
    assert json.loads(ok(cli, "person", "list", ref, "--db", target, "--format", "json").out)[0]["dob"] == "1900-01-01"
