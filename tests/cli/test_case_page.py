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
    assert ("You", "29/06/2026", "3") in page.marks and ("You", "17/08/2026", "6") in page.marks and ("You", "16/11/2026", "8") in page.marks
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
