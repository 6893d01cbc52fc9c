"""Statutory returns: the CIN census XML for the Department for Education (and, registered below,
Ofsted's Annex A lists). Each command parses, calls its service, and says what it wrote."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.options import DbOpt

app = typer.Typer(help="Statutory returns built from what workers recorded: the CIN census (cin).", no_args_is_help=True)


@app.command("cin")
def cin(
    year: Annotated[str, typer.Option("--year", help="The census year, YYYY-YY: 2025-26 is 1 April 2025 to 31 March 2026.", show_default=False)],
    la: Annotated[str, typer.Option("--la", help="The local authority's three-digit DfE code (LEA), e.g. 938.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="The XML file to write (it must not exist, unless --replace).", show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing file, whole, once the new one is complete.")] = False,
    db: DbOpt = None,
) -> None:
    """Write the Children in Need census return for a year as the DfE's XML.

    Example: fscli return cin --year 2025-26 --la 938 --out cin-2025-26.xml
    """
    raise NotImplementedError  # filled in by the next commit


# --- other returns: each in a module of its own, one line each here ---------------------------------
# annex-a: fscli/cli/returns_annex.py registers `annex-a` on this group (issue 25).
