"""The case summary for a conference or a hearing, and the handover pack (`fscli case summary`):
the family, the reasons, the chronology in full, plans, when each child was seen, goals with the
scores behind their charts, agencies and a heading for the worker's analysis; as HTML or Word."""

import re
import stat

import pytest

from tests.cli.test_case_page import Marks
from tests.factories import add_person, fails, ok, open_case, wilson_on_s47

LONG_NOTE = "Mia showed me her room and said she feels safe at home now; Kerry had the school bag ready and talked about the bedtime routine working most nights."


@pytest.fixture
def ashworth(cli):
    ref = open_case(cli, "Ashworth family", referred="22/06/2026", source="5A", worker="Sam Okafor", reason="Mia returning home from foster care")
    add_person(cli, ref, "Kerry Ashworth", "parent")
    add_person(cli, ref, "Mia Ashworth", "child", dob="01/04/2018")
    ok(cli, "agency", "add", ref, "Birchwood Primary", "--kind", "school", "--contact", "DSL Mrs Ade, 01632 960123")
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "16/11/2026", "--seen", "Mia Ashworth", "--alone", "Mia Ashworth", "--note", LONG_NOTE)
    ok(cli, "goal", "add", ref, "Mum feels confident setting bedtimes", "--for", "Kerry Ashworth", "--area", "happy")
    for value, by, day in (("3", "Kerry Ashworth", "29/06/2026"), ("2", "worker", "29/06/2026"), ("8", "Kerry Ashworth", "16/11/2026")):
        ok(cli, "goal", "score", f"{ref}/1", value, "--by", by, "--date", day)
    ok(cli, "task", "add", ref, "Ring the school about Mia's attendance", "--due", "30/11/2026")
    return ref


def _section(html: str, key: str) -> str:
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def test_the_summary_has_the_chronology_in_full_and_the_scores_behind_its_chart(cli, ashworth, tmp_path):
    out = tmp_path / "hearing.html"
    done = ok(cli, "case", "summary", ashworth, "--out", str(out))
    assert done.out.strip() == str(out) and stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text()
    words = Marks(html).words()
    assert "Case summary: FS-0001 Ashworth family" in words and "Reasons for involvement Mia returning home from foster care" in words
    assert LONG_NOTE.replace("'", "&#39;") in html or LONG_NOTE in words  # the chronology's text whole, never clipped
    seen = Marks(_section(html, "last_seen")).words()
    assert "Mia Ashworth 16/11/2026 7 16/11/2026" in seen  # last seen, days since, seen alone
    assert "Birchwood Primary" in Marks(_section(html, "agencies")).words()
    marks = Marks(_section(html, "goals")).marks
    assert ("The family", "29/06/2026", "3") in marks and ("The family", "16/11/2026", "8") in marks and ("The worker", "29/06/2026", "2") in marks
    assert "Worker's analysis" in Marks(_section(html, "analysis")).words()
    assert '<section id="tasks"' not in html  # the handover's sections are the pack's


def test_the_handover_pack_adds_open_tasks_what_is_due_and_how_to_reach_the_family(cli, ashworth, tmp_path):
    out = tmp_path / "handover.html"
    ok(cli, "case", "summary", ashworth, "--handover", "--out", str(out))
    html = out.read_text()
    assert "Handover: FS-0001 Ashworth family" in Marks(html).words()
    assert "Ring the school about Mia&#39;s attendance" in _section(html, "tasks")
    assert '<section id="due"' in html and '<section id="details"' in html and '<section id="contacts"' in html
    assert '<section id="analysis"' not in html


