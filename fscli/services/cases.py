"""Opening, closing and reopening a case (its workers and their roles: services/allocations.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import func, select

from fscli.domain import casework, codes, naming
from fscli.domain.dates import british
from fscli.domain.problems import Problem, check
from fscli.domain.text import NOTE_MAX, TEXT_MAX, clean
from fscli.errors import RuleBroken
from fscli.services.common import case_with_ref, cleaned_text, current_allocations, find_case, worker_named
from fscli.services.episodes import check_closure, open_episode
from fscli.services.teams import refuse_unseen_new_case, team_of_new_case
from fscli.store.models import Allocation, Case, CaseEvent, Episode, Worker
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class CaseResult:
    ref: str
    family: str
    status: str
    worker: str | None = None
    on: date | None = None
    note: str | None = None


def _next_ref(uow: UnitOfWork) -> str:
    """The next FS- number, advanced inside the writing transaction so two terminals never share one."""
    while True:
        ref = naming.auto_ref(uow.next_number("case_ref"))
        if case_with_ref(uow, ref) is None:
            return ref


def open_case(uow: UnitOfWork, *, family: str, referred_on: date, source: str, reason: str, ref: str | None = None, worker: str | None = None, kind: str = "statutory", team: str | None = None) -> CaseResult:
    today = uow.clock.today()
    problems: list[Problem] = []
    family_name, found = clean(family, "FAMILY")
    problems += found
    reason_text, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    source_code, found = codes.REFERRAL_SOURCE.check(source, "--source", year=codes.census_year(referred_on))
    problems += found
    problems += casework.check_referral(referred_on, today)
    own_ref = None
    if ref is not None:
        own_ref = ref.strip()
        problems += casework.check_ref(own_ref)
    check(problems)
    refuse_unseen_new_case(uow, team, worker)
    if own_ref and case_with_ref(uow, own_ref) is not None:
        raise RuleBroken(f"--ref {own_ref!r}: a case with this reference exists already", hint=f"see 'fscli case show {own_ref}'")
    case = Case(
        ref=own_ref or _next_ref(uow), family=family_name, referred_on=referred_on, referral_source=source_code,
        reason=reason_text, status="open", created_at=uow.clock.utcnow(),
    )  # fmt: skip
    uow.session.add(case)
    uow.session.flush()
    uow.session.add(CaseEvent(case_id=case.id, kind="referred", on_date=referred_on, reason_code=source_code, recorded_by=uow.worker, recorded_at=uow.clock.utcnow()))
    # A request for Early Help starts an Early Help episode; a referral to children's social care a statutory one.
    uow.session.add(Episode(case_id=case.id, kind=kind, start_on=referred_on, referral_source=source_code if kind == "statutory" else None, created_at=uow.clock.utcnow()))
    holder = None
    if worker:
        holder = worker_named(uow, worker)
        uow.session.add(Allocation(case_id=case.id, worker_id=holder.id, start_on=referred_on, created_at=uow.clock.utcnow()))
    joined = team_of_new_case(uow, case.id, team)
    uow.audit("case.open", "case", case.id, case_id=case.id, fields=("ref", "family", "referred_on", "referral_source", "reason") + (("worker",) if holder else ()) + (("team",) if joined else ()))
    return CaseResult(case.ref, case.family, case.status, holder.name if holder else None, referred_on, joined)


def close_case(uow: UnitOfWork, ref: str, *, on: date, reason: str, summary: str | None, sustain: str | None, end_care: bool = False) -> CaseResult:
    case = find_case(uow, ref)
    problems: list[Problem] = []
    reason_code, found = codes.CLOSURE_REASON.check(reason, "--reason", year=codes.census_year(on))
    problems += found
    summary_text = cleaned_text(summary, "--summary", problems, max_len=NOTE_MAX, multiline=True)
    sustain_text = cleaned_text(sustain, "--sustain", problems, max_len=NOTE_MAX, multiline=True)
    last_reopened = uow.session.exec(select(func.max(CaseEvent.on_date)).where(CaseEvent.case_id == case.id, CaseEvent.kind == "reopened")).first()
    problems += casework.check_close(is_open=case.status == "open", ref=case.ref, referred=case.referred_on, last_reopened=last_reopened, closed_on=on, today=uow.clock.today())
    if not problems:
        problems += check_closure(uow, case, reason_code)
    check(problems)
    from fscli.services.journey import close_journey  # the statutory tables: built for a closure, not for every write of a case

    ended = close_journey(uow, case, on=on, reason=reason_code, end_care=end_care)
    for current, _ in current_allocations(uow, case):  # every worker's role ends with the case
        current.end_on = max(on, current.start_on)
        uow.session.add(current)
    case.status, case.closed_on, case.closure_reason = "closed", on, reason_code
    uow.session.add(case)
    episode = open_episode(uow, case)
    if episode is not None:
        episode.end_on, episode.end_reason = max(on, episode.start_on), reason_code
        uow.session.add(episode)
    uow.session.add(CaseEvent(case_id=case.id, kind="closed", on_date=on, reason_code=reason_code, summary=summary_text, sustain=sustain_text, recorded_by=uow.worker, recorded_at=uow.clock.utcnow()))
    uow.audit("case.close", "case", case.id, case_id=case.id, fields=("status", "closed_on", "closure_reason") + (("summary",) if summary_text else ()) + (("sustain",) if sustain_text else ()))
    label = codes.CLOSURE_REASON.label(reason_code)
    return CaseResult(case.ref, case.family, "closed", None, on, label + "".join(f"; {line}" for line in ended))


def reopen_case(uow: UnitOfWork, ref: str, *, on: date, reason: str, worker: str | None, kind: str = "statutory", source: str | None = None) -> CaseResult:
    """`source`: the new referral's source (the code set of 'case open'); without it the census
    return writes 10, unknown, and says so (domain/census.py)."""
    case = find_case(uow, ref)
    problems: list[Problem] = []
    reason_text, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    source_code = None
    if source is not None:
        if kind != "statutory":
            problems.append(Problem("--source", source, "is a statutory referral's source: an Early Help episode records none", "leave out --source with --early-help"))
        else:
            source_code, found = codes.REFERRAL_SOURCE.check(source, "--source", year=codes.census_year(on))
            problems += found
    problems += casework.check_reopen(is_open=case.status == "open", ref=case.ref, closed_on=case.closed_on, reopened_on=on, today=uow.clock.today())
    check(problems)
    case.status, case.closed_on, case.closure_reason = "open", None, None
    uow.session.add(case)
    uow.session.add(CaseEvent(case_id=case.id, kind="reopened", on_date=on, reason_text=reason_text, recorded_by=uow.worker, recorded_at=uow.clock.utcnow()))
    uow.session.add(Episode(case_id=case.id, kind=kind, start_on=on, referral_source=source_code, created_at=uow.clock.utcnow()))
    holder = None
    if worker:
        holder = worker_named(uow, worker)
        uow.session.add(Allocation(case_id=case.id, worker_id=holder.id, start_on=on, created_at=uow.clock.utcnow()))
    uow.audit("case.reopen", "case", case.id, case_id=case.id, fields=("status", "closed_on", "closure_reason") + (("worker",) if holder else ()))
    return CaseResult(case.ref, case.family, "open", holder.name if holder else None, on)



SUSTAINED_ANSWERS = ("yes", "no", "unknown")


def record_outcome_check(uow: UnitOfWork, ref: str, *, on: date, sustained: str, note: str | None) -> CaseResult:
    """The six-month check after a closure: did the change hold? It ends that check's clock."""
    from fscli.store.models import OutcomeCheck

    case = find_case(uow, ref)
    problems: list[Problem] = []
    answer = sustained.strip().lower()
    if answer not in SUSTAINED_ANSWERS:
        problems.append(Problem("--sustained", sustained, "must be yes, no or unknown", "yes: the change held; no: it did not; unknown: the family could not be reached"))
    note_text = cleaned_text(note, "--note", problems, max_len=NOTE_MAX, multiline=True)
    if case.status != "closed" or case.closed_on is None:
        raise RuleBroken(f"case {case.ref} is open: a sustained-outcome check follows a closure", hint=f"close it first with 'fscli case close {case.ref} --date DATE --reason CODE'")
    problems += casework.check_outcome_check(closed_on=case.closed_on, on=on, today=uow.clock.today())
    check(problems)
    row = OutcomeCheck(case_id=case.id, on_date=on, sustained=answer, note=note_text, recorded_by=uow.worker, created_at=uow.clock.utcnow())
    uow.session.add(row)
    uow.session.flush()
    uow.audit("case.outcome-check", "outcome_check", row.id, case_id=case.id, fields=("on_date", "sustained") + (("note",) if note_text else ()))
    return CaseResult(case.ref, case.family, "closed", None, on, f"sustained: {answer}")


