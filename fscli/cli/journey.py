"""fscli assessment, fscli s47: the statutory steps of each child's journey."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date
from fscli.cli.output import confirm
from fscli.cli.options import DbOpt, RefArg

ChildrenOpt = Annotated[Optional[list[str]], typer.Option("--child", help="A child on the case (repeat for several; default: the children the referral concerns).", show_default=False)]

assessment_app = typer.Typer(help="Single (child and family) and Early Help assessments: start, and complete with factors and outcome.", no_args_is_help=True)
s47_app = typer.Typer(help="Section 47 enquiries: from the strategy discussion to the ICPC decision.", no_args_is_help=True)


def report(done) -> None:
    from fscli.render.emit import message

    confirm(f"{done.ref}: " + "; ".join(done.lines) + ".")
    for warning in done.warnings:
        message(warning)


@assessment_app.command("start")
def assessment_start(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="When the assessment started.", show_default=False)],
    child: ChildrenOpt = None,
    early_help: Annotated[bool, typer.Option("--early-help", help="An Early Help assessment (EHA, JAFF or the local name): its own timescale, never in the single assessment figures.")] = False,
    db: DbOpt = None,
) -> None:
    """Start an assessment of each named child (one open assessment per child).

    Example: fscli assessment start FS-0006 --date 02/06/2026 --child "Aisha Begum"
    """
    from fscli.services.journey import start_assessment

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    report(ctx.write(lambda uow: start_assessment(uow, ref, on=on, children=child or [], kind="early-help" if early_help else "single")))


@assessment_app.command("complete")
def assessment_complete(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The authorisation date.", show_default=False)],
    outcome: Annotated[str, typer.Option("--outcome", help="nfa, early-help, cin, strategy or cla; an Early Help assessment: early-help, nfa or step-up.", show_default=False)],
    factors: Annotated[Optional[str], typer.Option("--factors", help="Factors identified, e.g. 2B,3B (see 'fscli codes assessment-factor'); 21 for none. Needed for a single assessment.", show_default=False)] = None,
    child_seen: Annotated[Optional[bool], typer.Option("--child-seen/--child-not-seen", help="Whether the child was seen during the assessment.", show_default=False)] = None,
    child: ChildrenOpt = None,
    db: DbOpt = None,
) -> None:
    """Complete (authorise) the open assessments, with the factors found and the outcome.

    Example: fscli assessment complete FS-0006 --date 14/07/2026 --factors 2B,3B --outcome cin --child-seen
    """
    from fscli.services.journey import complete_assessment

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    report(ctx.write(lambda uow: complete_assessment(uow, ref, on=on, factors=factors, child_seen=child_seen, outcome=outcome, children=child or [])))


@s47_app.command("start")
def s47_start(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The date of the strategy discussion that started the enquiry.", show_default=False)],
    child: Annotated[str, typer.Option("--child", help="The child the enquiry is about.", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Start a section 47 enquiry for a child.

    Example: fscli s47 start FS-0004 --date 20/10/2026 --child "Harper Wilson"
    """
    from fscli.services.journey import start_s47

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    report(ctx.write(lambda uow: start_s47(uow, ref, on=on, child=child)))


@s47_app.command("outcome")
def s47_outcome(
    ref: RefArg,
    child: Annotated[str, typer.Option("--child", help="The child the enquiry is about.", show_default=False)],
    icpc: Annotated[Optional[str], typer.Option("--icpc", help="The date the initial child protection conference was held (a working day: never a weekend or bank holiday; a wrong one is put right with 'fscli correct icpc').", show_default=False)] = None,
    icpc_not_required: Annotated[bool, typer.Option("--icpc-not-required", help="The enquiry concluded without a conference.")] = False,
    db: DbOpt = None,
) -> None:
    """Record how a section 47 enquiry ended: an ICPC, or no ICPC needed. Recorded once.

    Example: fscli s47 outcome FS-0004 --child "Harper Wilson" --icpc 03/11/2026
    """
    from fscli.services.journey import s47_outcome as record

    ctx = AppContext(db)
    held = read_date(ctx, icpc, "--icpc")
    report(ctx.write(lambda uow: record(uow, ref, child=child, icpc=held, not_required=icpc_not_required, calendar=ctx.practice.calendar)))
