"""fscli processing: restrict, lift and list restrictions of processing (UK GDPR Art. 18)."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date
from fscli.cli.output import confirm, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg

app = typer.Typer(
    help="Restrict processing of a case or a person (UK GDPR Art. 18): read, never changed, exported or counted until lifted. "
    "Not 'fscli case restrict', which limits who may see a case.",
    no_args_is_help=True,
)

PersonOpt = Annotated[Optional[str], typer.Option("--person", help="One person of the family, as named there, e.g. \"Dean Hart\" (default: the whole case).", show_default=False)]


@app.command("restrict")
def restrict(
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help="Why, in a sentence (e.g. the father contests the accuracy of the records). It is exported with the restriction: keep names and the disputed facts out of it.", show_default=False)],
    person: PersonOpt = None,
    from_: Annotated[Optional[str], typer.Option("--from", help="The day the restriction runs from: today (the default) or earlier, when the request came.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Restrict processing of a case, or of one person of it (--person). Until it is lifted the
    records are read as before, but every change touching them is refused (a visit naming the
    person, a correction, a void), they are left out of 'fscli export' with every note that names
    the person, even one written before (its manifest says how many rows were held back) and of the figures ('fscli summary', 'closures', 'reviews'). A full
    backup ('fscli db backup') keeps them. The restriction's own row, --reason and all, IS
    exported (so that a warehouse stops processing what it loaded before): give the reason in
    general words, with no names and none of the facts in dispute.

    Example: fscli processing restrict FS-0003 --person "Dean Hart" --reason "contests the accuracy of the assessment" --from 01/12/2026
    """
    from fscli.domain.dates import echo
    from fscli.services.processing import restrict as restrict_processing

    ctx = AppContext(db)
    since = read_date(ctx, from_, "--from")
    result = ctx.write(lambda uow: restrict_processing(uow, ref, person=person, reason=reason, from_on=since))
    confirm(f"Processing of {result.whose()} is restricted from {echo(result.since)}: read only, not exported or counted; lift it with fscli processing lift {result.ref}" + (f' --person "{result.person}"' if result.person else "") + " --reason TEXT"
            + ". Its reason goes out with every export: it should hold no names nor the facts in dispute")


@app.command("lift")
def lift(
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help="Why the restriction ends (e.g. the records were checked and put right).", show_default=False)],
    person: PersonOpt = None,
    db: DbOpt = None,
) -> None:
    """Lift a restriction of processing of a case or a person: they are changed, exported and
    counted again. The restriction, its reason and dates stay on record ('processing list --all').

    Example: fscli processing lift FS-0003 --person "Dean Hart" --reason "assessment checked with him and put right"
    """
    from fscli.services.processing import lift as lift_processing

    ctx = AppContext(db)
    result = ctx.write(lambda uow: lift_processing(uow, ref, person=person, reason=reason))
    confirm(f"Processing of {result.whose()} is no longer restricted.")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Lifted restrictions too.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The restrictions of processing in force (--all: lifted ones too), with their reasons and dates.

    Example: fscli processing list --all
    """
    from fscli.reports.processing import processing_list
    from fscli.reports.seen import listed

    ctx = AppContext(db)
    show(ctx.view("processing.list", lambda reader: processing_list(reader, lifted_too=all_), listed, {"all": all_}), fmt, color)
