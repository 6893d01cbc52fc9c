"""The access log: who looked at which cases' records, when, with which view (issue 23 §3).

Every view of a case's records (case show, chronology, journey, a search's results, an export, a
backup, ...) writes one `access_log` row and an `access_case` row per case shown, on the same
reader and in the same transaction as the view: the row is there if and only if the view was
produced. `record` is the one place the rows are written; the views say only what they showed.

The detail is what was asked, never a value of the record: the view's options, the number of
results, an export's format and the kind of its destination.

- SQLite: the reader of a logged view begins IMMEDIATE (store/sqlite.py), so the view's one
  transaction can write its row without being sent back by a writer that committed meanwhile;
  fscli writes the row itself, with the worker configured, as the audit does on a worker's file.
  A file this user may only read refuses the view (a log that silently misses views is
  worthless); a writer holding the file past the busy timeout is exit 75, as for every write.
  It is off unless the setting `access_log` turns it on: the README says why and what it costs.
- PostgreSQL: always on. The row is written by the server, in the view's read-write REPEATABLE
  READ transaction, through `fscli_log_access` (ACCESS_SQL), a SECURITY DEFINER function owned by
  the migration role: the everyday role needs no INSERT on the tables, and the client names
  neither who looked nor when. `at` is the server's transaction time (not a pinned FSCLI_TODAY:
  a client must not be able to date a view), `os_user` is session_user, and `worker` the worker
  whose login is session_user.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

# The server's half: one of the team server's rules (store/server_rules.py), which `fscli init` and
# `fscli db upgrade` apply on PostgreSQL as the migration role, so the function is that role's.
# {schema} is the schema fscli's tables are in, quoted: a SECURITY DEFINER function must not look
# names up where the caller could put its own.
ACCESS_SQL = """
CREATE OR REPLACE FUNCTION fscli_log_access(p_view text, p_detail text, p_cases bigint[])
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {schema}, pg_temp
AS $fn$
DECLARE
    v_id bigint;
    v_detail jsonb;
BEGIN
    IF p_view IS NULL OR p_view = '' THEN
        RAISE EXCEPTION 'fscli_log_access: a view must be named';
    END IF;
    IF NOT ({maintainer}) THEN
        -- A worker's login logs only what fscli logs: cases it sees, and a detail of the shape
        -- detail_text writes (options and counts: short words, never a sentence about a child).
        IF EXISTS (SELECT 1 FROM unnest(coalesce(p_cases, '{}'::bigint[])) AS c WHERE c NOT IN (SELECT fscli_visible_cases())) THEN
            RAISE EXCEPTION 'fscli_log_access: a case named is not one login % sees', session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        BEGIN
            v_detail := coalesce(p_detail, '{}')::jsonb;
        EXCEPTION WHEN others THEN
            v_detail := NULL;
        END;
        IF v_detail IS NULL OR jsonb_typeof(v_detail) <> 'object'
           OR EXISTS (SELECT 1 FROM jsonb_each(v_detail) AS e
                       WHERE e.key !~ '{detail_key}'
                          OR jsonb_typeof(e.value) NOT IN ('number', 'boolean', 'null', 'string')
                          OR (jsonb_typeof(e.value) = 'string' AND (e.value #>> '{}') !~ '{detail_word}')) THEN
            RAISE EXCEPTION 'fscli_log_access: the detail is not what fscli writes (options and counts)' USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    INSERT INTO access_log (at, os_user, worker, view, detail)
    VALUES (transaction_timestamp(), session_user,
            (SELECT w.name FROM worker w WHERE w.login = session_user),
            p_view, coalesce(p_detail, '{}'))
    RETURNING id INTO v_id;
    INSERT INTO access_case (access_id, case_id)
    SELECT DISTINCT v_id, c FROM unnest(coalesce(p_cases, '{}'::bigint[])) AS c;
    RETURN v_id;
END
$fn$;
"""
# What a view's detail may hold on a server, as detail_text writes it: option names, and values that
# are numbers, true/false or one short word (a format, a date, a year).
DETAIL_KEY = r"^[a-z_]{1,24}$"
DETAIL_WORD = r"^[A-Za-z0-9_.:/+-]{0,24}$"
# The team's roles may call it (store/server_rules.py grants EXECUTE): it writes only who the
# caller is, now, and the cases named, which must exist (a foreign key); as its owner's, it writes
# past row security.


EVERY_CASE = "SELECT id FROM cases"  # the cases an export or a backup holds


def every_case(reader: Any) -> list[int]:
    """Every case in the snapshot a reader sees: what an export or a backup showed."""
    return [row[0] for row in reader.tuples(EVERY_CASE)]


def detail_text(**asked: object) -> str:
    """What the view was asked, as JSON: options and counts, never a value of the record."""
    return json.dumps({k: v for k, v in asked.items() if v is not None}, sort_keys=True, separators=(",", ":"), default=str)


def record(reader: Any, *, view: str, detail: dict[str, object], case_ids: Iterable[int], clock: Any, worker: str | None) -> None:
    """Write the access row of one view and its cases on `reader`, inside the view's transaction."""
    cases = sorted({int(i) for i in case_ids})
    text = detail_text(**detail)
    if reader.kind == "postgresql":
        reader.scalar("SELECT fscli_log_access(:view, :detail, CAST(:cases AS bigint[]))", {"view": view, "detail": text, "cases": cases})
        return
    from fscli.store.stamps import instant_text, os_user

    cursor = reader.conn.execute(
        "INSERT INTO access_log (at, os_user, worker, view, detail) VALUES (:at, :os_user, :worker, :view, :detail)",
        {"at": instant_text(clock.utcnow()), "os_user": os_user(), "worker": worker, "view": view, "detail": text},
    )
    access_id = cursor.lastrowid
    reader.conn.executemany("INSERT INTO access_case (access_id, case_id) VALUES (?, ?)", [(access_id, case_id) for case_id in cases])
