"""The one writer of documents: what it prints of stored text (fscli/render/document.py)."""

from fscli.render.document import _environment


def printed(template: str, **facts) -> str:
    return _environment().from_string(template).render(**facts)


def test_markup_in_stored_text_is_escaped():
    assert printed("{{ name }}", name="<b>Okafor</b> & co") == "&lt;b&gt;Okafor&lt;/b&gt; &amp; co"


def test_a_right_to_left_override_that_got_past_entry_is_spelled_out_not_obeyed():
    # Entry refuses bidi controls, but an import or an older record may hold one: a court reading
    # "Mum gets to school" must not be shown the letters reversed by an invisible character.
    assert printed("{{ goal }}", goal="Mum gets to \u202eloohcs\u202c on time") == "Mum gets to &lt;U+202E&gt;loohcs&lt;U+202C&gt; on time"


def test_an_escape_code_is_spelled_out_and_line_breaks_stay():
    assert printed("{{ note }}", note="first\nsecond \x1b[2J") == "first\nsecond \\x1b[2J"


def test_numbers_and_dates_pass_as_they_are():
    assert printed("{{ n }} {{ d | day }}", n=3, d=__import__("datetime").date(2026, 12, 7)) == "3 Mon 7 December 2026"
