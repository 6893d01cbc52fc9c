"""An import is held to the command line's rules for every text it brings (issue 22, the laptop):
family names with escape codes, a TAB or a bidi control that `case open` refuses were imported."""

import json

import pytest

from tests.conftest import BACKEND, rows, table_counts
from tests.factories import fails, ok

HEADER = "family,referred_on,referral_source,reason,status,referral_nfa\r\n"


@pytest.mark.parametrize(("family", "says"), [
    ("Hart\x1b]52;c;ZXZpbA==\x07 family", "control character"),
    ("Hart\tfamily", "control character (U+0009)"),
    ("\u202eylimaf traH", "bidirectional control character (U+202E)"),
    ("Hart\u200b family", "invisible formatting character"),
])  # fmt: skip
def test_a_family_name_the_command_line_refuses_is_refused_by_an_import_too(cli, db_path, tmp_path, family, says):
    assert fails(cli, "case", "open", family, "--referred", "01/10/2026", "--source", "2A", "--reason", "worried").code == 1
    sheet = tmp_path / "cases.csv"
    quoted = family.replace('"', '""')
    sheet.write_text(HEADER + f'"Dunn family",2026-10-01,2A,"School worried",open,0\r\n"{quoted}",2026-10-02,2A,"Worried",open,0\r\n', encoding="utf-8")
    before = table_counts(db_path) if BACKEND == "sqlite" else None
    result = cli("import", str(sheet))
    assert result.code == 65 and "nothing was changed" in result.err and says in result.err, result
    assert "cases.csv\t3\tfamily\t" in result.out  # the file, the row (after the header and Dunn), the column
    assert "\x1b" not in result.out + result.err and "\u202e" not in result.out + result.err
    assert rows(db_path, "SELECT count(*) FROM cases") == [(0,)]
    if before is not None:
        assert table_counts(db_path) == before


def test_every_row_that_breaks_a_rule_is_listed_and_a_note_keeps_what_a_note_may_hold(cli, db_path, tmp_path):
    """A note is stored as typed (escape codes included, shown spelled out); a name, a reason and
    a worker's name are one line of visible text, as on the command line."""
    ok(cli, "case", "open", "Hart family", "--referred", "01/10/2026", "--source", "2A", "--reason", "worried")
    ok(cli, "person", "add", "FS-0001", "Lily Hart", "--role", "child", "--dob", "14/02/2017")
    ok(cli, "visit", "log", "FS-0001", "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", "Lily said \x1b[31mred\x1b[0m\tand\nmore")
    out = tmp_path / "export"
    ok(cli, "export", "--out", str(out), "--format", "ndjson")
    target = tmp_path / "team" / "fscli.db"
    ok(cli, "init", "--db", str(target))
    assert "contact 1" in ok(cli, "import", str(out), "--db", str(target), "--dry-run").err  # the note as typed travels

    def edit(name, change):
        path = out / f"{name}.ndjson"
        lines = [change(json.loads(line)) for line in path.read_text().splitlines()]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        manifest = json.loads((out / "manifest.json").read_text())
        import hashlib

        manifest["tables"][name]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        (out / "manifest.json").write_text(json.dumps(manifest))

    edit("person", lambda p: {**p, "name": "Lily\u202eHart"})
    edit("cases", lambda c: {**c, "reason": "two\nlines"})
    edit("contact", lambda c: {**c, "worker": "Sam\x1b[2J"})
    result = cli("import", str(out), "--db", str(target))
    assert result.code == 65 and "3 problems" in result.err, result
    listed = {(line.split("\t")[0], line.split("\t")[2]) for line in result.out.splitlines()[1:]}
    assert listed == {("person.ndjson", "name"), ("cases.ndjson", "reason"), ("contact.ndjson", "worker")}
    assert rows(str(target), "SELECT count(*) FROM cases") == [(0,)]


def test_the_whole_sample_caseload_moves_to_another_database_unrefused(cli, db_path, tmp_path):
    """Every text the commands wrote meets the rules the import holds it to."""
    ok(cli, "import", "sample_data/caseload.toml")
    out = tmp_path / "move"
    ok(cli, "export", "--out", str(out), "--format", "ndjson")
    target = str(tmp_path / "new" / "fscli.db")
    ok(cli, "init", "--db", target)
    ok(cli, "import", str(out), "--db", target)
    for table in ("cases", "person", "contact", "meeting", "diary", "goal_score"):
        assert rows(target, f"SELECT count(*) FROM {table}") == rows(db_path, f"SELECT count(*) FROM {table}"), table  # noqa: S608
