"""The voiding rule as plain functions: how an entry is named, when it may be voided, which rows are live."""

from datetime import date

from fscli.domain import duplicates, voiding


def test_every_kind_is_named_by_its_prefix_or_as_a_goal():
    assert [(k.table, n.ref, n.number) for k, n, _ in [voiding.read_void_id(t) for t in ("V12", "fs-0002/m3", "S5", "P2", "B9", "T7", "D4")]] == [
        ("contact", None, 12), ("meeting", "fs-0002", 3), ("goal_score", None, 5), ("plan", None, 2), ("planned_visit", None, 9), ("task", None, 7), ("diary", None, 4)]
    kind, named, problems = voiding.read_void_id("FS-0001/2")
    assert (kind.table, named.ref, named.number, problems) == ("goal", "FS-0001", 2, [])
    assert voiding.read_void_id("Q2")[2][0].line().startswith("ID 'Q2': is not an entry fscli can void; give V12 (visit)")
    assert voiding.read_void_id("V²")[2][0].field == "ID"


def test_an_entry_is_voided_once_at_the_end_of_its_correction_chain_with_a_reason():
    assert voiding.void_problems("V2", what="visit", voided=False, superseded_by=None, reason="typed twice") == []
    assert voiding.void_problems("V2", what="visit", voided=True, superseded_by=None, reason="x")[0].message == "this visit is voided already"
    (corrected,) = voiding.void_problems("V1", what="visit", voided=False, superseded_by="V2", reason="x")
    assert corrected.line() == "ID 'V1': this visit was corrected by V2; void V2: that voids the correction and the entry it corrects"
    assert voiding.void_problems("V2", what="visit", voided=False, superseded_by=None, reason="")[0].field == "--reason"


def test_the_live_row_condition_is_written_once_for_every_kind():
    assert voiding.live_sql("task", "t") == "t.voided_at IS NULL"
    assert voiding.live_sql("contact", "k") == "k.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM contact k_later WHERE k_later.corrects_id = k.id)"
    assert voiding.live_sql("goal_score", "s").endswith("s_later.supersedes_id = s.id)")
    assert voiding.label("planned_visit", 9) == "B9"


def test_a_same_day_twin_names_the_entry_already_there():
    message, question = duplicates.same_day_line(what="home visit", existing=["V1"], ref="FS-0001", family="Hart family", day=date(2026, 11, 23))
    assert message == "FS-0001 Hart family has a home visit on 23/11/2026 already (V1)"
    assert question.endswith("Log another home visit that day?")
    assert "--again" in duplicates.again_hint("home visit")


def test_the_voiding_kinds_and_the_live_rows_name_the_same_tables():
    """The read views take live_sql from domain/live_rows.py (light to import); the voiding
    command's kinds must cover exactly those tables, with the same prefixes and supersession."""
    from fscli.domain import live_rows, voiding

    assert [k.table for k in voiding.KINDS] == list(live_rows.VOIDABLE_TABLES)
    assert {k.table: k.prefix for k in voiding.KINDS} == live_rows.PREFIXES
    assert {k.table: k.superseded_by for k in voiding.KINDS if k.superseded_by} == live_rows.SUPERSEDED_BY


def test_the_same_task_is_the_same_words_whatever_the_case_and_spacing():
    assert duplicates.same_task("Ring the school", "ring  the School ")
    assert not duplicates.same_task("Ring the school", "Ring the GP")
    message, question = duplicates.same_task_line(existing=["T1"], ref="FS-0001", family="Hart family", due=date(2026, 11, 26))
    assert message == "FS-0001 Hart family has this task open already, due 26/11/2026 (T1)"
    assert question == message + ". Add it again?"
