"""Who is acting on a team's server, and what a team, a login and a restriction may be."""

from fscli.domain.acting import acting
from fscli.domain.teams import holders_left_out, login_problems, restriction_holder_problems, restriction_problems, team_for_new_case, unseen_new_case


def test_on_a_server_the_login_says_who_is_writing_whatever_fscli_worker_says():
    spoofed = acting("Priya Shah", login="sam", login_worker="Sam Okafor", maintainer=False)
    assert spoofed.worker == "Sam Okafor" and spoofed.refusal is None
    assert spoofed.note == "FSCLI_WORKER names Priya Shah, but on this server you are Sam Okafor (login sam): recorded as Sam Okafor"
    assert acting("sam okafor", login="sam", login_worker="Sam Okafor", maintainer=False).note is None  # the same name, typed otherwise
    assert acting(None, login="sam", login_worker="Sam Okafor", maintainer=False).worker == "Sam Okafor"


def test_the_databases_owner_with_no_worker_row_keeps_the_configured_worker_and_anyone_else_is_refused():
    assert acting("Ann Boss", login="fscli_migrator", login_worker=None, maintainer=True).worker == "Ann Boss"
    stranger = acting("Sam Okafor", login="stranger", login_worker=None, maintainer=False)
    assert stranger.worker is None and stranger.refusal == "login stranger is no worker of this caseload" and "fscli worker add" in stranger.hint


def test_a_login_is_a_database_role_name():
    assert login_problems("sam.okafor") == [] and login_problems("s_okafor@council") == []
    assert [p.field for p in login_problems("Sam Okafor")] == ["--login"]
    assert login_problems("1sam") and login_problems("")


def test_a_restriction_names_at_least_one_worker_once_and_says_why():
    names, reason, problems = restriction_problems(["Priya Shah", " priya shah", "Mo Reid"], " allegation ")
    assert (names, reason, problems) == (["Priya Shah", "Mo Reid"], "allegation", [])
    _, _, problems = restriction_problems([""], "")
    assert {p.field for p in problems} == {"--to", "--reason"}


def test_a_new_case_is_the_openers_one_team_unless_they_say_which():
    assert team_for_new_case(None, ["North"]) == ("North", [])
    assert team_for_new_case("South", ["North"]) == ("South", [])
    assert team_for_new_case(None, []) == (None, [])
    team, problems = team_for_new_case(None, ["North", "South"])
    assert team is None and problems[0].field == "--team" and "North, South" in problems[0].message


def test_a_restriction_that_leaves_out_a_holder_is_refused_unless_hiding_it_from_them_is_meant():
    assert holders_left_out(["Priya Shah"], ["Sam Okafor", "priya shah", "Sam Okafor"]) == ["Sam Okafor"]
    assert restriction_holder_problems("FS-0001", [], hide=False) == []
    (problem,) = restriction_holder_problems("FS-0001", ["Sam Okafor", "Ann Lee"], hide=False)
    assert problem.field == "--to" and "leaves out Sam Okafor, Ann Lee, who hold FS-0001 now" in problem.message and "--hide-from-holders" in (problem.hint or "")
    assert restriction_holder_problems("FS-0001", ["Sam Okafor"], hide=True) == []


def test_on_a_server_a_new_case_must_be_of_a_team_or_held_by_someone():
    assert unseen_new_case(None, None, seen_by_rows=False) == []  # a SQLite file, or the database's owner
    assert unseen_new_case("North", None, seen_by_rows=True) == [] and unseen_new_case(None, "Sam Okafor", seen_by_rows=True) == []
    (problem,) = unseen_new_case(None, "", seen_by_rows=True)
    assert problem.field == "--team" and "--worker" in (problem.hint or "") and "--team TEAM" in (problem.hint or "")
