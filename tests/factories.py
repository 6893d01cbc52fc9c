"""Run fscli as a worker would: commands that must work (ok) or be refused (fails), and the
caseloads built through them."""

from __future__ import annotations

from fscli.errors import ExitCode


def ok(cli, *args: str, input: str = ""):
    """Run a command that must succeed; its result."""
    result = cli(*args, input=input)
    assert result.code == 0, result
    return result


def fails(cli, *args: str, code: int = ExitCode.FAILED, says: str | None = None, input: str = ""):
    """Run a command that must be refused: its exit code, exactly one line on stderr (saying
    `says`, when given) and no traceback anywhere; its result."""
    result = cli(*args, input=input)
    assert result.code == code, result
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result
    assert "Traceback" not in result.err + result.out, result
    if says is not None:
        assert says in result.err, result
    return result


def open_case(cli, family: str = "Hart family", *, referred: str = "03/11/2026", source: str = "3B", reason: str = "Health visitor worried about missed feeds", **options: str) -> str:
    args = ["case", "open", family, "--referred", referred, "--source", source, "--reason", reason]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    return ok(cli, *args).out.strip()


def add_person(cli, ref: str, name: str, role: str = "child", **options: str) -> None:
    args = ["person", "add", ref, name, "--role", role]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    ok(cli, *args)


def family(cli, family_name: str = "Hart family", *, worker: str = "Sam Okafor") -> str:
    """A small family: mum, a nine-year-old and a baby, with a school and a health visitor."""
    ref = open_case(cli, family_name, worker=worker)
    add_person(cli, ref, "Kerry Hart", "parent", dob="12/05/1992", sex="F", relationship="mother")
    add_person(cli, ref, "Lily Hart", "child", dob="14/02/2017", sex="F", relationship="daughter")
    add_person(cli, ref, "Noah Hart", "child", dob="01/09/2026", sex="M", relationship="son")
    for name, kind in (("Oakfield Primary", "school"), ("Jo Reed", "health-visitor")):
        ok(cli, "agency", "add", ref, name, "--kind", kind)
    return ref


def booking(ref: str | None, kind: str, on: str, *, booking_of: str = "meeting", at: str | None = None, worker: str | None = None, **columns) -> str:
    """A booking written straight to the database, as the booking commands would leave it (a row of
    planned_visit: `on` an ISO date, `ref` None for a meeting of no case, such as supervision). Any
    other column by name: location, invited, note, cancelled_on (ISO), cancelled_by, cancel_reason,
    held_as. Its name: 'B9'."""
    import os
    from datetime import date, datetime, timezone

    from sqlmodel import Session, select

    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.models import Case, PlannedVisit

    if isinstance(columns.get("cancelled_on"), str):
        columns["cancelled_on"] = date.fromisoformat(columns["cancelled_on"])
    database = Database(locate(os.environ["FSCLI_DB"]))

    def write(conn) -> int:
        with Session(bind=conn) as session:
            case_id = session.exec(select(Case.id).where(Case.ref == ref)).one() if ref else None
            row = PlannedVisit(case_id=case_id, booking_of=booking_of, kind=kind, on_date=date.fromisoformat(on), at_time=at, worker=worker,
                               created_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc), **columns)  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    try:
        return f"B{database.transact(write)}"
    finally:
        database.dispose()


def move(booking_name: str, on: str) -> None:
    """A booking moved to another day, as `move` leaves its row: the same row, a new date."""
    import os
    from datetime import date

    from tests.conftest import execute

    day, booking_id = date.fromisoformat(on), int(booking_name.removeprefix("B"))  # checked: the statement is built from them
    execute(os.environ["FSCLI_DB"], f"UPDATE planned_visit SET on_date = '{day.isoformat()}' WHERE id = {booking_id}")


def wilson_on_s47(cli) -> str:
    """Harper Wilson, born 02/11/2026, her section 47 enquiry begun that day; Helen Price is her social worker."""
    ref = open_case(cli, "Wilson family", referred="30/10/2026", source="3E", reason="Concerns at the birth", worker="Helen Price")
    add_person(cli, ref, "Chloe Wilson", "parent", dob="01/01/2002")
    add_person(cli, ref, "Harper Wilson", "child", dob="02/11/2026", sex="F")
    ok(cli, "s47", "start", ref, "--date", "02/11/2026", "--child", "Harper Wilson")
    return ref
