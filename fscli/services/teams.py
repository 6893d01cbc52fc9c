"""Teams and their members, workers' logins, the team of a case, and restricted cases.

On a team's server the grants and row security (store/server_rules.py) decide who may make each
write; a write the server refuses this login stops with exit 77 and nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from fscli.domain import teams
from fscli.domain.problems import Problem, check
from fscli.errors import DatabaseRefused, NotFound, RuleBroken, Unchanged
from fscli.services.common import current_allocations, find_case, worker_named
from fscli.store.models import CaseTeam, Team, TeamMember, Worker
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class TeamResult:
    name: str
    note: str | None = None
    hidden: tuple[str, ...] = ()  # a restriction's: the case's holders it hides the case from (or, lifted, hid)


def _called(uow: UnitOfWork, cleaned: str) -> Team | None:
    """The team of this name, matched regardless of case."""
    return next((t for t in uow.session.exec(select(Team)).all() if t.name.casefold() == cleaned.casefold()), None)


def team_named(uow: UnitOfWork, name: str, field: str = "TEAM") -> Team:
    cleaned, problems = teams.team_name(name, field)
    check(problems)
    found = _called(uow, cleaned)
    if found is not None:
        return found
    raise NotFound(f"{field} {cleaned!r}: no such team", hint="see 'fscli team list'; 'fscli team add NAME' makes one")


def add_team(uow: UnitOfWork, name: str) -> TeamResult:
    cleaned, problems = teams.team_name(name, "NAME")
    check(problems)
    if _called(uow, cleaned) is not None:
        raise RuleBroken(f"NAME {cleaned!r}: a team of this name exists already", hint="see 'fscli team list'")
    team = Team(name=cleaned, created_at=uow.clock.utcnow())
    uow.session.add(team)
    uow.session.flush()
    uow.audit("team.add", "team", team.id, fields=("name",))
    return TeamResult(team.name)


def add_worker(uow: UnitOfWork, name: str, *, login: str | None, team: str | None, manager: bool, team_role: str = "fscli_team") -> TeamResult:
    """The worker (made if new), given their login and put in a team; each part only if asked. A
    login the server has no role for yet is recorded (IT may make it later) and said so."""
    problems: list[Problem] = teams.login_problems(login) if login is not None else []
    check(problems)
    created = len(uow.created)
    worker = worker_named(uow, name, "NAME")
    made = len(uow.created) > created
    fields: list[str] = []
    told: list[str] = []
    already: list[str] = []
    if login is not None and worker.login != login:
        taken = uow.session.exec(select(Worker).where(Worker.login == login)).first()
        if taken is not None:
            raise RuleBroken(f"--login {login!r}: is {taken.name}'s login already", hint="each login is one worker's")
        worker.login = login
        uow.session.add(worker)
        fields.append("login")
        told.append(f"login {login}" + _login_missing(uow, login, team_role))
    elif login is not None:
        already.append(f"has the login {login}")
    if team is not None:
        joined = team_named(uow, team, "--team")
        role = teams.MANAGER if manager else teams.MEMBER
        member = uow.session.exec(select(TeamMember).where(TeamMember.team_id == joined.id, TeamMember.worker_id == worker.id)).first()
        if member is not None and member.role == role:
            already.append(f"is a {role} of {joined.name}")
        else:
            if member is None:
                uow.session.add(TeamMember(team_id=joined.id, worker_id=worker.id, role=role, created_at=uow.clock.utcnow()))
            else:
                member.role = role
                uow.session.add(member)
            told.append(f"{role} of {joined.name}")
            fields += ["team", "role"]
    elif manager:
        check([Problem("--manager", None, "goes with --team", "say which team they manage: --team TEAM --manager")])
    if not fields and not made:  # run again as it was: the worker, their login and team are recorded already
        raise Unchanged(f"worker {worker.name} " + (" and ".join(already) if already else "is recorded") + " already")
    uow.session.flush()
    uow.audit("worker.add", "worker", worker.id, fields=fields or ("name",))
    return TeamResult(worker.name, ", ".join(told) or None)


def _login_missing(uow: UnitOfWork, login: str, team_role: str) -> str:
    """' (no such login on this server yet: ...)' when PostgreSQL has no role of that name."""
    from sqlalchemy import text

    conn = uow.session.connection()
    if conn.dialect.name != "postgresql":
        return ""
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}).first() is not None:
        return ""
    from fscli.store.server_rules import quoted

    return f" (no such login on this server yet: the DBA runs CREATE ROLE {quoted(login)} LOGIN IN ROLE {quoted(team_role)})"


def set_case_team(uow: UnitOfWork, ref: str, team: str) -> TeamResult:
    """The team whose case it is (on a server: a member gives a case of no team theirs; a manager moves one)."""
    case = find_case(uow, ref)
    chosen = team_named(uow, team)
    _belong(uow, case.id, chosen, case.ref)
    uow.audit("case.team", "case", case.id, case_id=case.id, fields=("team",))
    return TeamResult(chosen.name, case.ref)


def _belong(uow: UnitOfWork, case_id: int, team: Team, ref: str | None = None) -> None:
    current = uow.session.exec(select(CaseTeam).where(CaseTeam.case_id == case_id)).first()
    if current is None:
        uow.session.add(CaseTeam(case_id=case_id, team_id=team.id))
        uow.session.flush()
        return
    current.team_id = team.id  # type: ignore[assignment]
    uow.session.add(current)
    _flush_or_refuse(uow, f"case {ref}: this login may not move it to another team", "a manager of the case's team moves it")


def _flush_or_refuse(uow: UnitOfWork, refused: str, hint: str) -> None:
    """A change the server's row security let this login see but not make (it matched no row):
    refused in one line, as the server's own refusals are (exit 77)."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        uow.session.flush()
    except StaleDataError:
        raise DatabaseRefused(refused, hint=f"{hint} (see the README, 'A team on PostgreSQL')") from None


