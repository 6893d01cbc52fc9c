"""The family's plan on a page (`fscli case page`): one private HTML file, in plain words, with
their goals, the scores behind each chart, who is helping and what happens next; nothing of
another family, no case code, no link anywhere; refused in one line when it cannot be made."""

import re
import stat
from html.parser import HTMLParser

import pytest

from fscli.errors import ExitCode
from tests.factories import add_person, fails, ok, open_case


class Marks(HTMLParser):
    """Every chart mark's series, label and value; and the text a reader sees."""

    def __init__(self, html: str):
        super().__init__()
        self.marks, self.text, self.urls = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "data-value" in found and found.get("data-label") != "legend":
            self.marks.append((found["data-series"], found["data-label"], found["data-value"]))
        self.urls += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v]

    def handle_data(self, data):
        self.text.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture
def ashworth(cli):
    ref = open_case(cli, "Ashworth family", referred="22/06/2026", source="5A", worker="Sam Okafor")
    add_person(cli, ref, "Kerry Ashworth", "parent")
    add_person(cli, ref, "Mia Ashworth", "child", dob="01/04/2018")
    ok(cli, "agency", "add", ref, "Birchwood Primary", "--kind", "school", "--contact", "DSL Mrs Ade, 01632 960123")
    ok(cli, "goal", "add", ref, "Mum feels confident setting bedtimes", "--for", "Kerry Ashworth", "--area", "happy")
    ok(cli, "goal", "add", ref, "Mia gets to school on time", "--for", "Mia Ashworth", "--area", "healthy")
    for goal, value, by, day in (("1", "3", "Kerry Ashworth", "29/06/2026"), ("1", "2", "worker", "29/06/2026"), ("1", "6", "Kerry Ashworth", "17/08/2026"),
                                 ("1", "5", "Sam Okafor", "17/08/2026"), ("1", "8", "Kerry Ashworth", "16/11/2026"), ("2", "4", "Kerry Ashworth", "29/06/2026"),
                                 ("2", "9", "Kerry Ashworth", "16/11/2026")):  # fmt: skip
        ok(cli, "goal", "score", f"{ref}/{goal}", value, "--by", by, "--date", day)
    other = open_case(cli, "Lewis family", referred="21/09/2026", source="5B")
    add_person(cli, other, "Mark Lewis", "parent")
    ok(cli, "goal", "add", other, "Fewer arguments at teatime")
    return ref


def test_the_plan_on_a_page_holds_the_familys_goals_and_the_scores_behind_its_charts(cli, ashworth, tmp_path):
    out = tmp_path / "plan.html"
    done = ok(cli, "case", "page", ashworth, "--out", str(out))
    assert done.out.strip() == str(out) and "Wrote the plan on a page" in done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    page = Marks(html)
    words = page.words()
    assert "Our plan: Ashworth family" in words and "About: Mia Ashworth, Kerry Ashworth" in words and "Made on Mon 23 November 2026" in words
    assert "“Mum feels confident setting bedtimes”" in words and "“Mia gets to school on time”" in words
    assert "Birchwood Primary" in words and "DSL Mrs Ade, 01632 960123" in words
    assert ("Kerry", "29/06/2026", "3") in page.marks and ("Kerry", "17/08/2026", "6") in page.marks and ("Kerry", "16/11/2026", "8") in page.marks  # each of the family by name
    assert ("Your worker", "29/06/2026", "2") in page.marks and ("Your worker", "17/08/2026", "5") in page.marks
    star = [m for m in page.marks if m[0] in ("At the start", "Now")]
    assert star == [("At the start", "Happy", "3"), ("At the start", "Healthy", "4"), ("Now", "Happy", "8"), ("Now", "Healthy", "9")]
    assert html.count("<desc") == html.count("<svg") == 3  # every chart has its words; and a table says the same in numbers
    assert ashworth not in html and "Lewis" not in html and "teatime" not in html  # no case code; nothing of another family
    assert page.urls == [] and not re.search(r"https?://|//[a-z]", html.replace("http://www.w3.org/2000/svg", ""))  # nothing from the network


