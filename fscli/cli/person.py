"""fscli person: add the members of a family, list them."""

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date
from fscli.cli.output import confirm, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt, RefArg
from fscli.errors import InvalidInput

ChildIdOpt = Annotated[Optional[str], typer.Option("--child-id", help="The council's local child identifier (letters and digits, at most 20); default: generated.", show_default=False)]
EthnicityOpt = Annotated[Optional[str], typer.Option("--ethnicity", help="Ethnicity code as the child or parent gave it (see 'fscli codes ethnicity').", show_default=False)]
DisabilityOpt = Annotated[Optional[str], typer.Option("--disability", help="Disability codes, e.g. COMM,LD, or NONE (see 'fscli codes disability').", show_default=False)]
UpnOpt = Annotated[Optional[str], typer.Option("--upn", help="Unique pupil number: a letter, 11 digits and a letter or digit; its first letter must be the check letter of its digits (DfE rule 1510). A school-age child of a statutory case without one is warned of (CIN census query 8770Q).", show_default=False)]
UpnUnknownOpt = Annotated[Optional[str], typer.Option("--upn-unknown", help="Why there is no UPN: UN1-UN7 (see 'fscli codes upn-unknown').", show_default=False)]

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
    child_id: ChildIdOpt = None,
    ethnicity: EthnicityOpt = None,
    disability: DisabilityOpt = None,
    upn: UpnOpt = None,
    upn_unknown: UpnUnknownOpt = None,
    db: DbOpt = None,
) -> None:
    """Add a person to a family. A child gets a local child ID for returns unless --child-id gives the council's.

    A date of birth before 1900 or in the future is refused; one that makes the person older than
    120, or a child older than 25 (a care leaver's age), is kept and told in a warning: check the year.

    Example: fscli person add FS-0001 "Lily Brook" --role child --dob 14/02/2017 --sex F
    """
    from fscli.domain.dates import echo
    from fscli.services.people import ReturnFields, add_person

    ctx = AppContext(db)
    born = read_date(ctx, dob, "--dob")
    expected = read_date(ctx, due, "--due", ahead=True)
    returns = ReturnFields(child_id=child_id, ethnicity=ethnicity, disabilities=disability, upn=upn, upn_unknown=upn_unknown)
    result = ctx.write(lambda uow: add_person(uow, ref, name, role=role, dob=born, due=expected, sex=sex, relationship=relationship, returns=returns))
    when = f", born {echo(born)}" if born else f", due {echo(expected)}" if expected else ""
    age = f" (age {result.age})" if born else ""
    confirm(f"Added {result.name} to {result.ref} as {result.role}{when}{age}.")
    for warning in result.warnings:
        confirm(warning)


@app.command("list")
def list_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List the people in a family, children first, with their ages.

    Example: fscli person list FS-0001
    """
    from fscli.reports.cases import person_list
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("person.list", lambda reader: person_list(reader, ref, ctx.today), the_case(ref)), fmt, color)


@app.command("born")
def born(
    ref: RefArg,
    name: Annotated[str, typer.Argument(help="The unborn child, as named in the family, e.g. \"Baby Grant\".", show_default=False)],
    dob: Annotated[str, typer.Option("--dob", help="Date of birth, e.g. 16/11/2026.", show_default=False)],
    new_name: Annotated[Optional[str], typer.Option("--name", help="The child's name now they are born.", show_default=False)] = None,
    sex: Annotated[Optional[str], typer.Option("--sex", help="M, F or U, as recorded at birth.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record that an unborn child is born: the same record, so their plans, clocks, goals, visits and history carry on, and they are counted once.

    Example: fscli person born FS-0004 "Baby Grant" --dob 16/11/2026 --name "Ellis Grant" --sex M
    """
    from fscli.domain.casework import describe_gap
    from fscli.domain.dates import british, echo
    from fscli.domain.journey import PLAN_NAMES
    from fscli.services.people import record_birth

    ctx = AppContext(db)
    born_on = read_date(ctx, dob, "--dob")
    result = ctx.write(lambda uow: record_birth(uow, ref, name, born=born_on, new_name=new_name, sex=sex))
    now = f", now {result.name}" if result.name != result.was else ""
    confirm(f"{result.ref}: {result.was} was born on {echo(result.born, ctx.today)}, {describe_gap(result.born, result.expected)} the expected date ({british(result.expected)}){now}; sex {result.sex or 'not recorded'}; age {result.age}.")
    for kind, start in result.plans:
        confirm(f"{result.name}'s {PLAN_NAMES[kind]} plan from {british(start)} carries on.")


