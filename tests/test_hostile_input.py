"""Hostile input through the real main(): pasted escape codes, bidi controls, formulas, SQL, huge
strings, impossible dates. Goals I1-I3, I6, I10 (reliability.md §9): no traceback, no exit code
outside the contract, no partial write, exactly one audit row per successful write.

FSCLI_FUZZ_EXAMPLES sets the number of examples (the long run uses 20,000); the harness prints
its figures.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BACKEND, rows

pytestmark = pytest.mark.harness  # a reliability harness (fuzz): skip with -m "not harness" for a quick run

EXAMPLES = int(os.environ.get("FSCLI_FUZZ_EXAMPLES", "2000" if BACKEND == "sqlite" else "400"))
CONTRACT = {0, 1, 2, 65, 73, 75, 77}

NASTY = [
    "", " ", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(1)", "'; DROP TABLE cases; --", "%", "_", "\\", "%_\\",
    "\x1b]52;c;ZXZpbA==\x07", "\x1b[2J", "\u202eevil", "\u200b", "\ufeff", "\x00", "\r\n", "a\tb", "[bold]x[/bold]", "[link=http://x]y[/link]",
    "x" * 25_000, "🧒🏽", "Zoë Ó'Brien-Łukasz", "0", "99999999999999999999999", "-0", "NaN", "1e309", "31/02/2026", "2026-13-01", "00/00/0000",
    "today", "+99999y", "in 100000 years", "last blursday", "FS-0001", "fs-0001", "--help", "-h",
]  # fmt: skip
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",)), max_size=40))
day = st.one_of(st.sampled_from(["today", "yesterday", "03/11/2026", "2026-11-20", "last monday", "+1w"]), text)

WRITES = {"case", "person", "visit", "diary", "task", "goal", "agency", "meeting", "note"}
commands = st.one_of(
    st.tuples(st.just("case"), st.just("open"), text, st.just("--referred"), day, st.just("--source"), st.one_of(st.just("3B"), text), st.just("--reason"), text),
    st.tuples(st.just("person"), st.just("add"), st.just("FS-0001"), text, st.just("--role"), st.one_of(st.sampled_from(["child", "parent"]), text), st.just("--dob"), day),
    st.tuples(st.just("person"), st.just("born"), st.just("FS-0001"), text, st.just("--dob"), day, st.just("--name"), text, st.just("--sex"), st.one_of(st.sampled_from(["M", "F", "U"]), text)),
    st.tuples(st.just("visit"), st.just("log"), st.just("FS-0001"), st.just("--type"), st.one_of(st.just("home-visit"), text), st.just("--date"), day, st.just("--note"), text),
    st.tuples(st.just("diary"), st.just("add"), st.just("FS-0001"), text),
    st.tuples(st.just("task"), st.just("add"), st.just("FS-0001"), text, st.just("--due"), day),
    st.tuples(st.just("goal"), st.just("add"), st.just("FS-0001"), text),
    st.tuples(st.just("agency"), st.just("add"), st.just("FS-0001"), text, st.just("--kind"), st.one_of(st.just("school"), text)),
    st.tuples(st.just("meeting"), st.just("log"), st.just("FS-0001"), st.just("--type"), st.one_of(st.just("taf"), text), st.just("--date"), day, st.just("--decisions"), text),
    st.tuples(st.just("search"), text),
    st.tuples(st.just("case"), st.just("show"), text),
    st.tuples(st.just("due"), st.just("--within"), text),
    st.tuples(st.just("summary"), st.just("--by"), text),
    st.tuples(st.just("chronology"), text),
    st.tuples(st.just("codes"), text),
)


def test_hostile_input_never_breaks_the_contract(cli, db_path, tmp_path, capsys):
    assert cli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "x").code == 0
    seen = {"examples": 0, "ok": 0, "refused": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(commands)
    def run(args):
        before = rows(db_path, "SELECT count(*) FROM audit")[0][0]
        result = cli(*args)
        after = rows(db_path, "SELECT count(*) FROM audit")[0][0]
        seen["examples"] += 1
        assert result.code in CONTRACT, (args, result)
        assert "Traceback" not in result.err and "internal error" not in result.err, (args, result)
        showed_help = result.out.startswith("Usage:")  # '--help' as a word is help, unless an option took it as its value
        if result.code == 0 and args[0] in WRITES and args[1] in ("open", "add", "log") and not showed_help:
            seen["ok"] += 1
            assert after == before + 1, (args, result)  # exactly one audit row for a write
        else:
            seen["refused"] += result.code != 0
            assert after == before, (args, result)  # a refused or read command writes nothing
        assert "\x1b]" not in result.out and "\u202e" not in result.out, (args, result.out[:200])  # no terminal escapes from data

    run()
    assert not list(tmp_path.rglob("incidents.log"))
    if BACKEND == "sqlite":
        assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert cli("db", "check").code == 0
    with capsys.disabled():
        print(f"\n[hostile input] {seen['examples']} examples: {seen['ok']} writes accepted, {seen['refused']} refused, 0 tracebacks, 0 codes outside {sorted(CONTRACT)}")
