"""Which command-line rule each stored text column is held to on import (fscli/domain/stored_text.py)."""

from fscli.domain import stored_text
from fscli.domain.stored_text import CODE, NAME, NOTE, rule


def test_every_column_named_is_a_text_column_of_the_schema():
    from fscli.store.exporting import table_specs

    texts = {(table, column) for table, spec in table_specs().items() for column, kind in spec.columns if kind == "text"}
    assert set(stored_text.COLUMNS) - texts == set()


def test_names_are_one_line_of_visible_text_and_notes_keep_what_was_typed():
    assert rule("cases", "family", {}) == NAME and rule("contact", "worker", {}) == NAME and rule("contact", "note", {}) == NOTE
    assert rule("person", "role", {}) == CODE  # a code: one line, nothing hidden (its set is checked by the importer)
    assert stored_text.refused("cases", "family", "Hart\tfamily", {}) == "contains a control character (U+0009)"
    assert stored_text.refused("contact", "note", "said \x1b[31mred\x1b[0m\nand\tmore", {}) is None
    assert stored_text.refused("contact", "note", "nul \x00", {}) is not None
    assert "characters long" in stored_text.refused("person", "name", "x" * 201, {})


def test_a_family_detail_is_held_to_its_own_fields_rule():
    assert stored_text.refused("family_detail", "value", "1 Vale Road\nLeeds", {"field": "address"}) is None
    assert stored_text.refused("family_detail", "value", "0113\n496 0000", {"field": "phone"}) is not None