@app.command("set")
def set_(
    ref: RefArg,
    name: Annotated[str, typer.Argument(help="Who, as named in the family.", show_default=False)],
    child_id: ChildIdOpt = None,
    ethnicity: EthnicityOpt = None,
    disability: DisabilityOpt = None,
    upn: UpnOpt = None,
    upn_unknown: UpnUnknownOpt = None,
    died: Annotated[Optional[str], typer.Option("--died", help="Date of death: nothing can be recorded for them after it.", show_default=False)] = None,
    new_name: Annotated[Optional[str], typer.Option("--name", help="Put right their name (with --reason); the old name is kept in the history.", show_default=False)] = None,
    dob: Annotated[Optional[str], typer.Option("--dob", help="Put right their date of birth (with --reason); clocks that count from it are worked out again.", show_default=False)] = None,
    sex: Annotated[Optional[str], typer.Option("--sex", help="Put right their recorded sex: M, F or U (with --reason).", show_default=False)] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why a name, date of birth, sex, or a recorded ethnicity or disability is put right: kept with the old value.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record what a statutory return needs of a child, or a date of death; put right a name, date of
    birth or sex with a reason, the old value kept in the history (person list, case show,
    chronology). An ethnicity or disability given for the first time needs no reason; changing one
    already recorded is putting it right, and takes --reason too. Every change is audited by field
    name, never by value.

    Example: fscli person set FS-0001 "Lily Hart" --ethnicity WBRI --disability NONE --upn-unknown UN1
    Also: fscli person set FS-0001 "Lilly Hart" --name "Lily Hart" --reason "Misspelt at referral"
    Also: fscli person set FS-0001 "Lily Hart" --ethnicity WIRI --reason "Recorded from the referral; Lily's mother says Irish"
    """
    from fscli.domain.dates import echo
    from fscli.services.people import Rectified, ReturnFields, set_person

    ctx = AppContext(db)
    died_on = read_date(ctx, died, "--died")
    born_on = read_date(ctx, dob, "--dob")
    returns = ReturnFields(child_id=child_id, ethnicity=ethnicity, disabilities=disability, upn=upn, upn_unknown=upn_unknown)
    fixed = Rectified(name=new_name, dob=born_on, sex=sex, reason=reason)
    result = ctx.write(lambda uow: set_person(uow, ref, name, returns=returns, died=died_on, fixed=fixed))
    from fscli.domain.field_history import FIELD_WORDS

    corrected = f": put right their {', '.join(FIELD_WORDS[f] for f in result.corrected)}; the old value is kept in the history" if result.corrected else ""
    corrected += f"; date of birth {echo(born_on)}" if "dob" in result.corrected and born_on else ""
    death = f"; died {echo(died_on, ctx.today)}" if died_on else ""
    confirm(f"Updated {result.name} in {result.ref} on {echo(ctx.today)}{death}{corrected}.")
    for warning in result.warnings:
        confirm(warning)


@app.command("sar")
def sar(
    ref: Annotated[Optional[str], typer.Argument(help="The case the person is in, e.g. FS-0003 (or give --child-id).", show_default=False)] = None,
    name: Annotated[Optional[str], typer.Argument(help="The person, as named in that case, e.g. \"Dan Hart\".", show_default=False)] = None,
    child_id: Annotated[Optional[str], typer.Option("--child-id", help="Find the person by their local child id instead of REF NAME.", show_default=False)] = None,
    received: Annotated[Optional[str], typer.Option("--received", help="Record a request received on this day; due after the practice profile's subject-access period.", show_default=False)] = None,
    extend: Annotated[bool, typer.Option("--extend", help="Extend the open request by the profile's extension (with --reason).")] = False,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the request is extended (complex, or one of many).", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the pack into this new (or empty) folder; records a request received today if none is open.", show_default=False)] = None,
    answered: Annotated[bool, typer.Option("--answered", help="Mark the open request answered today; it keeps the SHA-256 of the latest pack written for it (--out, now or before).")] = False,
    answered_on: Annotated[Optional[str], typer.Option("--answered-on", help="Mark it answered on this day instead.", show_default=False)] = None,
    also: Annotated[Optional[list[str]], typer.Option("--also", help="Include a possible match's case (same name, a date of birth missing); repeatable.", show_default=False)] = None,
    request: Annotated[Optional[str], typer.Option("--request", help="Name the request as 'fscli due' does (SAR4) instead of the person: to extend or answer one whose case was erased.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """A subject access request (UK GDPR Art. 15): record it, extend it, write the pack, mark it answered.

    The person's records are gathered from every case they appear in: the same child id, or the
    same name (as search compares it) and the same date of birth. The same name where either has
    no date of birth is a possible match: listed in the pack and here, not included unless you
    name its case with --also REF. The open request is in 'fscli due' for the officer who recorded
    it. The pack: index.html (print-ready), items.csv, items.json, third_parties.csv (every item
    that names someone else, for redaction review) and manifest.json (SHA-256 of each file).

    Example: fscli person sar FS-0003 "Dan Hart" --received 05/12/2026

    Example: fscli person sar FS-0003 "Dan Hart" --out ~/sar/dan-hart

    Example: fscli person sar FS-0003 "Dan Hart" --extend --reason "Records in three cases"

    Example: fscli person sar FS-0003 "Dan Hart" --answered

    Example: fscli person sar --request SAR4 --answered (a request whose case was erased)

    Example: fscli void SAR4 --reason "Recorded by mistake" (a request recorded in error)
    """
    from fscli.cli.signals import stopping
    from fscli.reports.subject_access import gather
    from fscli.services import sar_pack
    from fscli.services.subject_access import Asked, Who, handle

    ctx = AppContext(db)
    if extend and not reason:
        raise InvalidInput("--extend", None, "needs --reason", hint='say why, e.g. --reason "Records in three cases"')
    if not (received or extend or out or answered or answered_on):
        raise InvalidInput("fscli person sar", None, "says nothing to do", hint="give --received DATE, --extend --reason TEXT, --out DIR or --answered")
    answered_day = read_date(ctx, answered_on, "--answered-on") or (ctx.today if answered else None)
    who = Who(ref, name, child_id, frozenset(also or ()), request)
    with stopping(), (sar_pack.Folder(out) if out else nullcontext()) as folder:
        asked = Asked(read_date(ctx, received, "--received"), reason if extend else None, answered_day, folder, ctx.logs_views, ctx.settings.worker)
        result = ctx.write(lambda uow: handle(uow, who, asked, practice=ctx.practice, gather=gather, html=sar_pack.html_page))
    _said_sar(result, out, ctx.today)


def _said_sar(result, out: Path | None, today) -> None:
    from fscli.domain.dates import british

    for possible in result.possible if result.recorded or out is not None else ():
        confirm(f"Possible match, not included: {possible.name} in {possible.ref} (a date of birth is not recorded on both); include it with --also {possible.ref}.")
    request = f"{result.request} for {result.subject} ({result.ref}), received {british(result.received_on)}"
    if result.recorded:
        confirm(f"Recorded {request}; due {british(result.due_on)}.")
    if result.extended:
        confirm(f"Extended {result.request}: due {british(result.extended_to)}.")
    if out is not None:
        confirm(f"Wrote the pack to {out}: {result.items} items from {', '.join(result.appearances)}; {result.third_parties} name other people: review third_parties.csv before it is sent. SHA-256 {result.sha256}.")
    if result.answered_on:
        confirm(f"Answered {request}, on {british(result.answered_on)}.")
    elif not result.recorded:
        deadline = result.extended_to or result.due_on
        late = deadline is not None and deadline < today
        confirm(f"{result.request} is open: due {british(deadline)}" + (f", {(today - deadline).days} days overdue." if late else "."))