def _team_named_for_new_case(uow: UnitOfWork, asked: str | None) -> str | None:
    mine: list[str] = []
    if uow.worker:
        rows = uow.session.exec(select(Team.name).join(TeamMember, TeamMember.team_id == Team.id).join(Worker, Worker.id == TeamMember.worker_id).where(Worker.name == uow.worker).order_by(Team.name)).all()  # type: ignore[arg-type]
        mine = list(rows)
    name, problems = teams.team_for_new_case(asked, mine)
    check(problems)
    return name


def refuse_unseen_new_case(uow: UnitOfWork, asked: str | None, holder: str | None) -> None:
    """`case open`, before anything is written: on a server, a case of no team held by no one is
    refused (its opener would lose it at commit)."""
    from fscli.store.login import seen_by_rows

    if seen_by_rows(uow.session.connection()):
        check(teams.unseen_new_case(_team_named_for_new_case(uow, asked), holder, seen_by_rows=True))


def team_of_new_case(uow: UnitOfWork, case_id: int, asked: str | None) -> str | None:
    """`case open`: the case joins --team, or the opening worker's one team; None if neither."""
    name = _team_named_for_new_case(uow, asked)
    if name is None:
        return None
    team = team_named(uow, name, "--team")
    _belong(uow, case_id, team)
    return team.name


def _existing_worker(uow: UnitOfWork, name: str) -> Worker:
    """A worker already known: a restriction naming a misspelt name would hide the case from everyone."""
    for worker in uow.session.exec(select(Worker)).all():
        if worker.name.casefold() == name.casefold():
            return worker
    raise NotFound(f"--to {name!r}: no such worker", hint="name workers as 'fscli team list' shows them; 'fscli worker add NAME' adds one")


def restrict(uow: UnitOfWork, ref: str, to: list[str], reason: str, *, hide_from_holders: bool = False) -> TeamResult:
    """The case restricted to the workers named. Its current holders not named are refused unless
    `hide_from_holders`; then they are named in the result's `hidden`."""
    from fscli.store.models import Restriction, RestrictionWorker  # built for the commands that use them (issue 27)

    names, why, problems = teams.restriction_problems(to, reason)
    check(problems)
    case = find_case(uow, ref)
    if uow.session.exec(select(Restriction).where(Restriction.case_id == case.id, Restriction.lifted_at.is_(None))).first():  # type: ignore[union-attr]
        raise RuleBroken(f"case {case.ref} is restricted already", hint=f"to name other workers, lift it first: fscli case unrestrict {case.ref} --reason TEXT")
    workers = [_existing_worker(uow, name) for name in names]
    left_out = teams.holders_left_out([w.name for w in workers], [w.name for _, w in current_allocations(uow, case)])
    check(teams.restriction_holder_problems(case.ref, left_out, hide=hide_from_holders))
    made = Restriction(case_id=case.id, reason=why, made_at=uow.clock.utcnow(), made_by=uow.worker)
    uow.session.add(made)
    uow.session.flush()
    for worker in workers:
        uow.session.add(RestrictionWorker(restriction_id=made.id, worker_id=worker.id))
    uow.session.flush()
    uow.audit("case.restrict", "case", case.id, case_id=case.id, fields=("reason", "workers"))
    return TeamResult(", ".join(w.name for w in workers), case.ref, hidden=tuple(left_out))


def unrestrict(uow: UnitOfWork, ref: str, reason: str) -> TeamResult:
    from fscli.domain.text import TEXT_MAX, clean
    from fscli.store.models import Restriction, RestrictionWorker

    why, problems = clean(reason, "--reason", max_len=TEXT_MAX)
    check(problems)
    case = find_case(uow, ref)
    current = uow.session.exec(select(Restriction).where(Restriction.case_id == case.id, Restriction.lifted_at.is_(None))).first()  # type: ignore[union-attr]
    if current is None:
        raise RuleBroken(f"case {case.ref} is not restricted", hint=f"see 'fscli case show {case.ref}'")
    # Only a server hides a restricted case from the lists of those it leaves out (server_rules).
    allowed = uow.session.exec(select(Worker.name).join(RestrictionWorker, RestrictionWorker.worker_id == Worker.id).where(RestrictionWorker.restriction_id == current.id)).all()  # type: ignore[arg-type]
    hid = uow.session.connection().dialect.name == "postgresql"
    returned = teams.holders_left_out(list(allowed), [w.name for _, w in current_allocations(uow, case)]) if hid else []
    current.lifted_at, current.lifted_reason = uow.clock.utcnow(), why
    uow.session.add(current)
    _flush_or_refuse(uow, f"case {case.ref}: this login may not lift its restriction", "a manager of the case's team or the oversight role lifts it")
    uow.audit("case.unrestrict", "case", case.id, case_id=case.id, fields=("lifted_reason",))
    return TeamResult(case.ref, hidden=tuple(returned))