def test_the_summary_as_word_holds_the_same_sections_and_scores(cli, ashworth, tmp_path):
    import docx

    out = tmp_path / "hearing.docx"
    ok(cli, "case", "summary", ashworth, "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["The family and the children", "Involvement: referrals, closures, reopenings", "Chronology"]
    assert "Goals and scores" in headings and headings[-1] == "Worker's analysis"
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["The family", "29/06/2026", "3"] in cells and ["The worker", "29/06/2026", "2"] in cells
    assert any(LONG_NOTE in " ".join(row) for row in cells)


def test_an_empty_case_makes_a_sparse_summary_and_bad_input_is_refused(cli, tmp_path):
    ref = open_case(cli, "Quinn family")
    out = tmp_path / "quinn.html"
    ok(cli, "case", "summary", ref, "--out", str(out))
    words = Marks(out.read_text()).words()
    assert "No goals recorded." in words and "Worker's analysis" in words
    ok(cli, "case", "summary", ref, "--out", str(tmp_path / "quinn.docx"))
    fails(cli, "case", "summary", ref, "--out", str(tmp_path / "q.pdf"), "--format", "pdf", says="--format 'pdf': is not a format of the case summary")
    fails(cli, "case", "summary", "FS-9999", "--out", str(tmp_path / "none.html"), says="no such case")
    assert not (tmp_path / "q.pdf").exists() and not (tmp_path / "none.html").exists()


def test_a_person_under_restriction_of_processing_is_left_out_of_the_summary(cli, ashworth, tmp_path):
    ok(cli, "processing", "restrict", ashworth, "--person", "Mia Ashworth", "--reason", "contests the school's account")
    out = tmp_path / "hearing.html"
    done = ok(cli, "case", "summary", ashworth, "--out", str(out))
    assert "Mia Ashworth is left out" in done.err
    assert "Mia" not in out.read_text()  # her row, her contacts, every event whose text names her


@pytest.fixture
def wilson(cli):
    """Harper Wilson on a child protection plan for neglect; her social worker left and Priya Shah took over."""
    ref = wilson_on_s47(cli)
    ok(cli, "case", "referral", ref, "--need", "n1", "--child", "Harper Wilson")
    ok(cli, "assessment", "start", ref, "--date", "02/11/2026", "--child", "Harper Wilson")
    ok(cli, "assessment", "complete", ref, "--date", "16/11/2026", "--factors", "3A,2B", "--outcome", "strategy", "--child-seen")
    ok(cli, "s47", "outcome", ref, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    ok(cli, "case", "allocate", ref, "Priya Shah", "--date", "20/11/2026", "--reason", "LEFTRL")
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "21/11/2026", "--seen", "Harper Wilson", "--note", "x" * 170 + "\n\nSecond paragraph.")
    return ref


def test_a_court_reads_each_code_by_its_label_and_each_change_of_worker_where_it_happened(cli, wilson, tmp_path):
    out = tmp_path / "hearing.html"
    ok(cli, "case", "summary", wilson, "--out", str(out))
    html = out.read_text()
    plans = Marks(_section(html, "plans")).words()
    assert "Harper Wilson Child protection plan (neglect) 17/11/2026" in plans and " cp " not in f" {plans} " and "NEG" not in plans
    chronology = Marks(_section(html, "chronology")).words()
    assert "category neglect" in chronology and "NEG" not in chronology
    assert "factors: Domestic violence: child subject; Drug misuse: parent or carer" in chronology and "3A" not in chronology
    assert "primary need Abuse, neglect and exploitation" in chronology and "N1" not in chronology
    assert "Priya Shah, taking over from Helen Price: worker left the role" in chronology and "LEFTRL" not in html
    workers = Marks(_section(html, "workers")).words()
    assert "Helen Price key worker 30/10/2026 20/11/2026 Worker left the role; Priya Shah took over" in workers  # the reason is why she left
    assert "Priya Shah key worker 20/11/2026 Took over from Helen Price" in workers
    facts = Marks(_section(html, "facts")).words()
    assert "Primary need Abuse, neglect and exploitation" in facts


def test_a_document_carries_no_terminal_note_and_no_command(cli, wilson, tmp_path):
    """The chronology is whole in a document: the table's note of what it cut would say text was withheld."""
    out = tmp_path / "hearing.html"
    ok(cli, "case", "summary", wilson, "--out", str(out))
    html = out.read_text()
    assert "cut to the first line" not in html and "x" * 170 in html
    empty = open_case(cli, "Quinn family")
    for handover in ((), ("--handover",)):
        made = tmp_path / f"quinn{len(handover)}.html"
        ok(cli, "case", "summary", empty, *handover, "--out", str(made))
        words = Marks(made.read_text()).words()
        assert "fscli" not in words.replace("from the records in fscli", "") and "None recorded." in words
    import docx

    ok(cli, "case", "summary", empty, "--handover", "--out", str(tmp_path / "quinn.docx"))
    text = " ".join(p.text for p in docx.Document(str(tmp_path / "quinn.docx")).paragraphs)
    assert "fscli " not in text and "None recorded." in text


def test_a_closed_case_names_its_last_worker(cli, tmp_path):
    ref = open_case(cli, "Irwin family", referred="16/08/2026", worker="Dee Mensah")
    add_person(cli, ref, "Ava Irwin", "child", dob="06/12/2017")
    ok(cli, "case", "close", ref, "--date", "12/10/2026", "--reason", "RC7")
    out = tmp_path / "irwin.html"
    ok(cli, "case", "summary", ref, "--out", str(out))
    assert "Worker Dee Mensah (until 12/10/2026)" in Marks(_section(out.read_text(), "facts")).words()


def test_an_out_the_document_cannot_be_is_refused_in_one_line_and_nothing_is_written(cli, tmp_path):
    from fscli.errors import ExitCode

    ref = open_case(cli, "Quinn family")
    for name, says in (("x.pdf", "a case summary is written as .html or .docx (--format); print the HTML to PDF from a browser"),
                       ("x.txt", "a case summary is written as .html or .docx")):
        fails(cli, "case", "summary", ref, "--out", str(tmp_path / name), says=says)
        assert not (tmp_path / name).exists()
    fails(cli, "case", "summary", ref, "--out", str(tmp_path / "x.docx"), "--format", "html", says="ends .docx but --format is html")
    fails(cli, "case", "page", ref, "--out", str(tmp_path / "plan.docx"), says="a plan on a page is written as .html")
    fails(cli, "case", "summary", ref, "--out", "", says="--out: give a file name")
    (tmp_path / "plan.html").write_text("")
    fails(cli, "case", "summary", ref, "--out", str(tmp_path / "plan.html" / "x.html"), code=ExitCode.CANT_CREATE, says="plan.html is a file, not a folder")
    fails(cli, "case", "summary", ref, "--out", "/proc/x.html", code=ExitCode.CANT_CREATE, says="--out /proc/x.html: cannot")  # root may look in /proc; no one can write there
    ok(cli, "case", "summary", ref, "--out", str(tmp_path / "x.htm"))  # the format from the suffix
    ok(cli, "case", "summary", ref, "--out", str(tmp_path / "x.DOCX"))
    assert (tmp_path / "x.DOCX").read_bytes()[:2] == b"PK"


def test_the_word_document_is_a4_with_the_confidential_footer_and_facts_from_its_first_row(cli, ashworth, tmp_path):
    import docx

    out = tmp_path / "hearing.docx"
    ok(cli, "case", "summary", ashworth, "--out", str(out))
    document = docx.Document(str(out))
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297) and round(page.left_margin.mm) == 15
    assert "Confidential: for the people it is prepared for." in page.footer.paragraphs[0].text
    facts = document.tables[0]
    assert [c.text for c in facts.rows[0].cells] == ["Reference", "FS-0001"]


