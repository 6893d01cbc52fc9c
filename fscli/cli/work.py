"""fscli visit, meeting, diary, task, note: recording the week's work in seconds."""

from __future__ import annotations  # Typer reads the annotations of the one command it builds; made at import, all 60-70 of them cost case show ~4 ms

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext, read_date, read_period
from fscli.cli.mistakes import AgainOpt, write_asking_again
from fscli.cli.output import confirm, show
from fscli.cli.options import _case_refs, codes, Color, ColorOpt, DbOpt, FormatOpt, MineOpt, RefArg, worker_meant
from fscli.domain.booking_kinds import CANCELLED_BY, CASELESS_MEETINGS

visit_app = typer.Typer(help="Log visits and other contacts; plan visits ahead, cancel or move them.", no_args_is_help=True)
meeting_app = typer.Typer(help="Log and book meetings: strategy, ICPC, core group, CIN/TAF/LAC reviews, hearings, appointments, supervision...", no_args_is_help=True)
diary_app = typer.Typer(help="Your running record, with or without a case.", no_args_is_help=True)
task_app = typer.Typer(help="What you agreed to do for a family, and when.", no_args_is_help=True)
note_app = typer.Typer(help="Correct a note: a new entry pointing at the old one; both stay.", no_args_is_help=True)

NamesOpt = Optional[list[str]]
# What a booking takes, a visit planned or a meeting booked alike.
BookedWhereOpt = Annotated[Optional[str], typer.Option("--where", help="Where, if not at the family's home: 'Civic Centre, room 2', 'Citizens Advice, Northgate'.", show_default=False)]
InvitedOpt = Annotated[NamesOpt, typer.Option("--with", help="Who is going or invited: people on the case, agencies, workers (repeat or use commas).", show_default=False)]
BookingNoteOpt = Annotated[Optional[str], typer.Option("--note", help="What it is for, what to bring.", show_default=False)]
EveryOpt = Annotated[Optional[str], typer.Option("--every", help="Repeat every interval, e.g. 2w, 4w, 1m (with --until): visits, supervision, core groups.", show_default=False)]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="The last date to book for.", show_default=False)]
NOTE_HELP = "The note; '-' reads it from stdin. Left out on a terminal, your editor opens (safer: notes typed on the command line stay in shell history)."


def _when(ctx: AppContext, value: str, field: str, *, ahead: bool = False):
    from fscli.domain.dates import Look, parse_when

    return parse_when(value, ctx.today, field=field, look=Look.AHEAD if ahead else Look.BACK, now=ctx.clock.now().time())


