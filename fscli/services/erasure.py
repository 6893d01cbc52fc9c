"""`fscli retention erase REF`: a closed case whose retention review date has come (or under an
erasure decision before it) is removed whole, in one transaction, leaving a tombstone that holds
no personal data: the erasure row (its reference, when, by whom, on what basis, how many rows) and
one audit row sealing every removal (store/seals.py: a removed record's digest is empty).

Refused: an open case; a case under a current restriction of processing (UK GDPR Art. 18); a
case with a subject access request not yet answered (erasing it then is an offence, DPA 2018
s.173); on a team server, any login but the database's owner, who alone may delete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from fscli.domain.problems import check
from fscli.domain.retention import Rules, review
from fscli.domain.text import clean
from fscli.errors import DatabaseRefused, RuleBroken
from fscli.services.common import find_case
from fscli.services.subject_access import open_requests_reaching
from fscli.store import erasure, retention_facts
from fscli.store.models import Erasure, Person, ProcessingRestriction
from fscli.store.uow import UnitOfWork

DECISION = "decision"


@dataclass(frozen=True)
class Erased:
    ref: str
    basis: str
    removed: dict[str, int] = field(default_factory=dict)  # rows removed, by table
    requests_cleared: int = 0  # answered subject access requests whose person and case were cleared

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def counts(self) -> str:
        return ", ".join(f"{table} {n}" for table, n in sorted(self.removed.items()))


def _query(uow: UnitOfWork):
    from sqlalchemy import text

    conn = uow.session.connection()
    return lambda sql, params: [dict(row) for row in conn.execute(text(sql), params).mappings()]


def _refuse_a_worker_login(uow: UnitOfWork) -> None:
    from sqlalchemy import text

    from fscli.store.login import WHO

    conn = uow.session.connection()
    if conn.dialect.name != "postgresql":
        return
    login = conn.execute(text(WHO)).mappings().one()
    if not login["maintainer"]:
        raise DatabaseRefused(f"login {login['login']} may not erase a case: on a team server only the database's owner (the migration role) removes records",
                              hint="ask whoever looks after the server to run 'fscli retention erase REF --yes' as that role")  # fmt: skip


def erase(uow: UnitOfWork, ref: str, *, rules: Rules, decision: str | None, confirmed: bool) -> Erased:
    _refuse_a_worker_login(uow)
    why = None
    if decision is not None:
        why, problems = clean(decision, "--decision", max_len=180)
        check(problems)
    case = find_case(uow, ref)
    if case.status == "open":
        raise RuleBroken(f"case {case.ref} is open: an open case is never erased", hint=f"retention counts from the closure ('fscli case close {case.ref} ...')")
    restricted = uow.session.exec(select(ProcessingRestriction).where(ProcessingRestriction.case_id == case.id, ProcessingRestriction.lifted_on.is_(None))).first()  # type: ignore[union-attr]
    if restricted is not None:
        raise RuleBroken(f"case {case.ref} is under a restriction of processing since {restricted.from_on:%d/%m/%Y}: it cannot be erased while that stands",
                         hint="the restriction is lifted first, with its reason, if erasure is what the person asked for")  # fmt: skip
    people = list(uow.session.exec(select(Person.id).where(Person.case_id == case.id)).all())
    pending = next(iter(open_requests_reaching(uow, case.id)), None)
    if pending is not None:
        raise RuleBroken(f"case {case.ref} has a subject access request received on {pending.received_on:%d/%m/%Y} not yet answered: erasing the records now would be an offence (DPA 2018 s.173)",
                         hint="answer the request first; then erase")  # fmt: skip
    facts = retention_facts.read(_query(uow), case.id)[0].facts
    found = review(facts, rules)
    if why is None:
        if found.review_on is None:
            raise RuleBroken(f"case {case.ref}: the {found.category} rule cannot give a review date ({found.why_not})", hint='erase it only under an erasure decision: --decision "WHY (no names)"')
        if not found.due(uow.clock.today()):
            assert found.rule is not None
            raise RuleBroken(f"case {case.ref} is kept until {found.review_on:%d/%m/%Y} ({found.rule.key}: {found.rule.period} from {found.rule.counts_from})",
                             hint='erase it before then only under an erasure decision: --decision "WHY (no names)"')  # fmt: skip
        assert found.rule is not None
        basis = found.rule.key
    else:
        basis = f"{DECISION}: {why}"
    conn = uow.session.connection()
    rows = erasure.rows_of_case(conn, case.id)
    removed = {table: len(ids) for table, ids in rows.items()}
    if not confirmed:
        shown = Erased(case.ref, basis, removed)
        raise RuleBroken(f"case {case.ref} would be erased ({basis.partition(':')[0]}): {shown.total} rows ({shown.counts()}); nothing was erased", hint=f"add --yes to erase it: 'fscli retention erase {case.ref} --yes'")
    cleared = erasure.forget_requests(conn, case.id, people)
    erasure.remove(conn, rows)
    if conn.dialect.name == "sqlite":
        erasure.drop_index_leftovers(conn)
    for table, ids in rows.items():
        uow.note_written(table, ids)
    uow.note_written("sar_request", cleared)
    done = Erased(case.ref, basis, removed, len(cleared))
    uow.session.add(Erasure(ref=case.ref, erased_at=uow.clock.utcnow(), erased_by=uow.worker, basis=basis, rows_removed=done.total))
    uow.session.expunge(case)
    uow.audit("erase", "case", case.id, case_id=case.id, basis=basis.partition(":")[0], rows_removed=done.total, removed=removed, requests_cleared=len(cleared))
    return done
