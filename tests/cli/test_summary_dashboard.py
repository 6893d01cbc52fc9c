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
        self.lists: dict[str, int] = {}  # the rows each list prints
        self.lengths: dict[str, int] = {}  # the rows each list says it has (data-rows): more than it prints only past LIST_ROWS
        self.headers: dict[str, list[str]] = {}
        self.abbr: dict[str, str] = {}  # each term marked with its explanation
        self.bar_labels: list[tuple[str, str]] = []  # (data-label, the words drawn)
        self._th = self._bar = self._abbr = None
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
            self.lengths[self._list] = int(found["data-rows"])
            self.headers[self._list] = []
        if tag == "th" and self._list:
            self._th = ""
        if tag == "abbr":
            self._abbr = found["title"]
        if tag == "text" and "data-label" in found:
            self._bar = [found["data-label"], ""]
        if tag == "tbody":
            self._body = True
        if tag == "tr" and self._list and self._body:
            self.lists[self._list] += 1
        self.urls += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v and not v.startswith("#")]

    def handle_endtag(self, tag):
        if tag == "table":
            self._list = None
        if tag == "abbr":
            self._abbr = None
        if tag == "th" and self._th is not None:
            self.headers[self._list].append(self._th)
            self._th = None
        if tag == "text" and self._bar:
            self.bar_labels.append((self._bar[0], " ".join(self._bar[1].split())))
            self._bar = None
        if tag == "tbody":
            self._body = False

    def handle_data(self, data):
        self.text.append(data)
        if self._th is not None:
            self._th += data
        if self._bar:
            self._bar[1] += " " + data
        if self._abbr:
            self.abbr[data] = self._abbr

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
            assert board.lists[target] == board.lengths[target] == value, (name, value, target)
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


def test_a_council_sized_list_prints_its_first_rows_says_of_how_many_and_names_the_command_that_prints_it_whole(cli, sample, tmp_path, monkeypatch):  # noqa: F811
    """A council's lists run to tens of thousands of rows: no page anyone reads, and more than a
    browser opens. So a list longer than LIST_ROWS prints its first rows, says it is the first so
    many of how many (still the number that links to it), and names the terminal's command for the
    whole list, which prints exactly that many. On the demo, with LIST_ROWS at 2."""
    from fscli.reports import team_dashboard

    monkeypatch.setattr(team_dashboard, "LIST_ROWS", 2)
    board, html = _board(cli, tmp_path, *PERIOD)
    cut = 0
    for name, (value, target) in board.numbers.items():
        if value:
            assert board.lengths[target] == value and board.lists[target] == min(value, 2), (name, value, target)
            cut += value > 2
    assert cut > 10 and "A list longer than 2 rows shows its first 2" in board.words()
    commands = re.findall(r"The first 2 of (\d+): a list this long is for a spreadsheet, not a page\. The whole list: <code>fscli (summary [^<]*)</code>", html)
    assert {c for _n, c in commands if "--indicators" in c} and {c for _n, c in commands if "--by plan --by age" in c}
    for length, command in commands:
        import shlex

        printed = ok(cli, *shlex.split(html_unescape(command))).out
        assert len(printed.splitlines()) - 1 == int(length), command  # a header line, then a row each
    assert "Make the dashboard of one worker's cases (<code>--worker NAME</code>) for their lists whole" in html  # the overdue items: no terminal list of only those
    said = " ".join(ok(cli, "summary", "--help").out.split())
    assert "A list longer than 500 rows (a whole council's) prints its first 500 and names the command that prints it whole" in said


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_each_list_is_printed_once_however_many_numbers_it_is_behind(cli, sample, tmp_path):  # noqa: F811
    board, html = _board(cli, tmp_path, *PERIOD)
    # The step-ups and the step-downs count among the same children; the cases open past 12 and 16 weeks are the same cases.
    assert board.numbers["ind:step-ups:denominator"][1] == board.numbers["ind:step-downs:denominator"][1]
    assert board.numbers["ind:open-past-12-weeks:denominator"][1] == board.numbers["ind:open-past-16-weeks:denominator"][1]
    tables = re.findall(r'<table class="rows list[^"]*" data-list="([^"]+)"[^>]*>(.*?)</table>', html, flags=re.S)
    bodies = [body for _key, body in tables]
    assert len(bodies) == len(set(bodies)) == len(board.lists)  # no list twice
    assert "The same list is behind: Step-downs: every one it counts from" in board.words()


