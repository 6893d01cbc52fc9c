"""`fscli db check`: integrity, the tables, foreign keys, the search index, the derived facts and
the audit chain, with every problem found reported, not just the first (reliability.md §1.3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fscli.errors import FscliError
from fscli.store.anchors import Anchor
from fscli.store.db import Database
from fscli.store.location import lost_at_restart
from fscli.store.schema import HEAD, TABLES
from fscli.store.sqlite import integrity


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checks: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # not damage, but a risk to the records

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: Database, anchors: list[Anchor] = (), key: bytes | None = None) -> CheckReport:  # type: ignore[assignment]
    """Integrity, foreign keys, the audit chain and the records against their seals; every
    problem found, not just the first.

    With anchors (store/anchors.py: an audit row's id and hash, from an export's manifest or kept
    by the team), each row must still be there, unchanged: rewriting the whole tail of the chain
    leaves a chain that verifies. With `key`, each anchor's signature is checked too.
    """
    from fscli.store.audit import verify_chain

    report = CheckReport()
    db.check_path()
    if db.location.is_sqlite:
        # Integrity first: a damaged page can hide the schema revision itself, and a damaged
        # caseload must be reported as damaged, never as "not set up yet".
        report.checks.append(("encryption", "SQLCipher 4" if db.encrypted else "none: a plain file ('fscli db encrypt' encrypts it)"))
        exposed = privacy_warning(db)
        report.checks.append(("privacy", "readable by you only" if exposed is None else "readable by others"))
        if exposed is not None:
            report.warnings.append(exposed)
        lost = lost_at_restart(db.path, db.location.named)  # tmpfs: the caseload goes at the next restart
        if lost is not None:
            report.warnings.append(lost)
        found = integrity(db.path, db.key)
        report.checks.append(("integrity", "ok" if found == ["ok"] else f"{len(found)} problems"))
        if found != ["ok"]:
            report.problems += [f"integrity: {line}" for line in found[:20]]
            return report
    state = db.schema_state()
    if state.revision is None or state.newer:
        db.require_current(state.revision)
    report.checks.insert(0, ("schema", f"{state.revision}" + ("" if state.current else f" (older than {HEAD}: run 'fscli db upgrade')")))
    try:
        with db.reader(check_schema=False) as reader:
            if state.current:
                missing = _missing_tables(reader)
                report.checks.append(("tables", "all there" if not missing else f"{len(missing)} missing"))
                if missing:
                    report.problems += [f"tables: {table} is missing, though the schema is {state.revision} (damaged, or changed by another tool)" for table in missing]
                    return report
            if db.location.is_sqlite:
                broken = reader.rows("PRAGMA foreign_key_check")
                report.checks.append(("foreign keys", "ok" if not broken else f"{len(broken)} rows point at missing records"))
                report.problems += [f"foreign key: {b['table']} row {b['rowid']} points at a missing {b['parent']}" for b in broken[:20]]
                if state.current:
                    from fscli.store import search_index

                    summary, found = search_index.problems(reader)
                    report.checks.append(("search index", summary))
                    report.problems += found
            if state.current:
                from fscli.store import derived

                summary, found = derived.out_of_step(reader)
                report.checks.append(("derived facts", summary))
                report.problems += found
                from fscli.store import cross_case

                summary, found = cross_case.problems(reader)
                report.checks.append(("records and their case", summary))
                report.problems += found
            written = ", written" if state.current else ""  # the seal of the records each row wrote (store/seals.py)
            rows = reader.rows(f"SELECT id, at, os_user, worker, action, entity, entity_id, case_id, detail, prev_hash, hash{written} FROM audit ORDER BY id")  # noqa: S608 - constant SQL
            # On a team server row security shows a worker only the trail of the cases they see:
            # the chain and the seals are the owner's to walk.
            partial = not db.location.is_sqlite and bool(reader.scalar("SELECT row_security_active('audit')"))
            if state.current and not partial:
                _check_seals(reader, rows, report)
    except FscliError:
        raise
    except Exception as error:  # a corrupt page surfaces here as a driver error
        report.problems.append(f"reading the records failed: {error}")
        return report
    checked, broken_at = verify_chain(rows)
    if partial:
        report.checks.append(("audit chain", f"not walked: this login sees {len(rows)} of its rows (row security); run 'fscli db check' as the database's owner"))
        report.warnings.append("this login sees only its cases: the audit chain and the seals of the records were not checked; the database's owner runs 'fscli db check' for the whole")
        broken_at = None
    else:
        report.checks.append(("audit chain", f"{checked} rows verified" if broken_at is None else f"broken at row {broken_at}"))
        from fscli.store.audit_times import went_back

        summary, found = went_back(rows)
        report.checks.append(("audit times", summary))
        report.warnings += found
    if broken_at is not None:
        report.problems.append(f"audit: the chain breaks at row {broken_at}: a row was edited or removed")
    if anchors:
        from fscli.store.anchors import verify

        wanted = {anchor.id for anchor in anchors}
        checks, problems, warnings = verify({r["id"]: r for r in rows if r["id"] in wanted}, list(anchors), key)
        report.checks += checks
        report.problems += problems
        report.warnings += warnings
    return report


def _check_seals(reader, rows: list[dict], report: CheckReport) -> None:
    """The guard triggers, each audit row's seal against its audit_row rows, and every record
    against its latest seal (store/seal_check.py)."""
    from fscli.store import seal_check

    summary, found = seal_check.missing_guards(reader)
    report.checks.append(("guard triggers", summary))
    report.problems += found
    found = seal_check.unmatched_seals(reader, {row["id"]: row["written"] for row in rows})
    report.checks.append(("audit seals", "each matches the records it names" if not found else f"{len(found)} do not match"))
    report.problems += found
    summary, found = seal_check.tampered_records(reader, {row["id"]: row for row in rows})
    report.checks.append(("records", summary))
    report.problems += found


def privacy_warning(db: Database) -> str | None:
    """One line when others than the worker may read the caseload file (or its -wal or -shm)."""
    from fscli.store.sqlite import readable_by_others

    mode = readable_by_others(db.path)
    if mode is None:
        return None
    return f"{db.path} can be read by other users of this computer (mode {mode:04o}): run 'chmod 600 {db.path}*' to make it yours alone"


def _missing_tables(reader) -> list[str]:
    from fscli.store.derived import DERIVED_TABLES

    present = reader.table_names()
    return [table for table in (*TABLES, *DERIVED_TABLES) if table not in present]