def correct_case(uow: UnitOfWork, ref: str, *, family: str | None, referral_reason: str | None, reason: str, source: str | None = None) -> CaseResult:
    """Put the family's name right (misspelt at referral, a change of name), or the presenting
    reason of the referral: each old value is kept in field_history with the reason; the audit
    names the fields only."""
    from fscli.services.history import record_change

    case = find_case(uow, ref)
    problems: list[Problem] = []
    changes: dict[str, str] = {}
    for field, option, given, max_len in (("family", "--family", family, None), ("reason", "--referral-reason", referral_reason, TEXT_MAX)):
        if given is None:
            continue
        value, found = clean(given, option, **({"max_len": max_len} if max_len else {}))
        problems += found
        if not found and value == getattr(case, field):
            problems.append(Problem(option, value, f"is the family's name on {case.ref} already" if field == "family" else f"is the referral reason on {case.ref} already"))
        elif not found:
            changes[field] = value
    episode, code = _source_put_right(uow, case, source, problems) if source is not None else (None, "")
    if family is None and referral_reason is None and source is None:
        problems.append(Problem("options", None, "nothing to put right", "give --family NAME, --referral-reason TEXT or --source CODE, with --reason"))
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    check(problems)
    was = case.family
    for field, value in changes.items():
        record_change(uow, case, "case", case.id, field, getattr(case, field), value, why)
        setattr(case, field, value)
    if episode is not None:
        record_change(uow, case, "episode", episode.id, "referral_source", episode.referral_source, code, why)
        if episode.start_on == case.referred_on:  # the first referral's source is the case's too
            case.referral_source = code
        episode.referral_source = code
        uow.session.add(episode)
        changes["referral_source"] = code
    uow.session.add(case)
    fields = tuple(changes)
    uow.audit("case.update", "case", case.id, case_id=case.id, fields=fields, corrected=list(fields))
    return CaseResult(case.ref, case.family, case.status, note=was)


def _source_put_right(uow: UnitOfWork, case: Case, source: str, problems: list[Problem]) -> tuple[Episode | None, str]:
    """The statutory episode whose referral source `--source` puts right: the latest (a reopening
    records none unless given, and a source mistyped at 'case open' could not be put right)."""
    episode = uow.session.exec(select(Episode).where(Episode.case_id == case.id, Episode.kind == "statutory").order_by(Episode.start_on.desc(), Episode.id.desc())).first()  # type: ignore[union-attr]
    if episode is None:
        problems.append(Problem("--source", source, f"{case.ref} has no statutory referral (Early Help records no source)", "leave out --source"))
        return None, ""
    code, found = codes.REFERRAL_SOURCE.check(source, "--source", year=codes.census_year(episode.start_on))
    problems += found
    if not found and code == episode.referral_source:
        problems.append(Problem("--source", source, f"is the source of {case.ref}'s referral of {british(episode.start_on)} already"))
        return None, ""
    return (None, "") if found else (episode, code or "")