def test_each_lists_date_column_says_which_date_it_is(cli, sample, tmp_path):  # noqa: F811
    board, _html = _board(cli, tmp_path, *PERIOD)
    header = {name: board.headers[target] for name, (_value, target) in board.numbers.items() if target}
    assert header["overdue"] == ["Case", "Family", "Child", "Due", "Why it counts"]
    assert header["tab:All children:total"][3] == "Born"
    assert header["cohort:scored"][3] == "Closed" and header["cohort:children"][3] == "Work ended"
    assert header["ind:kept-at-home:denominator"][3] == "Work began" and header["ind:re-referrals:denominator"][3] == "Referred"
    assert header["ind:workers-per-family:denominator"] == ["Case", "Family", "Child", "Why it counts"]  # no date on its rows: no date column
    assert not any("Date" in columns for columns in header.values())


def test_the_codes_a_manager_elsewhere_may_not_know_are_explained_where_they_appear_and_listed_once(cli, sample, tmp_path):  # noqa: F811
    from fscli.domain.codes import CLOSURE_REASON, PLAN_TYPE

    board, html = _board(cli, tmp_path, *PERIOD)
    # On a screen, pointing at the word says it; a screen reader reads it.
    assert board.abbr["s17"].startswith("section 17 of the Children Act 1989") and board.abbr["s20"].startswith("section 20")
    assert board.abbr["CLA"] == f"child looked after: {PLAN_TYPE.label('cla')}" and board.abbr["CIN"] == f"child in need: {PLAN_TYPE.label('cin')}"
    assert board.abbr["RC7"] == f"closure reason: {CLOSURE_REASON.label('RC7')}"
    # On paper, the page's list of words and codes says the same, each once.
    words = html[html.index('<section id="words"') : html.index('<section id="lists"')]
    terms = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", words)
    assert len(terms) == len({t for t, _m in terms}) and {"s17", "s20", "CLA", "CIN", "CP", "RC7"} <= {t for t, _m in terms}
    assert html_unescape(dict(terms)["RC7"]) == board.abbr["RC7"]
    # The kinds of work ended are said by their plan type's label, not their code.
    assert "early-help work" not in board.words() and "cin work" not in board.words()


def test_every_share_on_the_dashboard_is_said_one_way(cli, sample, tmp_path):  # noqa: F811
    board, _html = _board(cli, tmp_path, *PERIOD)
    words = board.words()
    assert re.findall(r"\d+% \(\d+ of \d+\)", words) and not re.findall(r"\b\d+ of \d+ \(\d+%\)", words)
    assert "67% (6 of 9)" in words  # the panel's cohort, as the indicators say theirs


def test_no_chart_label_is_cut_off(cli, sample, tmp_path):  # noqa: F811
    board, html = _board(cli, tmp_path, *PERIOD)
    assert len(board.bar_labels) > 10 and "…" not in html
    for label, drawn in board.bar_labels:
        assert drawn == label, (label, drawn)
    assert "Reunification: a looked-after child going home (runs alongside CLA)" in [label for label, _drawn in board.bar_labels]


def test_the_terminals_list_names_its_date_as_the_dashboard_does(cli, sample):  # noqa: F811
    table = ok(cli, "summary", "--indicators", "--list", "re-referrals", *PERIOD, "-f", "table").out
    assert "Referred" in table and " Date " not in table
    assert ok(cli, "summary", "--indicators", "--list", "re-referrals", *PERIOD, "-f", "csv").out.startswith("ref,family,child,on_date,")  # the machine's key stays


def test_a_councils_caseload_chart_draws_the_most_loaded_workers_and_the_table_every_one(cli, sample, tmp_path, monkeypatch):  # noqa: F811
    from fscli.render import document

    monkeypatch.setattr(document, "CHART_WORKERS", 1)
    board, html = _board(cli, tmp_path, *PERIOD)
    chart = html[html.index('id="load-chart-t"') : html.index("</figure>", html.index('id="load-chart-t"'))]
    assert chart.count('class="bar mark"') == 1 and "Sam Okafor" in chart
    assert "Families each worker held in the period: the 1 with the most, of 3 (the table lists every one)." in board.words()
    assert {name.split(":")[1] for name in board.numbers if name.startswith("worker:")} == {"Sam Okafor", "Helen Price", "Dee Campbell"}
