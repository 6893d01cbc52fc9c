"""fscli agency: the agencies and professionals around a family."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.output import confirm, show
from fscli.cli.options import codes, Color, ColorOpt, DbOpt, FormatOpt, RefArg

app = typer.Typer(help="Record and list the agencies and professionals involved with a family.", no_args_is_help=True)


@app.command("add")
def add(
    ref: RefArg,
    name: Annotated[str, typer.Argument(help="The agency or professional, e.g. \"Oakfield Primary\" or \"Jo Reed (health visitor)\".", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", autocompletion=codes("agency-kind"), help="school, health-visitor, midwife, gp, police, camhs, housing, citizens-advice, foster-carer, iro, ...: see 'fscli codes agency-kind'.", show_default=False)],
    contact: Annotated[Optional[str], typer.Option("--contact", help="How to reach them: phone, email, team.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record an agency involved with the family.

    Example: fscli agency add FS-0001 "Oakfield Primary" --kind school --contact "DSL Mrs Ade, 01632 960 123"
    """
    from fscli.services.agencies import add_agency

    ctx = AppContext(db)
    result = ctx.write(lambda uow: add_agency(uow, ref, name, kind=kind, contact=contact))
    confirm(f"Added {result.name} ({result.label}) to {result.ref}.")


@app.command("list")
def list_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List the agencies around a family.

    Example: fscli agency list FS-0001
    """
    from fscli.reports.cases import agency_list
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("agency.list", lambda reader: agency_list(reader, ref), the_case(ref)), fmt, color)
