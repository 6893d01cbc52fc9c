"""The moving rule (domain/moving.py) and its words (domain/field_history.py), with no database."""

from datetime import date

from fscli.domain.field_history import moved_words
from fscli.domain.moving import Named, kind_problem, missing_problems, move_problems, renumbered, same_name


def problems_of(**given) -> list[str]:
    facts = dict(what="visit", voided=False, superseded_by=None, from_ref="FS-0003", to_ref="FS-0004", to_open=True, reason="filed on the wrong family", put_right=[]) | given
    return [p.line() for p in move_problems("V12", **facts)]


def test_a_live_entry_on_one_family_moves_to_another_open_case():
    assert problems_of() == []


def test_an_entry_voided_corrected_of_no_family_or_with_history_is_not_moved():
    assert problems_of(voided=True) == ["ID 'V12': this visit is voided; a voided entry is in no family's record; record it again on the right case"]
    assert problems_of(superseded_by="V13") == ["ID 'V12': this visit was corrected by V13; move V13: that moves the correction and the entry it corrects"]
    assert problems_of(from_ref=None) == ["ID 'V12': this visit is filed on no family; record it again on the family it belongs to"]
    assert problems_of(put_right=["on date"]) == ["ID 'V12': its on date was put right on FS-0003, and that history stays with FS-0003; void it ('fscli void V12 --reason TEXT') and record it again on FS-0004"]


def test_the_case_it_goes_to_must_differ_and_be_open_and_a_reason_is_given():
    assert problems_of(to_ref="fs-0003") == ["--to 'fs-0003': the visit is filed on FS-0003 already; name the case it belongs on"]
    assert problems_of(to_open=False)[0].startswith("--to 'FS-0004': is closed: nothing is filed on a closed case; reopen it first")
    assert problems_of(reason=None)[0].startswith("--reason: say why the entry is moved")


def test_only_visits_meetings_tasks_diary_entries_and_goals_move():
    assert kind_problem("V12", "contact") is None and kind_problem("FS-0001/2", "goal") is None
    assert kind_problem("S5", "goal_score").line() == "ID 'S5': a goal score moves with its goal; move the goal: V12 (visit), M3 (meeting), T7 (task), D4 (diary) or FS-0001/2 (goal)"
    assert kind_problem("P2", "plan").line().startswith("ID 'P2': is not an entry fscli can move")


def test_people_and_agencies_are_found_by_name_on_the_case_they_go_to():
    on_entry = [Named(1, "Lily Hart"), Named(2, "Kerry Hart")]
    there = [Named(10, "lily hart"), Named(11, "Dan Brook")]
    mapped = same_name(on_entry, there)
    assert mapped == {1: 10}
    missing = [p.line() for p in missing_problems("FS-0004", on_entry, [Named(5, "Oak School", "school")], people_map=mapped, agency_map={})]
    assert missing == [
        "--to 'FS-0004': Kerry Hart is on the entry but not in FS-0004; if they are there under another spelling put it right ('fscli person set FS-0004 \"THEIR NAME THERE\" --name \"Kerry Hart\" --reason WHY'); else add them ('fscli person add FS-0004 \"Kerry Hart\" --role ROLE'), or void the entry and record it again",
        "--to 'FS-0004': the agency Oak School is on the entry but not around FS-0004; add it first ('fscli agency add FS-0004 \"Oak School\" --kind school'), or void the entry and record it again",
    ]


def test_an_agency_of_the_same_name_is_matched_by_its_kind_when_there_are_several():
    assert same_name([Named(5, "St Mary's", "gp")], [Named(20, "St Mary's", "school"), Named(21, "St Mary's", "gp")]) == {5: 21}


def test_goals_numbered_by_their_place_say_which_names_change():
    assert renumbered("FS-0003", [4, 7, 9], [4, 9]) == [("FS-0003/3", "FS-0003/2")]
    assert renumbered("FS-0004", [8], [7, 8]) == [("FS-0004/1", "FS-0004/2")]
    assert renumbered("FS-0004", [3], [3, 7]) == []


def test_each_case_tells_the_move_its_own_way():
    on = date(2026, 12, 5)
    assert moved_words("V12", "FS-0003", "FS-0004", "FS-0003", "filed on the wrong family", on) == "V12 moved to FS-0004 on 05/12/2026 (filed on the wrong family)"
    assert moved_words("V12", "FS-0003", "FS-0004", "FS-0004", "filed on the wrong family", on) == "V12 moved here from FS-0003 on 05/12/2026 (filed on the wrong family)"
