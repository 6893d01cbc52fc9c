"""Golden files: every view a worker reads, in every format it takes, over the sample caseload at
the suite's pinned date (tests/conftest.py: FSCLI_TODAY=2026-11-23), compared whole with the
snapshots in __snapshots__/test_golden.ambr (syrupy).

A change to any view's output, even one space, fails here and shows the difference. When the
change is intended (a new column, a better word, a fixed bug), update the snapshots:

    .venv/bin/python -m pytest -n 0 -q tests/render/test_golden.py --snapshot-update

and review the .ambr diff before committing it with the change that caused it: the diff is what
workers will see differently. Never update them to make an unexplained failure go away.

The outputs hold nothing from the wall clock but the time of day in the calendar feed's DTSTAMP,
which is masked: the date is pinned, the instant's time of day runs (fscli/clock.py). `audit` is
left out, as every row is such an instant. The snapshot file stores every line ending as LF, so
the CRLF that csv and the calendar feed end their lines with is checked beside it.

The sample is loaded once per module (`fscli import sample_data/caseload.toml`, as a worker
would) and copied into each test's own database; the views run in-process through the `cli`
fixture, so the module takes about ten seconds.
"""

from __future__ import annotations

import contextlib
import io
import re
import sqlite3

import pytest

from tests.conftest import BACKEND, ROOT_DIR, TEMPLATE, TODAY, _copy_template, _pg_admin, fresh_pg_database

FORMATS = ("table", "tsv", "csv", "json", "ndjson")

VIEWS = {
    "case list": ["case", "list", "--all"],
    "case show": ["case", "show", "FS-0001"],  # two children, a change of worker, goals, plans, a return home
    "case journey": ["case", "journey", "FS-0001"],
    "due": ["due"],
    "reviews": ["reviews"],
    "closures": ["closures"],
    "week": ["week"],
    "task list": ["task", "list"],
    "diary list": ["diary", "list"],
    "visit list": ["visit", "list", "FS-0003"],  # the family with the most contacts
    "meeting list": ["meeting", "list", "FS-0004"],  # core groups and the discharge planning meeting
    "goal list": ["goal", "list", "FS-0001"],
    "goal progress": ["goal", "progress", "FS-0001"],
    "summary": ["summary"],
    "summary indicators": ["summary", "--indicators"],
    "chronology": ["chronology", "FS-0001"],
    "chronology voided": ["chronology", "FS-0003", "--voided"],  # the sample's visit typed twice, struck through
    "search": ["search", "school"],
}
EXTRA_FORMATS = {"due": ("ics",)}
# How each format ends its lines: RFC 4180 and RFC 5545 ask for CRLF. Checked here because the
# snapshot file stores every line ending as LF.
LINE_ENDS = {"csv": "\r\n", "ics": "\r\n"}

# The calendar feed stamps each event with the instant it was written (RFC 5545 DTSTAMP).
WALL_CLOCK = re.compile(r"^(DTSTAMP:\d{8}T)\d{6}Z(?=\r?$)", re.MULTILINE)


def _masked(text: str) -> str:
    return WALL_CLOCK.sub(r"\1hhmmssZ", text)


@pytest.fixture(scope="module")
def sample_caseload(tmp_path_factory, template_db):
    """A database holding the sample caseload, entered at the pinned date, as a worker enters it."""
    from fscli.cli.app import main

    folder = tmp_path_factory.mktemp("golden")
    if BACKEND == "postgresql":
        name = f"fscli_golden_{TEMPLATE}"
        where = fresh_pg_database(name)
    else:
        where = folder / "caseload" / "fscli.db"
        _copy_template(template_db, where)
    with pytest.MonkeyPatch.context() as env:
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env.setenv(variable, str(folder / variable.lower()))
        env.delenv("FSCLI_WORKER", raising=False)
        env.delenv("FSCLI_CONFIG", raising=False)
        env.setenv("FSCLI_TODAY", TODAY.isoformat())
        env.setenv("FSCLI_DB", str(where))
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            try:
                main(["import", str(ROOT_DIR / "sample_data" / "caseload.toml")])
            except SystemExit as exit_:
                assert not exit_.code, err.getvalue()
    yield where
    if BACKEND == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def loaded(db_path, sample_caseload):
    """The test's own database, holding the sample caseload."""
    if BACKEND == "postgresql":
        from fscli.store.location import locate

        fresh_pg_database(locate(db_path).database_name, template=f"fscli_golden_{TEMPLATE}")
        return
    source, target = sqlite3.connect(sample_caseload), sqlite3.connect(db_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_in_each_format_is_as_it_was(view, loaded, cli, snapshot):
    for fmt in FORMATS + EXTRA_FORMATS.get(view, ()):
        result = cli(*VIEWS[view], "--format", fmt)
        assert result.code == 0, result
        assert _masked(result.out) == snapshot(name=fmt)
        assert set(re.findall(r"\r?\n", result.out)) == {LINE_ENDS.get(fmt, "\n")}, fmt
