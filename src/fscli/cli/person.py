"""fscli person: add the members of a family, list them."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, confirm, read_date, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

app = typer.Typer(help="Add and list the people in a family: children (born or unborn), parents, carers.", no_args_is_help=True)


@app.command("add")
def add(
    ref: RefArg,
    name: Annotated[str, typer.Argument(help="Their name, e.g. \"Lily Brook\".", show_default=False)],
    role: Annotated[str, typer.Option("--role", help="child, parent, carer or other.", show_default=False)],
    dob: Annotated[Optional[str], typer.Option("--dob", help="Date of birth, e.g. 14/02/2017.", show_default=False)] = None,
    due: Annotated[Optional[str], typer.Option("--due", help="Expected date of birth, for an unborn child.", show_default=False)] = None,
    sex: Annotated[Optional[str], typer.Option("--sex", help="M, F or U (unknown or unborn).", show_default=False)] = None,
    relationship: Annotated[Optional[str], typer.Option("--relationship", help="How they relate to the family, e.g. 'mother', 'maternal grandmother'.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Add a person to a family.

    Example: fscli person add FS-0001 "Lily Brook" --role child --dob 14/02/2017 --sex F
    """
    from fscli.domain.dates import echo
    from fscli.services.people import add_person

    ctx = AppContext(db)
    born = read_date(ctx, dob, "--dob")
    expected = read_date(ctx, due, "--due", ahead=True)
    result = ctx.write(lambda uow: add_person(uow, ref, name, role=role, dob=born, due=expected, sex=sex, relationship=relationship))
    when = f", born {echo(born)}" if born else f", due {echo(expected)}" if expected else ""
    age = f" (age {result.age})" if born else ""
    confirm(f"Added {result.name} to {result.ref} as {result.role}{when}{age}.")


@app.command("list")
def list_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List the people in a family, children first, with their ages.

    Example: fscli person list FS-0001
    """
    from fscli.reports.cases import person_list

    ctx = AppContext(db)
    show(ctx.read(lambda reader: person_list(reader, ref, ctx.today)), fmt, color)
