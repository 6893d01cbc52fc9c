"""At any terminal width a table wraps at spaces: it never cuts a word, a name or an identifier,
and no line is wider than the terminal (issue 21: `12 wee / work b`, `Ruth Evan`, `task T`)."""

from __future__ import annotations

import pytest

from tests.factories import family, ok
from tests.render.test_golden import loaded, sample_caseload  # noqa: F401 - fixtures

VIEWS = {
    "due": ["due"],
    "week": ["week"],
    "case list": ["case", "list", "--all"],
    "reviews": ["reviews"],
    "closures": ["closures"],
    "task list": ["task", "list"],
    "chronology": ["chronology", "FS-0001"],
    "summary": ["summary"],
    "visit list": ["visit", "list", "FS-0003"],
    "case show": ["case", "show", "FS-0001"],
    "goal progress": ["goal", "progress", "FS-0001"],
    "search": ["search", "school"],
}


def _table(cli, monkeypatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    return ok(cli, *args, "--format", "table").out


def _words(text: str) -> set[str]:
    """Every word on the page, the table's rules aside."""
    return {word for word in text.split() if set(word) != {"─"}}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_narrow_terminal_wraps_words_and_never_cuts_one(view, width, loaded, cli, monkeypatch):  # noqa: F811 - fixture
    roomy = _table(cli, monkeypatch, 1000, *VIEWS[view])
    narrow = _table(cli, monkeypatch, width, *VIEWS[view])
    too_wide = [line for line in narrow.splitlines() if len(line) > width]
    assert not too_wide, too_wide
    # Wrapping moves words to other lines; cutting one would leave a word the roomy table lacks.
    # A header that wraps, or a record shown one under the other with its headers, adds no word.
    assert _words(narrow) == _words(roomy), (_words(narrow) - _words(roomy), _words(roomy) - _words(narrow))


def test_at_80_columns_the_workers_name_and_the_task_number_are_whole(cli, monkeypatch):
    ref = family(cli, worker="Ruth Evans")
    for n in range(9):
        ok(cli, "task", "add", ref, f"Ring the school about the attendance meeting and the transport plan ({n})", "--due", f"{n + 20}/11/2026")
    table = _table(cli, monkeypatch, 80, "due")
    assert "Ruth Evans" in table and "task T9" in table
    assert not [line for line in table.splitlines() if len(line) > 80]


def test_my_own_due_list_leaves_out_whose_each_item_is(cli, monkeypatch):
    family(cli, worker="Ruth Evans")
    monkeypatch.setenv("FSCLI_WORKER", "Ruth Evans")
    mine = _table(cli, monkeypatch, 120, "due", "--mine")
    everyone = _table(cli, monkeypatch, 120, "due")
    header = next(line for line in everyone.splitlines() if "State" in line)
    assert "Whose" in header and "Ruth Evans" in everyone
    header = next(line for line in mine.splitlines() if "State" in line)
    assert "Whose" not in header and "Ruth Evans" not in mine.split("\n", 1)[1]


def _printed(report, width: int) -> list[str]:
    import io

    from fscli.render.emit import emit

    out = io.StringIO()
    emit(report, "table", out, color="never", width=width)
    return out.getvalue().splitlines()


def test_the_renderer_keeps_a_name_whole_and_wraps_the_note_at_its_spaces():
    from fscli.reports.spec import Column, Report

    report = Report("Tasks", [Column("id", "ID", "code"), Column("worker", "Worker"), Column("text", "Task")],
                    [{"id": "T9", "worker": "Ruth Evans", "text": "Ring Riverside Homes about the boiler in the new flat, and the damp in the bedroom"}])  # fmt: skip
    lines = _printed(report, 40)
    assert all(len(line) <= 40 for line in lines)
    assert any("T9" in line and "Ruth Evans" in line for line in lines)
    assert " ".join(" ".join(lines).split()).endswith("Ring Riverside Homes about the boiler in the new flat, and the damp in the bedroom")
    narrow = _printed(report, 20)  # no table fits: one row under the other, each value beside its header
    assert all(len(line) <= 20 for line in narrow) and "ID      T9" in [line.rstrip() for line in narrow]
