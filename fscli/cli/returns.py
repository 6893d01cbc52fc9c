"""Statutory returns: the CIN census XML for the Department for Education (and, registered below,
Ofsted's Annex A lists). Each command parses, calls its service, and says what it wrote."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.options import DbOpt, FormatOpt

app = typer.Typer(help="Statutory returns built from what workers recorded: the CIN census (cin) and Ofsted's Annex A lists (annex-a).", no_args_is_help=True)


@app.command("cin")
def cin(
    year: Annotated[Optional[str], typer.Option("--year", help="The census year, YYYY-YY: 2025-26 is 1 April 2025 to 31 March 2026 (with --check: default the year today is in).", show_default=False)] = None,
    la: Annotated[Optional[str], typer.Option("--la", help="The local authority's three-digit DfE code (LEA), e.g. 938.", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="The XML file to write (it must not exist, unless --replace).", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing file, whole, once the new one is complete.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing: list the return's problems per child and episode, with the DfE rule, what it means and what to record (exit 65 if an error).")] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Write the Children in Need census return for a year as the DfE's XML, from what workers recorded.

    In the return: every child (in the referral) with a statutory episode open on any day from
    1 April to 31 March, with all their episodes of the year; records completed before 1 April are
    dropped, and dates after 31 March (the reference date) left out, as the DfE specification
    says. Elements in the order of the 2025-26 schema; one Child per local child identifier.
    A fact the return must hold and cannot truly say (no category of abuse on a CP plan, no sex
    recorded) is listed, and nothing is written (exit 65); what was written in a fact's place (an
    unknown referral source as 10, ethnicity not recorded as NOBT) is listed after it is written.
    With --check nothing is written: the same return's problems are listed, the DfE validator's
    most common errors and queries in a worker's words, each with what to record (exit 65 when
    there is an error, 0 when there are none or only queries, in every --format).
    On a team's server the return holds only the cases your login may see (row security): the
    team's return is made by a login that sees every case. The file is yours alone (0600) and
    appears whole or not at all. Exit codes: 0 written (or clean), 1 a bad --year or --la or an --out not ending .xml, 65 a
    required fact missing (or, with --check, an error), 73 the file exists or cannot be
    written. docs/returns.md says more.

    Example: fscli return cin --year 2025-26 --la 938 --out cin-2025-26.xml

    Before the file, its problems: fscli return cin --check --year 2025-26
    """
    from fscli.errors import InvalidInput

    if check:
        if out is not None or replace:
            raise InvalidInput("--out" if out is not None else "--replace", None, "writes a file, and --check writes nothing", hint="leave it out to list the problems, or leave out --check to write the return")
        if la is not None:
            from fscli.domain.census import check_la
            from fscli.domain.problems import check as refuse

            refuse(check_la(la))
        _check(year, db, fmt)
        return
    missing = [name for name, value in (("--year", year), ("--la", la), ("--out", out)) if value is None]
    if missing:
        raise InvalidInput(missing[0], None, "is needed to write the return", hint="e.g. fscli return cin --year 2025-26 --la 938 --out cin-2025-26.xml; or --check to list its problems")
    from fscli.domain.census import check_out
    from fscli.domain.problems import check as refuse

    refuse(check_out((out or Path()).name))
    _write(year or "", la or "", out or Path(), replace, db, fmt)


def _columns():
    from fscli.reports.spec import Column

    return [Column("case", "Case", "code"), Column("child", "Child", "name"), Column("problem", "Problem"), Column("hint", "What to record")]