@visit_app.command("log")
def visit_log(
    ref: RefArg,
    kind: Annotated[str, typer.Option("--type", autocompletion=codes("contact-type"), help="home-visit, statutory-visit, joint-visit, supervised-contact, office, school, hospital, phone, video, message, direct-work, no-access.", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When it happened, e.g. 'today 10am', 'yesterday 14.30', 'thu 9.30' (a weekday alone is the last one, today included).")] = "today",
    duration: Annotated[Optional[str], typer.Option("--duration", help="How long, e.g. 45, 1h30.", show_default=False)] = None,
    with_: Annotated[NamesOpt, typer.Option("--with", help="People on the case, and agencies, who were there (repeat, or separate with commas).", show_default=False)] = None,
    seen: Annotated[NamesOpt, typer.Option("--seen", help="Children seen (at a phone or video call, not seen for statutory visits).", show_default=False)] = None,
    alone: Annotated[NamesOpt, typer.Option("--alone", help="People seen alone: children (they count as seen), or a parent or carer (a routine enquiry about domestic abuse; only children count for statutory visits).", show_default=False)] = None,
    bedroom: Annotated[NamesOpt, typer.Option("--bedroom-seen", help="Children whose bedroom was seen.", show_default=False)] = None,
    unannounced: Annotated[bool, typer.Option("--unannounced", help="The visit was not announced.")] = False,
    where: Annotated[Optional[str], typer.Option("--where", help="Where the child was seen, if not at home.", show_default=False)] = None,
    note: Annotated[Optional[str], typer.Option("--note", help=NOTE_HELP, show_default=False)] = None,
    pre_referral: Annotated[bool, typer.Option("--pre-referral", help="The contact happened before the referral date.")] = False,
    again: AgainOpt = False,
    db: DbOpt = None,
) -> None:
    """Log a visit or contact: who was there, which children were seen and seen alone, the note.

    Example: fscli visit log FS-0003 --type home-visit --date "thu 10am" --seen "Daniel Okoro" --alone "Daniel Okoro" --note -
    """
    from fscli.cli.editor import note_text, template_for
    from fscli.services.contacts import log_visit

    ctx = AppContext(db)
    when = _when(ctx, date, "--date")
    text = note_text(note, "--note", template=template_for(kind), ctx=ctx)
    done = write_asking_again(ctx, lambda uow, twice: log_visit(uow, ref, kind=kind, when=when, duration=duration, with_=with_ or [], seen=seen or [], alone=alone or [], bedroom=bedroom or [],
                                                                unannounced=unannounced, where=where, note=text, pre_referral=pre_referral, again=again or twice))  # fmt: skip
    confirm(f"{done.label}: {done.line}.", done.label)


@visit_app.command("plan")
def visit_plan(
    ref: RefArg,
    date: Annotated[str, typer.Option("--date", help="The (first) visit, e.g. 'tue 10am' (a weekday alone is the coming one, today included), 'next tue 10am', 'in 2 weeks'.", show_default=False)],
    kind: Annotated[str, typer.Option("--type", autocompletion=codes("contact-type"), help="The contact type planned.")] = "home-visit",
    where: BookedWhereOpt = None,
    with_: InvitedOpt = None,
    note: BookingNoteOpt = None,
    every: EveryOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
) -> None:
    """Plan visits ahead; logging a visit within 3 days fulfils the plan, and a passed plan shows as missed.

    A face-to-face visit fulfils any plan; a video call fulfils only a planned video call; a phone
    call, a message or a visit with no access fulfils none. Call one off with 'fscli visit cancel
    B9', or move it with 'fscli visit move B9'.

    Example: fscli visit plan FS-0004 --type statutory-visit --date "next mon 10am" --every 2w --until 31/03/2027
    """
    from fscli.services.bookings import plan_visits

    ctx = AppContext(db)
    when = _when(ctx, date, "--date", ahead=True)
    last = read_date(ctx, until, "--until", ahead=True)
    done = ctx.write(lambda uow: plan_visits(uow, ref, kind=kind, when=when, every=every, until=last, where=where, with_=with_ or [], note=note))
    confirm(f"{done.line[:1].upper()}{done.line[1:]}.", done.label)  # "Planned 4 home visits for FS-0001 ..."


def _cancel(ident: str, by: str, reason: str, and_later: bool, db) -> None:
    from fscli.services.bookings import cancel_booking

    ctx = AppContext(db)
    done = ctx.write(lambda uow: cancel_booking(uow, ident, by=by, reason=reason, and_later=and_later))
    confirm(f"{done.line[:1].upper()}{done.line[1:]}.")


def _move(ident: str, date: str, reason: str, db) -> None:
    from fscli.services.bookings import move_booking

    ctx = AppContext(db)
    when = _when(ctx, date, "--date", ahead=True)
    done = ctx.write(lambda uow: move_booking(uow, ident, when=when, reason=reason))
    confirm(f"{done.line[:1].upper()}{done.line[1:]}.")


BookingArg = Annotated[str, typer.Argument(metavar="ID", help="The booking, e.g. B9 (as 'fscli week' and 'fscli meeting list --booked' show it), or with its case (checked): FS-0002/B9.", show_default=False)]
CancelledByOpt = Annotated[str, typer.Option("--by", autocompletion=lambda: list(CANCELLED_BY), help=f"Who called it off: {', '.join(CANCELLED_BY)}.", show_default=False)]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why.", show_default=False)]
AndLaterOpt = Annotated[bool, typer.Option("--and-later", help="Also cancel every later booking of the same repeating plan (--every): the plan ends here.")]
MoveDateOpt = Annotated[str, typer.Option("--date", help="The new date and time, e.g. 'mon 2pm' (a weekday alone is the coming one, today included; 'next mon' is never today).", show_default=False)]


@visit_app.command("cancel")
def visit_cancel(ident: BookingArg, by: CancelledByOpt, reason: ReasonOpt, and_later: AndLaterOpt = False, db: DbOpt = None) -> None:
    """Call off a planned visit, saying who cancelled it and why: it is never reported as missed.

    Any booking can be cancelled here or with 'fscli meeting cancel': a B-number names one. A visit
    where nobody was in is not a cancellation: log it with 'fscli visit log --type no-access'.

    Example: fscli visit cancel B7 --by family --reason "Moving house that day"
    """
    _cancel(ident, by, reason, and_later, db)


@visit_app.command("move")
def visit_move(ident: BookingArg, date: MoveDateOpt, reason: ReasonOpt, db: DbOpt = None) -> None:
    """Move a planned visit to another day or time; it keeps its number, and the chronology the old date.

    Example: fscli visit move B7 --date "thu 2pm" --reason "Angie has a GP appointment"
    """
    _move(ident, date, reason, db)


@visit_app.command("list")
def visit_list(ref: RefArg, fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """A family's visits and contacts, newest first, corrections shown as such.

    Example: fscli visit list FS-0003
    """
    from fscli.reports.contacts import visit_list as build
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("visit.list", lambda reader: build(reader, ref), the_case(ref)), fmt, color)


@meeting_app.command("log")
def meeting_log(
    kind: Annotated[str, typer.Option("--type", autocompletion=codes("meeting-type"), help="strategy, icpc, rcpc, core-group, cin-review, taf, lac-review, discharge-planning, fgc, pre-proceedings, supervision, team, training, professionals, ... ('fscli codes meeting-type').", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When.", show_default=False)],
    ref: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="The family's case reference; left out for supervision, a team meeting, training or calls with professionals (then --cases names the cases discussed).", show_default=False, autocompletion=_case_refs)] = None,
    with_: Annotated[NamesOpt, typer.Option("--with", help="Who attended: family members, agencies, professionals (repeat or use commas).", show_default=False)] = None,
    chair: Annotated[Optional[str], typer.Option("--chair", help="Who chaired.", show_default=False)] = None,
    where: Annotated[Optional[str], typer.Option("--where", help="Where it was held (left out: where it was booked).", show_default=False)] = None,
    decisions: Annotated[Optional[str], typer.Option("--decisions", "--note", help="What was decided or discussed ('-' reads stdin).", show_default=False)] = None,
    cases: Annotated[NamesOpt, typer.Option("--cases", help="With no REF: the cases discussed (repeat or use commas), e.g. FS-0001,FS-0004; each shows the meeting in its chronology.", show_default=False)] = None,
    next_: Annotated[Optional[str], typer.Option("--next", help="The date of the next meeting; relative dates (+6w, in 3 months, thursday) count from this meeting's date.", show_default=False)] = None,
    child: Annotated[NamesOpt, typer.Option("--child", help="ICPC: the children it was about (default: every child with an open s47).", show_default=False)] = None,
    pre_referral: Annotated[bool, typer.Option("--pre-referral", help="The meeting was held before the referral (e.g. a LAC review while the child was already in care): recorded as history, its clock runs from its date.")] = False,
    again: AgainOpt = False,
    db: DbOpt = None,
) -> None:
    """Log a meeting about a family, with who came, the decisions and the next date; or, with no
    REF, work that is no one family's (supervision, a team meeting, training, calls with
    professionals), naming the cases it discussed.

    An ICPC logged here is also the outcome of the children's section 47 enquiries. A meeting
    from before the referral (a LAC review of a child already in care) is history: say so with
    --pre-referral. A supervision that discusses a case is management oversight of it: the
    case's record says when. A meeting booked ahead ('fscli meeting plan') of the same kind, within
    3 days, is held as this one.

    Example: fscli meeting log FS-0004 --type discharge-planning --date "thu 11am" --chair "Helen Price" --with "midwife, health visitor, parents"

    Example: fscli meeting log --type supervision --date "today 2pm" --with "Ruth Evans" --cases FS-0001,FS-0004
    """
    from fscli.cli.editor import note_text

    ctx = AppContext(db)
    when = _when(ctx, date, "--date")
    text = note_text(decisions, "--decisions") if decisions == "-" else decisions
    if ref is None:
        from fscli.services.caseless import log_caseless_meeting

        _caseless_refuses(next_=next_, child=child, pre_referral=pre_referral)
        done = write_asking_again(ctx, lambda uow, twice: log_caseless_meeting(uow, kind=kind, when=when, cases=cases or [], with_=with_ or [], chair=chair, decisions=text, where=where, again=again or twice))
        confirm(f"{done.label}: {done.line}.", done.label)
        return
    from fscli.services.contacts import log_meeting

    if cases:
        from fscli.domain.caseless import cases_with_ref_problems
        from fscli.domain.problems import check

        check(cases_with_ref_problems())
    nxt = read_date(ctx, next_, "--next", ahead=True, since=when.day)
    done = write_asking_again(ctx, lambda uow, twice: log_meeting(uow, ref, kind=kind, when=when, with_=with_ or [], chair=chair, decisions=text, next_on=nxt, children=child or [], pre_referral=pre_referral,
                                                           again=again or twice, calendar=ctx.practice.calendar, where=where))  # fmt: skip
    confirm(f"{done.label}: {done.line}.", done.label)


@meeting_app.command("plan")
def meeting_plan(
    kind: Annotated[str, typer.Option("--type", autocompletion=codes("meeting-type"), help="icpc, rcpc, core-group, cin-review, taf, court-hearing, agency-appointment, supervision, ... ('fscli codes meeting-type').", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When, e.g. 'next wed 10am', 'mon 9.30', 18/12/2026 (a weekday alone is the coming one, today included; 'next mon' is never today).", show_default=False)],
    ref: Annotated[Optional[str], typer.Argument(metavar="[REF]", help=f"The case; left out only for {', '.join(CASELESS_MEETINGS)}.", show_default=False)] = None,
    where: BookedWhereOpt = None,
    with_: InvitedOpt = None,
    note: BookingNoteOpt = None,
    every: EveryOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
) -> None:
    """Book a meeting ahead: the conference, the hearing, the appointment you go to with a parent.

    Logging the meeting when it happens ('fscli meeting log', same kind, within 3 days) holds the
    booking. Call one off with 'fscli meeting cancel B9', or move it with 'fscli meeting move B9'.

    Example: fscli meeting plan FS-0004 --type icpc --date "next wed 10am" --where "Civic Centre" --with "Kerry Hart, Jo Reed"
    """
    from fscli.services.bookings import plan_meetings

    ctx = AppContext(db)
    when = _when(ctx, date, "--date", ahead=True)
    last = read_date(ctx, until, "--until", ahead=True)
    done = ctx.write(lambda uow: plan_meetings(uow, ref, kind=kind, when=when, every=every, until=last, where=where, with_=with_ or [], note=note))
    confirm(f"{done.line[:1].upper()}{done.line[1:]}.", done.label)


@meeting_app.command("cancel")
def meeting_cancel(ident: BookingArg, by: CancelledByOpt, reason: ReasonOpt, and_later: AndLaterOpt = False, db: DbOpt = None) -> None:
    """Call off a booked meeting, saying who cancelled it and why.

    Any booking can be cancelled here or with 'fscli visit cancel': a B-number names one.

    Example: fscli meeting cancel B12 --by agency --reason "Chair off sick; to be rebooked"
    """
    _cancel(ident, by, reason, and_later, db)


@meeting_app.command("move")
def meeting_move(ident: BookingArg, date: MoveDateOpt, reason: ReasonOpt, db: DbOpt = None) -> None:
    """Move a booked meeting to another day or time; it keeps its number, and the chronology the old date.

    Example: fscli meeting move B14 --date 08/01/2027 --reason "Hearing adjourned by the court"
    """
    _move(ident, date, reason, db)


@meeting_app.command("list")
def meeting_list(
    ref: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="Only this case's meetings (left out: every case's, and your own meetings of no case).", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--from", help="From this date.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--to", help="Up to this date.", show_default=False)] = None,
    booked: Annotated[bool, typer.Option("--booked", help="Only bookings: booked, held, cancelled or missed.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Meetings held and booked, in date order; a booking shows its B-number, place and state.

    Example: fscli meeting list FS-0004 --from today --booked
    """
    from fscli.reports.meetings import meeting_list as build
    from fscli.reports.seen import listed, the_case

    ctx = AppContext(db)
    start, end = read_period(ctx, since, until, ahead=True)
    asked = {"from": start, "to": end, "booked": booked}
    show(ctx.view("meeting.list", lambda reader: build(reader, ctx.today, ref=ref, since=start, until=end, booked=booked, worker=ctx.settings.worker), the_case(ref) if ref else listed, asked), fmt, color)


def _caseless_refuses(*, next_: Optional[str], child: NamesOpt, pre_referral: bool) -> None:
    """What only a family's meeting has: the next date on its clock, the children of an ICPC, history from before a referral."""
    from fscli.domain.problems import Problem, check

    given = [name for name, value in (("--next", next_), ("--child", child), ("--pre-referral", pre_referral)) if value]
    check([Problem(name, None, "belongs to a meeting of one family: give its REF") for name in given])


@diary_app.command("add")
def diary_add(
    ref_or_text: Annotated[Optional[list[str]], typer.Argument(metavar="[REF] [TEXT]", help="An optional case reference, then the entry ('-' reads stdin; left out, your editor opens).", show_default=False)] = None,
    date: Annotated[str, typer.Option("--date", help="When it happened, e.g. 'yesterday 4pm', 'mon 9.30' (a weekday alone is the last one).")] = "now",
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="A tag (repeat); #words in the text are tags too.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Add to your diary, for a family or for yourself (an office day, supervision).

    Example: fscli diary add FS-0003 "Helped Angie move the food to the new flat #moving"
    """
    from fscli.cli.editor import note_text
    from fscli.services.contacts import add_diary

    ctx = AppContext(db)
    words = list(ref_or_text or [])
    ref = None
    if words and _looks_like_ref(ctx, words[0]):
        ref = words.pop(0)
    if len(words) > 1:
        from fscli.errors import InvalidInput

        raise InvalidInput("TEXT", " ".join(words), "give the entry as one quoted argument")
    when = _when(ctx, date, "--date")  # a mistyped date is refused before the editor opens
    text = note_text(words[0] if words else None, "TEXT", required=True, ctx=ctx)
    done = ctx.write(lambda uow: add_diary(uow, ref, text or "", when=when, tags=tag or []))
    confirm(f"{done.label}: {done.line}.", done.label)


def _looks_like_ref(ctx: AppContext, word: str) -> bool:
    """The first word is a case reference when a case has it (so a one-word entry stays an entry)."""
    if " " in word or word == "-":
        return False
    from fscli.reports.lookups import case_row

    return ctx.read(lambda reader: case_row(reader, word) is not None)


@diary_app.command("list")
def diary_list(
    ref: Annotated[Optional[str], typer.Argument(help="Only this case's entries.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--from", help="From this date.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--to", help="Up to this date.", show_default=False)] = None,
    tag: Annotated[Optional[str], typer.Option("--tag", help="Only entries with this tag.", show_default=False)] = None,
    n: Annotated[Optional[int], typer.Option("-n", help="At most this many, newest first.", min=1, show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Read your diary back, newest first.

    Example: fscli diary list --from monday --tag moving
    """
    from fscli.reports.contacts import diary_list as build
    from fscli.reports.seen import listed, the_case

    ctx = AppContext(db)
    start, end = read_period(ctx, since, until)
    asked = {"from": start, "to": end, "tag": tag is not None, "n": n}  # whether a tag was asked, not which
    show(ctx.view("diary.list", lambda reader: build(reader, ref=ref, since=start, until=end, tag=tag, limit=n), the_case(ref) if ref else listed, asked), fmt, color)


@task_app.command("add")
def task_add(
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="What you agreed to do.", show_default=False)],
    due: Annotated[str, typer.Option("--due", help="When it is due, e.g. thursday (a weekday alone is the coming one, today included), +2w, 18/12/2026.", show_default=False)],
    again: Annotated[bool, typer.Option("--again", help="Add it even though the family has an open task of the same words due that day (a second one, not the same one typed twice).")] = False,
    db: DbOpt = None,
) -> None:
    """Add a task you agreed to do for a family. The same task typed twice (same words, same due
    date, still open) is asked about on a terminal and refused in a script unless --again.

    Example: fscli task add FS-0003 "Help Angie complete the GP and nursery forms" --due thursday
    """
    from fscli.services.contacts import add_task

    ctx = AppContext(db)
    when = _when(ctx, due, "--due", ahead=True)
    done = write_asking_again(ctx, lambda uow, twice: add_task(uow, ref, text, due=when, again=again or twice))
    confirm(f"{done.label}: {done.line}.", done.label)


@task_app.command("list")
def task_list(
    mine: MineOpt = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their date.")] = False,
    done: Annotated[bool, typer.Option("--done", help="Include tasks already done.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """Tasks still to do, soonest first; overdue ones say so.

    Example: fscli task list --mine --overdue
    """
    from fscli.reports.contacts import task_list as build

    from fscli.reports.seen import listed

    ctx = AppContext(db)
    worker = worker_meant(mine, ctx.settings.worker)
    asked = {"mine": mine, "overdue": overdue, "done": done}
    show(ctx.view("task.list", lambda reader: build(reader, ctx.today, worker=worker, overdue=overdue, done=done), listed, asked), fmt, color)


@task_app.command("done")
def task_done(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The task, e.g. T7, or with its case (checked): FS-0002/T7.", show_default=False)],
    date: Annotated[str, typer.Option("--date", help="When it was done, e.g. yesterday, 'mon' (the last Monday).")] = "today",
    db: DbOpt = None,
) -> None:
    """Mark a task done; the confirmation names the family. A closed case's tasks are closed with it.

    Example: fscli task done FS-0002/T7
    """
    from fscli.services.contacts import done_task

    ctx = AppContext(db)
    on = read_date(ctx, date, "--date")
    done = ctx.write(lambda uow: done_task(uow, ident, on=on))
    confirm(f"Done: {done.line}.")


@note_app.command("correct")
def note_correct(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The note to correct: V12 (visit), D4 (diary) or M3 (meeting), or with its case (checked): FS-0002/V12.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why it needs correcting.", show_default=False)],
    text: Annotated[Optional[str], typer.Option("--text", help="The corrected text; '-' reads stdin; left out on a terminal, your editor opens.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Correct a note without rewriting it: the correction points at the original, and both stay.

    Example: fscli note correct D4 --reason "Wrong day: this was Tuesday" --text -
    """
    from fscli.cli.editor import note_text
    from fscli.services.contacts import correct_note

    ctx = AppContext(db)
    body = note_text(text, "--text", required=True, ctx=ctx)
    done = ctx.write(lambda uow: correct_note(uow, ident, body or "", reason=reason))
    confirm(f"{done.line}.", done.label)


def week(
    day: Annotated[Optional[str], typer.Argument(metavar="[DATE]", help="Any day of the week to show (default: this week).", show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own entries, and the visits and meetings you were at (your name: FSCLI_WORKER or 'worker' in the config file).")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
    db: DbOpt = None,
) -> None:
    """The week day by day across the caseload: visits done, planned, cancelled and missed, meetings booked and held (your supervision, team meetings and training too), tasks, diary.

    A task shows on the day it was done, saying how late; one still open past its date shows today.
    Another worker's entries name them.

    Example: fscli week "last week" --mine
    """
    from fscli.reports.contacts import week as build
    from fscli.reports.seen import listed

    ctx = AppContext(db)
    me = worker_meant(mine, ctx.settings.worker) or ctx.settings.worker
    when = read_date(ctx, day, "DATE") if day else ctx.today
    show(ctx.view("week", lambda reader: build(reader, when, ctx.today, me=me, mine=mine), listed, {"day": when, "mine": mine}), fmt, color)
