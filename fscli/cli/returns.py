"""fscli return: the statutory returns, built from what workers recorded."""

import typer

from fscli.cli.returns_annex import annex_a

app = typer.Typer(help="Statutory returns from the caseload: Ofsted's Annex A lists.", no_args_is_help=True)
app.command("annex-a")(annex_a)
