"""One list of formats (fscli/formats.py): the --format choices, their help, and the writers and
readers all come from it."""

import subprocess
import sys

import pytest

from fscli import formats

LAYER = {formats.VIEW: "fscli.render.", formats.CALENDAR: "fscli.render.", formats.EXPORT: "fscli.services.", formats.IMPORT: "fscli.services."}


@pytest.mark.parametrize("entry", formats.FORMATS, ids=lambda f: f"{f.use}-{f.name}")
def test_every_format_has_its_writer_or_reader_in_its_layer(entry):
    assert entry.where.startswith(LAYER[entry.use])
    assert callable(formats.function(entry.name, entry.use))


def test_the_cli_offers_the_listed_names_and_keeps_the_defaults():
    from fscli.cli.options import DueFormat, ExportFormat, Format

    assert [f.value for f in Format] == ["table", "tsv", "csv", "json", "ndjson"]
    assert [f.value for f in DueFormat] == ["table", "tsv", "csv", "json", "ndjson", "ics"]
    assert [f.value for f in ExportFormat] == ["csv", "json", "ndjson", "xlsx"]
    assert (formats.view_default(terminal=True), formats.view_default(terminal=False), formats.EXPORT_DEFAULT) == ("table", "tsv", "csv")
    assert formats.help_text(formats.VIEW) == "table (default on a terminal), tsv (default when piped), csv, json or ndjson."


def test_import_reads_back_what_export_writes_but_the_workbook():
    assert set(formats.names(formats.EXPORT)) - set(formats.names(formats.IMPORT)) == {"xlsx"}


def test_a_name_unknown_for_its_use_is_refused():
    with pytest.raises(ValueError, match="'xlsx' is not a view format"):
        formats.find("xlsx", formats.VIEW)


def test_the_choices_are_built_without_importing_a_writer():
    probe = "import sys, fscli.cli.options; print(sorted(m for m in sys.modules if m.startswith(('fscli.render', 'fscli.services', 'fscli.store'))))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"
