"""The chronology's table line of an entry (reports/records.py, reports/contacts.first_line)."""

import pytest

from fscli.reports.contacts import first_line


@pytest.mark.parametrize("text", ["", None, "   ", "\u2028", "\x1c\x1d", "\n\n"])
def test_a_summary_of_separators_alone_shows_as_nothing(text):
    # The hostile-input harness found 'chronology' failing on a summary that strip() empties.
    assert first_line(text) == ""


def test_a_long_first_line_is_cut_with_an_ellipsis():
    assert first_line("x" * 100 + "\nsecond", 10) == "x" * 9 + "…"
