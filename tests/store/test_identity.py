"""What each exported row is, apart from its id: every table an export writes has an identity, so
a merge can never fall back to matching a new table's rows by a bare id (issue 22 §3)."""

from fscli.store.exporting import table_specs
from fscli.store.identity import IDENTITY
from fscli.store.schema import TABLES


def test_every_exported_table_says_what_its_rows_are():
    assert set(IDENTITY) == set(table_specs())


def test_each_identity_names_columns_of_its_table_and_is_looked_up_on_an_index():
    """A merge into a council's caseload reads the records of the families it shares, not every visit."""
    import sqlalchemy as sa
    from fscli.store import models

    for name, identity in IDENTITY.items():
        table = models.table(name)
        leading = {c.name for c in table.c if c.primary_key or c.index or c.unique}
        leading |= {list(i.columns)[0].name for i in table.indexes if list(i.columns)}
        leading |= {list(u.columns)[0].name for u in table.constraints if isinstance(u, sa.UniqueConstraint) and list(u.columns)}
        for key in identity.keys:
            assert set(key) <= set(table.c.keys()), name
            assert key[0] in leading, f"{name}: a key is looked up by {key[0]}, which no index leads with"
        assert set(identity.agree) | set(identity.unique) <= set(table.c.keys()), name


def test_a_rows_parents_are_matched_before_it():
    """A key holds its parent's id as translated to this caseload: the parent's table comes first."""
    from fscli.store.table_rows import foreign_keys

    for name in TABLES:
        for _, target in foreign_keys(name):
            assert target == name or TABLES.index(target) < TABLES.index(name), (name, target)


def test_the_merging_page_lists_what_each_row_is():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "merging.md").read_text()
    for name, identity in IDENTITY.items():
        keys = " or ".join(" + ".join(f"`{c}`" for c in key) for key in identity.keys)
        assert f"| {name} | {keys} | {', '.join(f'`{c}`' for c in identity.agree)} |" in page, name
