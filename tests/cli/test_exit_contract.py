"""The exit-code contract for what a worker can type (issue 22, the laptop): a date too far away,
an id longer than any record's, a device given as the database. Each was exit 70, an internal
error; each is one line and exit 1, and nothing is written."""

import pytest

from tests.conftest import rows
from tests.factories import fails, family, ok

HUGE = "1" * 21  # an id of 21 digits: more than any integer column holds

TYPED = [
    (["visit", "log", "{ref}", "--type", "home-visit", "--date", "+9999y", "--note", "x"], "--date '+9999y'"),
    (["visit", "log", "{ref}", "--type", "home-visit", "--date", "9999 years ago", "--note", "x"], "--date '9999 years ago'"),
    (["export", "--out", "{tmp}/out", "--since", "+9999y"], "--since '+9999y'"),
    (["task", "add", "{ref}", "chase GP", "--due", "in 9999 fortnights"], "--due 'in 9999 fortnights'"),
    (["task", "add", "{ref}", "chase GP", "--due", "in 99 fortnights"], None),  # 2030: within the years kept, accepted
    (["goal", "score", HUGE, "5", "--by", "worker"], "GOAL"),
    (["goal", "score", f"{{ref}}/{HUGE}", "5", "--by", "worker"], "GOAL"),
    (["goal", "close", HUGE, "--date", "today", "--achieved"], "GOAL"),
    (["task", "done", HUGE], "ID"),
    (["task", "done", f"T{HUGE}"], "ID"),
    (["note", "correct", f"V{HUGE}", "--text", "x", "--reason", "typo"], "ID"),
    (["note", "correct", HUGE, "--text", "x", "--reason", "typo"], "ID"),
    (["void", f"D{HUGE}", "--reason", "typed twice"], "ID"),
    (["visit", "move", f"B{HUGE}", "--date", "tomorrow", "--reason", "ill"], "ID"),
    (["meeting", "cancel", f"B{HUGE}", "--by", "family", "--reason", "ill"], "ID"),
    (["--db", "/dev/null", "init"], "--db '/dev/null'"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "says"), TYPED, ids=[" ".join(a[:3]) + ("" if s else " (accepted)") for a, s in TYPED])
def test_what_a_worker_can_type_is_refused_in_one_line_with_exit_1_or_done(cli, db_path, tmp_path, argv, says):
    ref = family(cli)
    before = rows(db_path, "SELECT count(*) FROM audit")
    args = [a.replace("{ref}", ref).replace("{tmp}", str(tmp_path)) for a in argv]
    if says is None:
        ok(cli, *args)
        return
    fails(cli, *args, says=says)
    assert rows(db_path, "SELECT count(*) FROM audit") == before