def test_a_name_with_markup_is_shown_as_text(cli, tmp_path):
    ref = open_case(cli, "<script>alert(1)</script> family")
    ok(cli, "goal", "add", ref, "We <b>shout</b> less & laugh more")
    html = (lambda p: (ok(cli, "case", "page", ref, "--out", str(p)), p.read_text())[1])(tmp_path / "p.html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; family" in html
    assert "We &lt;b&gt;shout&lt;/b&gt; less &amp; laugh more" in html


def test_an_empty_case_makes_an_honest_sparse_plan(cli, tmp_path):
    ref = open_case(cli, "Quinn family")
    out = tmp_path / "quinn.html"
    ok(cli, "case", "page", ref, "--out", str(out))
    words = Marks(out.read_text()).words()
    assert "No goals written down yet" in words and "No one is named yet" in words and "Nothing booked yet" in words
    assert "<svg" not in out.read_text()


def test_a_person_under_restriction_of_processing_is_left_out_and_a_case_restricted_whole_is_refused(cli, ashworth, tmp_path):
    ok(cli, "processing", "restrict", ashworth, "--person", "Mia Ashworth", "--reason", "contests the school's account")
    out = tmp_path / "plan.html"
    done = ok(cli, "case", "page", ashworth, "--out", str(out))
    assert "Mia Ashworth is left out: processing restricted since" in done.err
    html = out.read_text()
    assert "Mia" not in html and "Mum feels confident setting bedtimes" in html
    ok(cli, "processing", "restrict", ashworth, "--reason", "the family contest the referral")
    fails(cli, "case", "page", ashworth, "--out", str(tmp_path / "whole.html"), says="processing restricted since")
    assert not (tmp_path / "whole.html").exists()


def test_bad_input_is_refused_in_one_line_and_nothing_is_written(cli, ashworth, tmp_path):
    fails(cli, "case", "page", "FS-9999", "--out", str(tmp_path / "x.html"), says="case 'FS-9999': no such case")
    out = tmp_path / "plan.html"
    out.write_text("the old plan")
    fails(cli, "case", "page", ashworth, "--out", str(out), code=ExitCode.CANT_CREATE, says="exists already")
    assert out.read_text() == "the old plan"
    ok(cli, "case", "page", ashworth, "--out", str(out), "--replace")
    assert "Our plan" in out.read_text()
    fails(cli, "case", "page", ashworth, "--out", str(tmp_path / "no" / "plan.html"), code=ExitCode.CANT_CREATE, says="does not exist")
    assert [p.name for p in tmp_path.iterdir() if "plan" in p.name or p.name.startswith(".")] == ["plan.html"]  # no partial file, no staging folder left


def test_what_happens_next_lists_the_familys_bookings_in_their_words(cli, ashworth, tmp_path):
    ok(cli, "visit", "plan", ashworth, "--type", "home-visit", "--date", "30/11/2026 10:00")
    out = tmp_path / "plan.html"
    ok(cli, "case", "page", ashworth, "--out", str(out))
    html = out.read_text()
    after = Marks(html[html.index('<section id="next"') :]).words()
    assert "Mon 30 November 2026 at 10:00 A visit from your worker" in after
    assert not re.search(r"\bB\d+\b", html)  # no booking reference


def _after(html: str, section: str) -> str:
    return Marks(html[html.index(f'<section id="{section}"') :]).words()


@pytest.fixture
def brook(cli):
    """A mother and her son who both score his school goal on the same day: 7 and 5."""
    ref = open_case(cli, "Brook family", referred="16/11/2026", source="5A", worker="Priya Shah")
    add_person(cli, ref, "Michelle Brook", "parent")
    add_person(cli, ref, "Jayden Brook", "child", dob="02/03/2012")
    ok(cli, "case", "plan", ref, "early-help", "--start", "16/11/2026", "--child", "Jayden Brook")  # time-limited work, with a target end
    ok(cli, "goal", "add", ref, "Jayden goes to school four days a week", "--for", "Jayden Brook", "--area", "healthy")
    for value, by, day in (("3", "Michelle Brook", "16/11/2026"), ("2", "worker", "16/11/2026"), ("7", "Michelle Brook", "20/11/2026"), ("5", "Jayden Brook", "20/11/2026")):
        ok(cli, "goal", "score", f"{ref}/1", value, "--by", by, "--date", day)
    return ref


def _page(cli, ref, tmp_path) -> str:
    out = tmp_path / "plan.html"
    ok(cli, "case", "page", ref, "--out", str(out), "--replace")
    return out.read_text(encoding="utf-8")


def test_each_of_the_family_keeps_their_own_score_and_the_star_says_it_is_their_average(cli, brook, tmp_path):
    html = _page(cli, brook, tmp_path)
    page = Marks(html)
    assert ("Michelle", "20/11/2026", "7") in page.marks and ("Jayden", "20/11/2026", "5") in page.marks
    assert not [m for m in page.marks if m[0] not in ("At the start", "Now") and m[2] == "6"]  # no line shows a score nobody gave
    goals = _after(html, "goals")
    assert "Michelle 3 (16/11/2026) – 7 (20/11/2026)" in goals and "Jayden 5 (20/11/2026) – –" in goals and "Your worker 2 (16/11/2026)" in goals
    assert ("Now", "Healthy", "6") in page.marks  # the star needs one figure for the family...
    star = _after(html, "star")
    assert "the star uses the average of your scores that day" in star and "on 20/11/2026: Michelle 7, Jayden 5, so 6" in star  # ...and says how it was made


def test_who_is_helping_has_one_row_a_person_and_no_circular_way_to_reach_the_worker(cli, brook, tmp_path):
    ok(cli, "case", "allocate", brook, "Priya Shah", "--role", "lead-practitioner", "--date", "17/11/2026")
    ok(cli, "agency", "add", brook, "Money Mentor", "--kind", "voluntary")
    helping = _after(_page(cli, brook, tmp_path), "helping")
    assert helping.count("Priya Shah") == 1
    assert "Priya Shah Your key worker; leads the help for your family (Early Help) Ask your worker for the team's telephone number" in helping
    assert "Money Mentor Community or charity service Your worker can give you their details" in helping
    assert "ask your worker" not in helping and "lead practitioner" not in helping and "voluntary sector" not in helping


def test_bookings_say_where_they_are_from_the_familys_side(cli, brook, tmp_path):
    ok(cli, "visit", "plan", brook, "--type", "home-visit", "--date", "24/11/2026 16:00")
    ok(cli, "meeting", "plan", brook, "--type", "agency-appointment", "--date", "26/11/2026 10:00", "--where", "Citizens Advice Northgate", "--note", "Dad's probation officer may attend")
    ok(cli, "meeting", "plan", brook, "--type", "court-hearing", "--date", "01/12/2026 10:00", "--where", "Northgate Family Court, court 3")
    after = _after(_page(cli, brook, tmp_path), "next")
    assert "Tue 24 November 2026 at 16:00 A visit from your worker at your home" in after
    assert "Thu 26 November 2026 at 10:00 An appointment at another service, with your worker Citizens Advice Northgate" in after
    assert "Tue 1 December 2026 at 10:00 Court hearing Northgate Family Court, court 3" in after
    assert "probation" not in after  # a booking's note is the worker's, never written for the family


def test_bookings_after_the_target_end_are_said_not_hidden_behind_it(cli, brook, tmp_path):
    ok(cli, "visit", "plan", brook, "--type", "home-visit", "--date", "17/02/2027 16:00")
    after = _after(_page(cli, brook, tmp_path), "next")
    assert "We planned to finish by Mon 8 February 2027; there is still a meeting booked after that, on Wed 17 February 2027: your worker will talk with you about when the work ends." in after
    assert "We plan for this work to end by" not in after


def test_the_next_meeting_named_at_the_last_one_is_on_the_plan_as_on_the_due_list(cli, brook, tmp_path):
    ok(cli, "meeting", "log", brook, "--type", "discharge-planning", "--date", "20/11/2026 11:00", "--next", "03/12/2026")
    assert "Next hospital discharge planning meeting (booked)" in ok(cli, "due", "--case", brook).out
    after = _after(_page(cli, brook, tmp_path), "next")
    assert "Thu 3 December 2026 Meeting at the hospital to plan for going home" in after and "(booked)" not in after


def test_every_table_of_the_plan_stacks_on_a_phone(cli, brook, tmp_path):
    ok(cli, "visit", "plan", brook, "--type", "home-visit", "--date", "24/11/2026 16:00")
    html = _page(cli, brook, tmp_path)
    tables = re.findall(r"<table[^>]*>", html)
    assert tables and all('class="rows"' in t for t in tables)
    assert all("data-label=" in cell for cell in re.findall(r"<td[^>]*>", html) if "colspan" not in cell)


def test_no_page_of_the_demo_holds_the_professionals_words(cli, tmp_path):
    from fscli.domain.family_words import JARGON

    ok(cli, "demo")
    demo = next((tmp_path / "xdg_data_home").rglob("demo.db"))
    refs = [line.split("\t")[0] for line in ok(cli, "case", "list", "--all", "--db", str(demo)).out.splitlines()[1:]]
    assert len(refs) == 20
    found = {}
    for ref in refs:
        out = tmp_path / f"{ref}.html"
        made = cli("case", "page", ref, "--out", str(out), "--db", str(demo))
        if made.code:
            assert "processing restricted" in made.err, made  # a case restricted whole makes no page
            continue
        words = Marks(out.read_text(encoding="utf-8")).words()
        found.update({(ref, jargon): True for jargon in JARGON if re.search(rf"(?<!\w){re.escape(jargon)}(?!\w)", words)})
    assert sorted(found) == []


def test_the_scores_of_a_person_under_restriction_count_in_no_figure_of_the_page(cli, brook, tmp_path):
    ok(cli, "goal", "add", brook, "Mornings without rows", "--area", "happy")
    ok(cli, "goal", "score", f"{brook}/2", "8", "--by", "Michelle Brook", "--date", "20/11/2026")
    ok(cli, "goal", "score", f"{brook}/2", "2", "--by", "Jayden Brook", "--date", "20/11/2026")
    ok(cli, "processing", "restrict", brook, "--person", "Jayden Brook", "--reason", "contests the school's account")
    html = _page(cli, brook, tmp_path)
    assert "Jayden" not in html
    assert ("Now", "Happy", "8") in Marks(html).marks  # Michelle's 8, not the mean with his 2


def test_the_family_reaches_their_worker_through_the_teams_number_from_the_profile(cli, ashworth, tmp_path, monkeypatch):
    page = (lambda p: (ok(cli, "case", "page", ashworth, "--out", str(p)), Marks(p.read_text()).words())[1])
    without = cli("case", "page", ashworth, "--out", str(tmp_path / "before.html"))
    assert "does not say how to reach the team: set phone" in without.err  # the worker is told, not the family
    assert "Ask your worker for the team's telephone number" in page(tmp_path / "again.html") and "fscli" not in page(tmp_path / "again2.html")
    team = tmp_path / "team.toml"
    team.write_text('[contact]\nname = "North locality family support team"\nphone = "01632 960000"\nhours = "Monday to Friday, 9am to 5pm"\n'
                    'out_of_hours = "Emergency duty team 01632 960999"\n')  # fmt: skip
    monkeypatch.setenv("FSCLI_PROFILE", str(team))
    words = page(tmp_path / "with.html")
    assert "Sam Okafor" in words and "Call North locality family support team: 01632 960000 (Monday to Friday, 9am to 5pm)" in words
    assert "When the team is closed: Emergency duty team 01632 960999." in words and "If a child is in danger now, call 999." in words
    assert "DSL Mrs Ade, 01632 960123" in words  # an agency keeps its own contact


def test_a_contact_the_profile_cannot_hold_is_refused_naming_the_key(cli, ashworth, tmp_path, monkeypatch):
    team = tmp_path / "team.toml"
    team.write_text('[contact]\nmobile = "07700 900000"\n')
    monkeypatch.setenv("FSCLI_PROFILE", str(team))
    fails(cli, "case", "page", ashworth, "--out", str(tmp_path / "p.html"), says="[contact] mobile 'mobile': is not a setting here; use name, phone, email, hours, out_of_hours")
    team.write_text('[contact]\nphone = 1632960000\n')
    fails(cli, "case", "page", ashworth, "--out", str(tmp_path / "p.html"), says="must be text in quotes")
    assert not (tmp_path / "p.html").exists()


def test_a_closed_cases_plan_says_who_helped_not_who_is_helping(cli, tmp_path):
    ref = open_case(cli, "Irwin family", referred="01/09/2026", worker="Sam Okafor")
    add_person(cli, ref, "Jo Irwin", "parent")
    ok(cli, "case", "close", ref, "--date", "yesterday", "--reason", "outcomes-met", "--summary", "-", input="Routines settled.\n")
    words = (lambda p: (ok(cli, "case", "page", ref, "--out", str(p)), Marks(p.read_text()).words())[1])(tmp_path / "p.html")
    assert "Who helped you" in words and "Who is helping" not in words and "The work with you has ended." in words