def test_a_notes_paragraphs_are_kept_and_only_a_long_token_may_break_anywhere(cli, wilson, tmp_path):
    out = tmp_path / "hearing.html"
    ok(cli, "case", "summary", wilson, "--out", str(out))
    html = out.read_text()
    chronology = _section(html, "chronology")
    assert '<span class="long">' + "x" * 170 + "</span>\n\nSecond paragraph." in chronology  # the blank line kept, shown by white-space: pre-line
    assert re.search(r"td\.words[^{]*\{[^}]*white-space: pre-line", html) and "td.words { overflow-wrap: anywhere" not in html
    assert '<span class="long">' not in _section(html, "facts")  # ordinary words never break anywhere


def test_one_score_and_one_area_are_said_not_drawn_as_a_bare_line(cli, tmp_path):
    ref = open_case(cli, "Reed family", referred="02/09/2026")
    add_person(cli, ref, "Jo Reed", "parent")
    ok(cli, "goal", "add", ref, "Jo keeps the safety plan", "--for", "Jo Reed", "--area", "safe")
    ok(cli, "goal", "score", f"{ref}/1", "4", "--by", "Jo Reed", "--date", "27/10/2026")
    out = tmp_path / "reed.html"
    ok(cli, "case", "summary", ref, "--out", str(out))
    goals = _section(out.read_text(), "goals")
    words = Marks(goals).words()
    assert "One score so far" in words and Marks(goals).marks == [("The family", "27/10/2026", "4")]
    assert 'data-chart="star"' not in goals and "1 area scored so far: too few for a star" in words and "Safe 1 4 4" in words