def _write(year: str, la: str, out: Path, replace: bool, db, fmt) -> None:
    from fscli.cli.output import confirm, data_out, output_format
    from fscli.cli.signals import stopping
    from fscli.reports.spec import Report
    from fscli.render.emit import emit, message
    from fscli.services.journey import england_calendar  # the target is the statute's: bank holidays, not a team's own closures
    from fscli.services.returns import ReturnRefused, check_request, write_cin

    chosen = check_request(year, la)
    ctx = AppContext(db)
    asked = {"year": chosen.name, "la": la, "destination": "file"}
    log = (lambda reader, cases: ctx.log_view(reader, "return-cin", asked, cases)) if ctx.logs_views else None
    try:
        with stopping():
            done = write_cin(ctx.database, out, year=chosen, la=la, replace=replace, now=ctx.clock.utcnow(), calendar=england_calendar(), log=log)
    except ReturnRefused as refused:
        rows = [{"case": f.case_ref, "child": f.child, "problem": f.message, "hint": f.hint} for f in refused.result.blocking]
        shown = output_format(fmt)
        emit(Report(f"What the {chosen.name} CIN return needs", _columns(), rows), shown, data_out(shown))  # a terminal never gets a stored escape code
        raise
    _warn_of(chosen, ctx.today, writing=True)  # once written: a refusal is one line
    if done.swept:
        message(f"Removed {len(done.swept)} unfinished file{'s' if len(done.swept) != 1 else ''} left by a run that was killed: {', '.join(done.swept)}")
    for note in (f for f in done.result.findings if not f.blocks):
        message(f"fscli: note: {note.case_ref} {note.child}: {note.message}" + (f"; {note.hint}" if note.hint else ""))
    children = len(done.result.children)
    confirm(f"Wrote the {chosen.name} CIN census return for LA {la} to {done.path}: {children} child{'ren' if children != 1 else ''}, {done.episodes} episode{'s' if done.episodes != 1 else ''}.", str(done.path))


def _warn_of(year, today, *, writing: bool) -> None:
    """A year not over: its return would be partial (domain/census.py year_warning)."""
    from fscli.domain.census import year_warning
    from fscli.render.emit import message

    warning = year_warning(year, today, writing=writing)
    if warning:
        message(f"fscli: warning: {warning}")


def _check(year: Optional[str], db, fmt) -> None:
    from fscli.cli.output import data_out, output_format
    from fscli.domain.census import nobody_in
    from fscli.errors import DataProblem
    from fscli.render.emit import emit, message
    from fscli.reports.census import cin_check
    from fscli.bank_holidays import england_calendar  # the DfE counts working days by England's bank holidays (not services/journey.py: it loads the ORM)

    ctx = AppContext(db)
    checked = ctx.view("return-cin-check", lambda reader: cin_check(reader, year, ctx.today, england_calendar()), lambda reader, built: built.shown, lambda built: {"year": built.year.name, "problems": len(built.problems)})
    name = checked.year.name
    _warn_of(checked.year, ctx.today, writing=False)
    shown = output_format(fmt)
    emit(checked.report, shown, data_out(shown))  # through render/safe.py on a terminal, in every format
    if not checked.children:
        message(f"fscli: note: {nobody_in(checked.year)}: its return would be empty.")
    errors = sum(p.error for p in checked.problems)
    queries = sum(p.query for p in checked.problems)
    notes = sum(p.note for p in checked.problems)
    said = [f"{queries} quer{'ies' if queries != 1 else 'y'} to check or give a reason for" if queries else "",
            f"{notes} note{'s' if notes != 1 else ''} of what was written in a fact's place" if notes else ""]  # fmt: skip
    asked = " and ".join(s for s in said if s)
    if errors:
        put_right = f"{errors} error{'s' if errors != 1 else ''} to put right"
        raise DataProblem(f"the {name} CIN return has {put_right}" + (f"; also {asked}" if asked else "") + " (listed above)", hint="record what each says, then check again")
    if asked:
        message(f"The {name} CIN return has no errors, and {asked} (listed above).")


# --- other returns: each in a module of its own, registered on `app` above by one import here ------
# (at the end, as the module it imports takes `app` from this one; cli/lazy.py builds each command
# of the group only when it is run). annex-a (issue 25): fscli/cli/returns_annex.py.
from fscli.cli.returns_annex import annex_a  # noqa: E402 (see above)

app.command("annex-a")(annex_a)
