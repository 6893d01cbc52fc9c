"""fscli case: open, list, show, allocate, share, unshare, close, reopen, team, restrict, unrestrict."""

from __future__ import annotations  # Typer reads the annotations of the one command it builds; made at import, all 60-70 of them cost case show ~4 ms

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date, read_text
from fscli.cli.output import confirm, show
from fscli.cli.options import codes, Color, ColorOpt, DbOpt, FormatOpt, MineOpt, RefArg, worker_meant

app = typer.Typer(help="Open, list, show, allocate, share, close and reopen cases (one case = one family); their team and restriction.", no_args_is_help=True)


@app.command("open")
def open_(
    family: Annotated[str, typer.Argument(help="The family's name as you refer to it, e.g. \"Hart family\".", show_default=False)],
    referred: Annotated[str, typer.Option("--referred", help="Referral date, e.g. 03/11/2026 or 'last monday'.", show_default=False)],
    source: Annotated[str, typer.Option("--source", autocompletion=codes("referral-source"), help="Referral source code (CIN census), e.g. 3B health visitor: see 'fscli codes referral-source'.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="The presenting reason, in a sentence ('-' reads it from stdin).", show_default=False)],
    ref: Annotated[Optional[str], typer.Option("--ref", help="The council's own case ID; without it fscli gives FS-0001, FS-0002, ...", show_default=False)] = None,
    worker: Annotated[Optional[str], typer.Option("--worker", help="The allocated worker (default: FSCLI_WORKER or the config file).", show_default=False)] = None,
    early_help: Annotated[bool, typer.Option("--early-help", help="A request for Early Help: the case's work starts as an Early Help episode, not a referral to children's social care.")] = False,
    team: Annotated[Optional[str], typer.Option("--team", help="The team whose case it is (default: your team, when you are in one).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Open a case for a family. It is your team's case (or --team's), when you are in one.

    Example: fscli case open "Hart family" --referred 03/11/2026 --source 3B --reason "Health visitor worried about missed feeds"
    """
    from fscli.domain.dates import echo
    from fscli.domain.codes import REFERRAL_SOURCE
    from fscli.services.cases import open_case

    ctx = AppContext(db)
    referred_on = read_date(ctx, referred, "--referred")
    holder = worker if worker is not None else ctx.settings.worker
    kind = "early-help" if early_help else "statutory"
    result = ctx.write(lambda uow: open_case(uow, family=family, referred_on=referred_on, source=source, reason=read_text(reason) or "", ref=ref, worker=holder, kind=kind, team=team))
    source_code = REFERRAL_SOURCE.find(source)
    by = f"{source_code.code} ({source_code.label})" if source_code else source
    allocated = f"worker: {result.worker}" if result.worker else "unallocated (set FSCLI_WORKER, or: fscli case allocate " + result.ref + " WORKER)"
    episode = "; an Early Help episode" if early_help else ""
    of_team = f"; a case of {result.note}" if result.note else ""
    confirm(f"Opened {result.ref} {result.family}, referred by {by} on {echo(referred_on, ctx.today)}{episode}; {allocated}{of_team}.", result.ref)


@app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="Open cases (the default).")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Closed cases only.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Open and closed cases.")] = False,
    worker: Annotated[Optional[str], typer.Option("--worker", help="Only cases this worker holds now.", show_default=False)] = None,
    mine: MineOpt = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """List cases with their worker, how many workers they have had (in one role), and their children.

    Example: fscli case list --mine
    """
    from fscli.cli.read_views import case_list  # its one body, run without Typer when the line is plain (cli/fast.py)

    case_list(open_only, closed, all_, worker, mine, fmt, color, db)


@app.command("show")
def show_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """The family on a page: people with ages, agencies, workers over time, history.

    When the family's part of this year's CIN census return has problems, a short section lists
    them as 'fscli return cin --check' does (the DfE rule, the child, what to record).

    Example: fscli case show FS-0001
    """
    from fscli.cli.read_views import case_show  # its one body, run without Typer when the line is plain (cli/fast.py)

    case_show(ref, fmt, color, db)


def _roles(incomplete: str) -> list[str]:
    from fscli.domain.allocation import ROLES

    return [r for r in ROLES if r.startswith(incomplete)]


RoleOpt = Annotated[Optional[str], typer.Option("--role", autocompletion=_roles, help="key-worker, social-worker, family-support, lead-practitioner or other.", show_default=False)]


@app.command("allocate")
def allocate(
    ref: RefArg,
    worker: Annotated[str, typer.Argument(help="The worker taking the case.", show_default=False)],
    role: RoleOpt = None,
    date: Annotated[str, typer.Option("--date", help="When they take it (default: today).")] = "today",
    reason: Annotated[Optional[str], typer.Option("--reason", autocompletion=codes("worker-change"), help="Why the worker changes: see 'fscli codes worker-change' (needed when the role already has a worker).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Allocate a case, or one role on it, to a worker; the history of who held it is kept.

    Without --role the worker is the key worker, who owns every duty no other role owns. With
    --role the worker takes that role from whoever holds it (see 'fscli profile show' for whose
    each duty is).

    Example: fscli case allocate FS-0001 "Priya Shah" --date 01/12/2026 --reason LEFTRL
    Also: fscli case allocate FS-0004 "Dee Mensah" --role social-worker --reason LEFTRL
    """
    from fscli.services.allocations import allocate as allocate_case

    _change_workers(db, date, lambda uow, on: allocate_case(uow, ref, worker, on=on, reason=reason, role=role),
                    lambda result, day: f"Allocated {result.ref} {result.family} to {result.worker} from {day} ({result.note}).")  # fmt: skip


@app.command("share")
def share(
    ref: RefArg,
    worker: Annotated[str, typer.Argument(help="The worker joining the case.", show_default=False)],
    role: Annotated[str, typer.Option("--role", autocompletion=_roles, help="Their role: social-worker, family-support, lead-practitioner, other (or key-worker).", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When they join (default: today).")] = "today",
    db: DbOpt = None,
) -> None:
    """Share a case with another worker in a role no one holds: co-working, not a handover.

    Example: fscli case share FS-0004 "Sam Okafor" --role family-support --date 02/11/2026
    """
    from fscli.services.allocations import share as share_case

    _change_workers(db, date, lambda uow, on: share_case(uow, ref, worker, role=role, on=on),
                    lambda result, day: f"Shared {result.ref} {result.family} with {result.worker} from {day}.")  # fmt: skip


@app.command("unshare")
def unshare(
    ref: RefArg,
    worker: Annotated[str, typer.Argument(help="The worker whose role ends.", show_default=False)],
    role: RoleOpt = None,
    date: Annotated[str, typer.Option("--date", help="The role's last day (default: today).")] = "today",
    db: DbOpt = None,
) -> None:
    """End a worker's role on a case (--role says which, when they hold several); the history keeps it.

    Example: fscli case unshare FS-0004 "Sam Okafor" --date 04/12/2026
    """
    from fscli.services.allocations import unshare as unshare_case

    _change_workers(db, date, lambda uow, on: unshare_case(uow, ref, worker, on=on, role=role),
                    lambda result, day: f"Ended {result.worker} on {result.ref} {result.family} on {day}.")  # fmt: skip


def _change_workers(db, date: str, change, said) -> None:
    """allocate, share and unshare: read the date, make the change in one transaction, confirm it."""
    from fscli.domain.dates import echo

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: change(uow, on))
    confirm(said(result, echo(on, ctx.today)))


@app.command("close")
def close(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="Closure date.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", autocompletion=codes("closure-reason"), help="RC1-RC9, or an Early Help reason: outcomes-met, stepped-up, disengaged, consent-withdrawn, moved-away.", show_default=False)],
    summary: Annotated[Optional[str], typer.Option("--summary", help="What was achieved ('-' reads it from stdin).", show_default=False)] = None,
    sustain: Annotated[Optional[str], typer.Option("--sustain", help="What will sustain progress: the family's support network.", show_default=False)] = None,
    end_care: Annotated[bool, typer.Option("--end-care", help="A looked-after child's care ends with the case (their CLA plan ends); without it, closing a case with a looked-after child is refused.")] = False,
    db: DbOpt = None,
) -> None:
    """Close a case with a reason; the closure stays in the case's history.

    A case with a looked-after child (an open CLA plan) is not closed while the care order stands:
    record the discharge first (fscli case plan REF --order-discharged DATE), or say that care
    ends with the case (--end-care).

    Example: fscli case close FS-0003 --date today --reason outcomes-met --summary "Settled in the new tenancy"
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import close_case

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: close_case(uow, ref, on=on, reason=reason, summary=read_text(summary), sustain=sustain, end_care=end_care))
    confirm(f"Closed {result.ref} {result.family} on {echo(on, ctx.today)}: {result.note}.")


@app.command("reopen")
def reopen(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="Reopening date.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why the case is reopened.", show_default=False)],
    worker: Annotated[Optional[str], typer.Option("--worker", help="Allocate it to this worker as it reopens.", show_default=False)] = None,
    early_help: Annotated[bool, typer.Option("--early-help", help="Reopen for Early Help: the new episode is an Early Help one.")] = False,
    source: Annotated[Optional[str], typer.Option("--source", autocompletion=codes("referral-source"), help="The new referral's source code (CIN census), as for 'case open': see 'fscli codes referral-source'. Without it the census return writes 10 (unknown) and says so.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Reopen a closed case; the earlier closure stays in the history.

    Example: fscli case reopen FS-0003 --date today --source 2A --reason "New referral from school about attendance"
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import reopen_case

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: reopen_case(uow, ref, on=on, reason=reason, worker=worker, kind="early-help" if early_help else "statutory", source=source))
    allocated = f"; worker: {result.worker}" if result.worker else f"; allocate it with: fscli case allocate {result.ref} WORKER"
    confirm(f"Reopened {result.ref} {result.family} on {echo(on, ctx.today)}{allocated}.")


@app.command("check")
def outcome_check(
    ref: RefArg,
    sustained: Annotated[str, typer.Option("--sustained", help="Did the change hold? yes, no or unknown (the family could not be reached).", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When the family was asked.")] = "today",
    note: Annotated[Optional[str], typer.Option("--note", help="What the family said; '-' reads stdin.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record the six-month sustained-outcome check of a closed case; it leaves 'fscli due'.

    Example: fscli case check FS-0009 --sustained yes --note "Still on time every day; bereavement group going well"
    """
    from fscli.domain.dates import echo
    from fscli.services.cases import record_outcome_check

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    result = ctx.write(lambda uow: record_outcome_check(uow, ref, on=on, sustained=sustained, note=read_text(note)))
    confirm(f"Recorded the sustained-outcome check of {result.ref} {result.family} on {echo(on, ctx.today)}: {result.note}.")


@app.command("referral")
def referral(
    ref: RefArg,
    need: Annotated[Optional[str], typer.Option("--need", autocompletion=codes("primary-need"), help="Primary need code N0-N9 (see 'fscli codes primary-need').", show_default=False)] = None,
    nfa: Annotated[Optional[bool], typer.Option("--nfa/--further-action", help="The referral led to no further action (then close RC8), or it did.", show_default=False)] = None,
    child: Annotated[Optional[list[str]], typer.Option("--child", help="A child the referral concerns (repeat for several).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Record the referral's details: primary need, no further action, the children it concerns.

    Example: fscli case referral FS-0006 --need N1 --child "Aisha Begum"
    """
    from fscli.cli.journey import report
    from fscli.services.journey import set_referral

    ctx = AppContext(db)
    report(ctx.write(lambda uow: set_referral(uow, ref, need=need, nfa=nfa, children=child or [])))


@app.command("plan")
def plan(
    ref: RefArg,
    kind: Annotated[Optional[str], typer.Argument(metavar="TYPE", help="early-help, cin, cp, cla or reunification.", show_default=False)] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="When the plan starts (a CP plan: the day of the ICPC).", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--end", help="End the open plan(s) on this date instead.", show_default=False)] = None,
    child: Annotated[Optional[list[str]], typer.Option("--child", help="A child on the case (repeat for several; default: the children the referral concerns).", show_default=False)] = None,
    category: Annotated[Optional[str], typer.Option("--category", autocompletion=codes("category-of-abuse"), help="CP category of abuse: NEG, PHY, SAB, EMO or MUL; on an open CP plan, changes its latest category.", show_default=False)] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the plan starts or ends.", show_default=False)] = None,
    returned_home: Annotated[Optional[str], typer.Option("--returned-home", help="Reunification: the day the child went home.", show_default=False)] = None,
    order_discharged: Annotated[Optional[str], typer.Option("--order-discharged", help="Reunification: the day the care order was discharged (the CLA plan ends).", show_default=False)] = None,
    discharge_applied: Annotated[Optional[str], typer.Option("--discharge-applied", help="Reunification: the day the application to discharge the care order was made (the care order stands until --order-discharged).", show_default=False)] = None,
    pre_referral: Annotated[bool, typer.Option("--pre-referral", help="The plan began (or ended) before the referral, e.g. a child in care since before this service was asked in: recorded as history, its clocks run from its true dates.")] = False,
    db: DbOpt = None,
) -> None:
    """Start, end or step a child's plan up or down; the history is kept.

    A child has one open plan among early-help, cin, cp and cla: starting one ends the other on
    the same day ("stepped up from CIN to CP"). Reunification runs alongside CLA. Between Early
    Help and statutory work the family steps with 'fscli case step-down' or 'fscli case step-up'.

    Care from before the referral is history: fscli case plan FS-0004 cla --start 15/03/2024
    --pre-referral. The return home (--returned-home) starts the visits of a care order at home;
    the application to discharge the order (--discharge-applied) and its discharge
    (--order-discharged) are recorded as they happen. Booking the court hearing ahead comes later.

    Example: fscli case plan FS-0006 early-help --start 14/09/2026 --child "Aisha Begum"
    """
    from fscli.cli.journey import report
    from fscli.errors import InvalidInput
    from fscli.services import journey

    ctx = AppContext(db)
    children = child or []
    milestones = returned_home is not None or order_discharged is not None or discharge_applied is not None
    if sum((start is not None, end is not None, milestones)) != 1:
        raise InvalidInput("--start/--end", None, "give --start to begin a plan, --end to end one, or --returned-home/--discharge-applied/--order-discharged for a reunification")
    if end is not None:
        on = read_date(ctx, end, "--end")
        report(ctx.write(lambda uow: journey.end_plans(uow, ref, kind, on=on, children=children, reason=reason, pre_referral=pre_referral)))
    elif milestones:
        if pre_referral:
            raise InvalidInput("--pre-referral", None, "a return home or a discharge is recorded on the reunification plan, which this service began", hint="leave out --pre-referral")
        home, discharged = read_date(ctx, returned_home, "--returned-home"), read_date(ctx, order_discharged, "--order-discharged")
        applied = read_date(ctx, discharge_applied, "--discharge-applied")
        report(ctx.write(lambda uow: journey.reunification_milestone(uow, ref, children=children, returned_home=home, order_discharged=discharged, discharge_applied=applied)))
    else:
        if kind is None:
            raise InvalidInput("TYPE", None, "say which plan starts: early-help, cin, cp, cla or reunification")
        on = read_date(ctx, start, "--start")
        report(ctx.write(lambda uow: journey.start_plan(uow, ref, kind, on=on, children=children, category=category, reason=reason, pre_referral=pre_referral)))


@app.command("step-down")
def step_down(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The day the family moves to Early Help (often the CIN review that agreed it).", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", autocompletion=codes("closure-reason"), help="The census reason the statutory episode ends with: RC7 after a CIN plan, RC9 after an assessment.", show_default=False)],
    child: Annotated[Optional[list[str]], typer.Option("--child", help="A child who moves to an Early Help plan (repeat; default: the children on statutory plans).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Step a family down to Early Help: the statutory episode ends with its census reason, Early Help begins.

    The children's CIN plans end and their Early Help plans start on the same day; the case stays
    open, and the Early Help clocks (target closure, midway rescaling) count from that day.
    Not from a CP or CLA plan: step down to CIN, or end the care, first.

    Example: fscli case step-down FS-0006 --date 19/10/2026 --reason RC7
    """
    from fscli.cli.journey import report
    from fscli.services.steps import step_down as step

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    report(ctx.write(lambda uow: step(uow, ref, on=on, reason=reason, children=child or [])))


@app.command("step-up")
def step_up(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The new referral date to children's social care.", show_default=False)],
    source: Annotated[str, typer.Option("--source", autocompletion=codes("referral-source"), help="Referral source code of the new referral (CIN census).")] = "5D",
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the family is stepped up (kept as the end of the Early Help plans).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Step a family up from Early Help: the Early Help episode ends (stepped up), a statutory one begins.

    The day is the new referral's date: the referral decision and the 45-working-day single
    assessment count from it, not from the first referral.

    Example: fscli case step-up FS-0006 --date today --reason "Disclosure of domestic abuse at the TAF review"
    """
    from fscli.cli.journey import report
    from fscli.services.steps import step_up as step

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    report(ctx.write(lambda uow: step(uow, ref, on=on, source=source, reason=reason)))


@app.command("journey")
def journey_(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """Each child's journey: plans with categories, and a timeline of referral, assessments, s47s, plans.

    Example: fscli case journey FS-0006 --format json
    """
    from fscli.reports.cases import case_journey
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("case.journey", lambda reader: case_journey(reader, ref, ctx.today), the_case(ref)), fmt, color)


@app.command("set")
def set_(
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it is put right: kept with the old value in the history.", show_default=False)],
    family: Annotated[Optional[str], typer.Option("--family", help="The family's name as it should be, e.g. \"Hart family\".", show_default=False)] = None,
    referral_reason: Annotated[Optional[str], typer.Option("--referral-reason", help="The presenting reason of the referral as it should read.", show_default=False)] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="The latest referral's source as it should read (the code set of 'case open'; a reopening's, when 'case reopen' was not given it).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Put right the family's name, the referral's presenting reason or its source (one at least); the
    old value, the reason, who and when are kept in the history (case show, chronology). A
    person's name is put right with 'fscli person set'.

    Example: fscli case set FS-0003 --family "Harte family" --reason "Misspelt at referral"

    Also: fscli case set FS-0003 --referral-reason "Domestic abuse reported by the school" --reason "Typed from the wrong referral form"

    Also: fscli case set FS-0007 --source 5A --reason "The reopening was referred by the school"
    """
    from fscli.services.cases import correct_case

    ctx = AppContext(db)
    result = ctx.write(lambda uow: correct_case(uow, ref, family=family, referral_reason=referral_reason, reason=reason, source=source))
    said = ([f"{result.ref} is now {result.family} (was {result.note})"] if family is not None else []) + ([f"the referral reason of {result.ref} is put right"] if referral_reason is not None else [])
    said += [f"the source of {result.ref}'s latest referral is put right"] if source is not None else []
    line = "; ".join(said)
    confirm(line[:1].upper() + line[1:] + f"; the old {'values are' if len(said) > 1 else 'name is' if family is not None else 'source is' if source is not None else 'reason is'} kept in the history.")


@app.command("detail")
def detail(
    ref: RefArg,
    address: Annotated[Optional[str], typer.Option("--address", help="The household's address from --from (a move keeps the old one in the history).", show_default=False)] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="The household's telephone.", show_default=False)] = None,
    gp: Annotated[Optional[str], typer.Option("--gp", help="GP practice (the household's, or --for one person's).", show_default=False)] = None,
    school: Annotated[Optional[str], typer.Option("--school", help="School or nursery, usually --for a child.", show_default=False)] = None,
    language: Annotated[Optional[str], typer.Option("--language", help="First language (the household's, or --for one person's).", show_default=False)] = None,
    interpreter: Annotated[Optional[str], typer.Option("--interpreter", help="Interpreter needed: yes or no.", show_default=False)] = None,
    consent: Annotated[Optional[str], typer.Option("--consent", help="Consent to share given, with its scope, e.g. 'school, health visitor and GP'.", show_default=False)] = None,
    withdraw_consent: Annotated[bool, typer.Option("--withdraw-consent", help="Consent to share is withdrawn from --from.")] = False,
    for_: Annotated[Optional[str], typer.Option("--for", help="The person a GP, school, language or interpreter need belongs to.", show_default=False)] = None,
    from_: Annotated[str, typer.Option("--from", help="When it took effect (default: today); may be before the referral.")] = "today",
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Record the family's address, telephone, GP, school, language, interpreter need and consent to
    share, each from a date, the earlier values kept; with no detail given, show them and their
    history. They are personal data: the audit names the fields, never the values, and the
    calendar feed of 'fscli due' never carries them.

    Example: fscli case detail FS-0003 --address "4 Mill Lane, Oakby" --from tuesday
    Also: fscli case detail FS-0003 --school "Oakby Nursery" --for "Ellie Grant"; fscli case detail FS-0003 --consent "school, GP and health visitor" --from 01/12/2026; fscli case detail FS-0003
    """
    from fscli.errors import InvalidInput

    given = {field: value for field, value in (("address", address), ("phone", phone), ("gp", gp), ("school", school), ("language", language), ("interpreter", interpreter), ("consent", consent)) if value is not None}
    ctx = AppContext(db)
    if not given and not withdraw_consent:
        from fscli.reports.family import detail_history
        from fscli.reports.seen import the_case

        if for_ is not None:
            raise InvalidInput("--for", for_, "say which detail is theirs, e.g. --school TEXT --for NAME")
        show(ctx.view("case.detail", lambda reader: detail_history(reader, ref), the_case(ref)), fmt, color)
        return
    from fscli.services.family import record_details

    on = read_date(ctx, from_, "--from")
    result = ctx.write(lambda uow: record_details(uow, ref, given, on=on, person=for_, withdraw_consent=withdraw_consent))
    for line in result.lines:
        confirm(f"{result.ref} {result.family}: {line}.")


@app.command("team")
def team_(
    ref: RefArg,
    team: Annotated[str, typer.Argument(help="The team whose case it is now.", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Make the case a team's. On a team's server a member gives a case of no team their own
    team; a manager of the case's team moves it to another.

    Example: fscli case team FS-0001 "North locality"
    """
    from fscli.services.teams import set_case_team

    ctx = AppContext(db)
    result = ctx.write(lambda uow: set_case_team(uow, ref, team))
    confirm(f"{result.note} is a case of {result.name}.")


@app.command("restrict")
def restrict(
    ref: RefArg,
    to: Annotated[str, typer.Option("--to", help="The workers who alone may see the case, comma-separated.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why, in a sentence (e.g. an allegation against a council employee).", show_default=False)],
    hide_from_holders: Annotated[bool, typer.Option("--hide-from-holders", help="Restrict it even though --to leaves out workers who hold it now: it leaves their lists (reallocate it).")] = False,
    db: DbOpt = None,
) -> None:
    """Restrict a case to the workers named. On a team's server only they and the oversight
    role see it, in every view and every count; its team's manager restricts it. A worker who
    holds the case now and is not named is refused (they would lose it from their lists
    unawares) unless --hide-from-holders says that is meant.

    Example: fscli case restrict FS-0004 --to "Priya Shah" --reason "allegation against a council employee"
    Also: fscli case restrict FS-0004 --to "Mo Reid" --reason "allegation about its worker" --hide-from-holders
    """
    from fscli.services.teams import restrict as restrict_case

    ctx = AppContext(db)
    result = ctx.write(lambda uow: restrict_case(uow, ref, to.split(","), reason, hide_from_holders=hide_from_holders))
    hidden = f" Hidden from {', '.join(result.hidden)}, who still {'holds' if len(result.hidden) == 1 else 'hold'} it: reallocate it (fscli case allocate {result.note} WORKER)." if result.hidden else ""
    confirm(f"{result.note} is restricted to {result.name}.{hidden}")


@app.command("unrestrict")
def unrestrict(
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help="Why the restriction is lifted.", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Lift a case's restriction: its team sees it again. On a team's server a manager of its
    team who can see it, or the oversight role, lifts it. A worker who holds the case and was not
    named is warned of: it is back in their lists. Why it was restricted stays with those it named,
    the team's managers and the oversight role.

    Example: fscli case unrestrict FS-0004 --reason "investigation closed"
    """
    from fscli.services.teams import unrestrict as unrestrict_case

    ctx = AppContext(db)
    result = ctx.write(lambda uow: unrestrict_case(uow, ref, reason))
    confirm(f"{result.name} is no longer restricted.")
    if result.hidden:
        from fscli.render.emit import message

        message(f"warning: {result.name} is back in the lists of {', '.join(result.hidden)}, who {'holds' if len(result.hidden) == 1 else 'hold'} it but {'was' if len(result.hidden) == 1 else 'were'} not allowed to see it while restricted.")


# --- documents people read: in a module of their own (fscli/cli/documents.py), registered here ------
from fscli.cli.documents import page, summary  # noqa: E402 (at the end, as cli/returns.py registers annex-a)

app.command("page")(page)
app.command("summary")(summary)
