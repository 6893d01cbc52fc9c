"""The manager's dashboard (`fscli summary --dashboard --out FILE.html`): one private HTML file in
which every number links to the list of the children, families or items it counts, and that list is
as long as the number; its numbers are those of the reports the terminal shows for the same period
(today is Mon 23 Nov 2026; the default period is the profile's outcome-cohort, 01/09 to 23/11/2026)."""

import json
import re
import stat
from html.parser import HTMLParser

import pytest

from fscli.errors import ExitCode
from tests.cli.test_summary_ended import caseload  # noqa: F401 - the panel's hand-counted families
from tests.factories import add_person, fails, ok, open_case
from tests.reports.test_drilldown import sample  # noqa: F401 - the demo's families in the test's database

PERIOD = ("--from", "01/09/2026", "--to", "23/11/2026")


class Board(HTMLParser):
    """Each number (its name, value and the list it links to), each list's rows, and the text."""

    def __init__(self, html: str):
        super().__init__()
        self.numbers: dict[str, tuple[int, str | None]] = {}
        self.lists: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        self.urls: list[str] = []
        self.text: list[str] = []
        self._list: str | None = None
        self._body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "data-count" in found:
            assert found["data-figure"] not in self.numbers, found  # each number is named once
            self.numbers[found["data-figure"]] = (int(found["data-count"]), (found.get("href") or "")[1:] or None)
        if tag == "table" and "data-list" in found:
            self._list = found["data-list"]
            self.lists[self._list] = 0
        if tag == "tbody":
            self._body = True
        if tag == "tr" and self._list and self._body:
            self.lists[self._list] += 1
        self.urls += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v and not v.startswith("#")]

    def handle_endtag(self, tag):
        if tag == "table":
            self._list = None
        if tag == "tbody":
            self._body = False

    def handle_data(self, data):
        self.text.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def value(self, name: str) -> int:
        return self.numbers[name][0]


def _board(cli, tmp_path, *args: str) -> tuple[Board, str]:
    out = tmp_path / "dashboard.html"
    done = ok(cli, "summary", "--dashboard", *args, "--out", str(out))
    assert done.out.strip() == str(out) and "Wrote the manager's dashboard" in done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    out.unlink()
    return Board(html), html


@pytest.mark.parametrize("period", [(), PERIOD, ("--from", "01/01/2026", "--to", "23/11/2026"), ("--period", "4w")], ids=["default", "12 weeks", "the year", "4 weeks"])
def test_every_number_on_the_demo_dashboard_links_to_a_list_as_long_as_itself(cli, sample, tmp_path, period):  # noqa: F811
    board, html = _board(cli, tmp_path, *period)
    assert len(board.numbers) > 60
    for name, (value, target) in board.numbers.items():
        if value == 0:
            assert target is None, name  # nought links to nothing, and says so
        else:
            assert board.lists[target] == value, (name, value, target)
    linked = {target for _value, target in board.numbers.values() if target}
    assert linked == set(board.lists)  # every list shown is behind a number
    assert board.urls == [] and not re.search(r"https?://|//[a-z]", html.replace("http://www.w3.org/2000/svg", ""))  # nothing from the network
    assert html.count("<desc") == html.count("<svg")  # every chart has its words


def test_the_demo_dashboards_numbers_are_the_reports_numbers(cli, sample, tmp_path):  # noqa: F811
    board, _html = _board(cli, tmp_path, *PERIOD)
    words = board.words()
    assert "Manager's dashboard" in words and "About: the whole team's cases, open at any time from 01/09/2026 to 23/11/2026" in words
    assert "Made on Mon 23 November 2026" in words
    # The indicators, numerator and denominator, as 'summary --indicators' counts them.
    for figure in json.loads(ok(cli, "summary", "--indicators", *PERIOD, "-f", "json").out):
        assert board.value(f"ind:{figure['key']}:denominator") == figure["denominator"], figure
        if f"ind:{figure['key']}:numerator" in board.numbers:
            assert board.value(f"ind:{figure['key']}:numerator") == figure["numerator"], figure
        else:  # an average: its value is written, and its list is what it is taken over
            assert figure["key"] in ("workers-per-family", "median-weeks-open") and figure["value"] in words
    # Children by plan type and age band, cell by cell, as 'summary --by plan --by age'.
    for row in json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", *PERIOD, "-f", "json").out):
        label = row["label"] or row["group"]
        cells = [v for k, v in row.items() if k not in ("group", "label")]
        ours = [v for name, (v, _t) in board.numbers.items() if name.startswith(f"tab:{label}:")]
        assert ours == cells, (label, ours, cells)
    # Caseloads, as 'summary --by worker'.
    for row in json.loads(ok(cli, "summary", "--by", "worker", *PERIOD, "-f", "json").out):
        assert board.value(f"worker:{row['group']}:families") == row["families"]
        if row["children"] is not None:
            assert board.value(f"worker:{row['group']}:children") == row["children"]
    # The work ended, as 'summary --ended'.
    ended = json.loads(ok(cli, "summary", "--ended", *PERIOD, "-f", "json").out)
    assert f"({board.value('cohort:improved')} of {board.value('cohort:scored')})" in ended["families_improved"]
    assert f"({board.value('cohort:kept')} of {board.value('cohort:children')})" in ended["kept_at_home"]
    assert board.value("cohort:ended") == len(ended["families"])
    for kind in ended["by_kind"]:
        assert (board.value(f"kind:{kind['kind']}:succeeded"), board.value(f"kind:{kind['kind']}:children")) == (kind["succeeded"], kind["children"])
    for area in ended["areas"]:
        assert (board.value(f"area:{area['area']}:families"), board.value(f"area:{area['area']}:goals")) == (area["families"], area["goals"])
    # What is overdue today, as 'fscli due' lists it for the whole caseload.
    due = [r for r in json.loads(ok(cli, "due", "-f", "json").out) if r["days_left"] < 0]
    assert board.value("overdue") == len(due) > 0
    assert sum(v for name, (v, _t) in board.numbers.items() if name.startswith("overdue:")) == len(due)


