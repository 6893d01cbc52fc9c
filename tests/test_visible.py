"""One escaper for stored text: what a message shows and what a terminal shows spell a hidden
character the same way (fscli/visible.py)."""

from hypothesis import given
from hypothesis import strategies as st

from fscli.errors import InvalidInput, shown
from fscli.visible import hidden, visible

HOSTILE = "a\x1b[2J\u202eb\u2060c\ue000d\x9b"


def test_messages_and_the_terminal_spell_hidden_characters_alike():
    spelled = "a\\x1b[2J<U+202E>b<U+2060>c<U+E000>d\\x9b"
    assert visible(HOSTILE) == spelled
    assert shown(HOSTILE, limit=100) == spelled
    refusal = InvalidInput("--family", HOSTILE, "is refused").line()
    assert refusal.startswith("--family 'a\\\\x1b[2J<U+202E>b") and not any(hidden(ch) for ch in refusal)


def test_a_message_stays_one_line_and_a_terminal_keeps_line_breaks():
    assert shown("two\nlines\tand a tab") == "two\\nlines\\x09and a tab"
    assert visible("two\nlines\tand a tab") == "two\nlines    and a tab"


@given(st.text())
def test_nothing_hidden_survives(text):
    for one_line in (False, True):
        out = visible(text, one_line=one_line)
        assert not any(hidden(ch) for ch in out if ch != "\n")
        assert "\n" not in out or not one_line
