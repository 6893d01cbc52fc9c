"""Options shared by every command, declared once. The --format choices and help come from fscli/formats.py."""

from enum import Enum
from typing import Annotated, Optional

import typer

from fscli import formats
from fscli.cli.color import Color  # noqa: F401 - commands import it from here
from fscli.cli.mine import worker_meant  # noqa: F401 - commands import it from here


def _choices(name: str, *uses: str) -> type[Enum]:
    """The formats for these uses as an Enum: Typer offers its values as --format's choices and
    refuses any other ("'xml' is not one of 'table', ...")."""
    return Enum(name, [(f, f) for f in formats.names(*uses)], type=str)  # type: ignore[return-value]


Format = _choices("Format", formats.VIEW)
DueFormat = _choices("DueFormat", formats.VIEW, formats.CALENDAR)
ExportFormat = _choices("ExportFormat", formats.EXPORT)


FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help=formats.help_text(formats.VIEW), show_default=False)]
DueFormatOpt = Annotated[Optional[DueFormat], typer.Option("--format", "-f", help=formats.help_text(formats.VIEW, formats.CALENDAR), show_default=False)]
ExportFormatOpt = Annotated[ExportFormat, typer.Option("--format", "-f", help=formats.help_text(formats.EXPORT))]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour: auto (only on a terminal, never with NO_COLOR), always or never.")]
DbOpt = Annotated[Optional[str], typer.Option("--db", help="Database file or postgresql+psycopg:// URL (default: FSCLI_DB, the config file, then your user data folder).", show_default=False)]
def _case_refs(incomplete: str):
    from fscli.cli.completion import case_refs  # only when TAB is pressed

    return case_refs(incomplete)


def codes(set_name: str):
    """A completion function for the values of a code set, imported only when TAB is pressed."""

    def complete(incomplete: str):
        from fscli.cli.completion import codes_of

        return codes_of(set_name)(incomplete)

    return complete


RefArg = Annotated[str, typer.Argument(help="The case reference, e.g. FS-0001 or the council's own ID.", show_default=False, autocompletion=_case_refs)]


# --mine, declared once for every listing it narrows (case list, task list, due, reviews, closures),
# with one answer to "who am I" and one refusal when fscli cannot tell.
MineOpt = Annotated[bool, typer.Option("--mine", help="Only your own: the cases you hold, the tasks you added (your name: FSCLI_WORKER or 'worker' in the config file).")]