def test_the_panels_families_are_behind_its_figures(cli, caseload, tmp_path):  # noqa: F811
    board, _html = _board(cli, tmp_path, "--period", "12w")
    # Ives improved, Jones worse (Lamb scored nothing); Jack came into care after the work, Lola went home.
    assert (board.value("cohort:improved"), board.value("cohort:scored")) == (1, 2)
    assert (board.value("cohort:kept"), board.value("cohort:children")) == (1, 2)
    assert (board.value("kind:reunification:succeeded"), board.value("kind:reunification:children")) == (1, 1)
    words = board.words()
    assert "Ives family" in words and "Isla Ives" in words and "Lola Lamb" in words


def test_an_empty_period_makes_an_honest_empty_document(cli, tmp_path):
    board, _html = _board(cli, tmp_path)
    words = board.words()
    assert "there is nothing to count" in words and "Nothing overdue" in words and "No children in the period's cases" in words
    assert set(v for v, _t in board.numbers.values()) == {0} and board.lists == {}


def test_a_name_with_markup_is_shown_as_text(cli, tmp_path):
    ref = open_case(cli, "<script>alert(1)</script> family", referred="01/10/2026", worker="Sam <b>Okafor</b>")
    add_person(cli, ref, "Amy & Co", "child", dob="01/01/2016")
    _board_, html = _board(cli, tmp_path)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; family" in html
    assert "Amy &amp; Co" in html and "<b>Okafor" not in html


def test_bad_input_is_refused_in_one_line_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "d.html"
    fails(cli, "summary", "--dashboard", says="--out")
    fails(cli, "summary", "--out", str(out), says="goes with --dashboard")
    fails(cli, "summary", "--dashboard", "--indicators", "--out", str(out), says="--dashboard")
    fails(cli, "summary", "--dashboard", "--period", "0w", "--out", str(out), says="--period")
    fails(cli, "summary", "--dashboard", "--period", "12w", "--from", "01/09/2026", "--out", str(out), says="--period")
    fails(cli, "summary", "--dashboard", "--from", "23/11/2026", "--to", "01/09/2026", "--out", str(out), says="--from")
    fails(cli, "summary", "--dashboard", "--from", "31/02/2026", "--out", str(out), says="--from")
    fails(cli, "summary", "--dashboard", "--out", str(tmp_path / "d.pdf"), says="a dashboard is written as .html")
    assert not out.exists() and not (tmp_path / "d.pdf").exists()
    assert not out.exists() and not list(tmp_path.glob("*.html*"))


def test_an_existing_file_is_kept_unless_replace(cli, tmp_path):
    out = tmp_path / "d.html"
    out.write_text("mine")
    fails(cli, "summary", "--dashboard", "--out", str(out), code=ExitCode.CANT_CREATE)
    assert out.read_text() == "mine"
    ok(cli, "summary", "--dashboard", "--out", str(out), "--replace")
    assert "Manager&#39;s dashboard" in out.read_text()


def test_a_period_ending_after_today_is_written_with_a_warning_that_it_counts_what_is_recorded_so_far(cli, tmp_path):
    future = ("--from", "01/01/2027", "--to", "31/03/2027")
    for args in (("--dashboard", "--out", str(tmp_path / "next.html")), ("--indicators",), ("--ended",)):
        said = ok(cli, "summary", *args, *future)
        assert "fscli: warning: --to 31/03/2027 is after today" in said.err and "not what will happen" in said.err
    assert "warning" not in ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "01/06/2026").err
