"""What a team's PostgreSQL server needs beyond the schema, as data: the everyday role's grants,
the functions that own the writes a worker may not make directly (the audit row), and the
row-security policies that decide who sees which case (issue 23 §1, §2).

`fscli init` and `fscli db upgrade` apply all of it, in their transaction, as the migration role
(the database owner), every time: CREATE OR REPLACE, DROP POLICY IF EXISTS, REVOKE then GRANT, so
a team cannot forget it after an upgrade. `fscli db grants` prints it for a DBA to read, and
docs/postgresql-grants.sql is that print (a test holds the two equal).

Who sees what, on a server (the owner and superusers bypass row security, for migrations and
imports):
- a worker sees the cases of their teams (team_member, as member or manager) and the cases they
  hold or share now (allocation with end_on NULL);
- a restricted case (restriction with lifted_at NULL) is seen only by the workers it names and
  by members of the oversight role (the data protection officer, the head of service), who see
  every case;
- rows of no case (a supervision meeting, a caseless booking, a diary note) are seen by their
  worker and by the managers of that worker's teams;
- a row of a child table (a goal's score, a visit's parties) is seen when its parent is.
- the staff directory (worker, team, team_member) is read by every login: a worker allocates,
  shares and restricts by a colleague's name and opens a case in their own team; it names no
  child and no case;
- an idempotency key (`--idempotency-key`, a note draft's key) is its login's own (stored with
  the login: the same key given by two workers names two writes), and is read by no worker's login: a
  script's key or its label can name a case (`FS-0002`), so a retry asks the server's
  fscli_idempotency_find(key), which answers only for a key given, and leaves out a label naming
  a case the login does not see.
Who may do what: teams, their members and the worker rows' logins are the owner's to change
(`fscli team add`, `fscli worker add --login --team` run as the migration role); a member may
give a case with no team one of their own teams (`case open`); a manager of a case's team moves
it to another team and restricts it; a restriction is lifted by a manager of the case's team
who can still see it (one it names) or by the oversight role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fscli.errors import DatabaseRefused, InvalidInput
from fscli.store import access
from fscli.store import audit as audit_rows
from fscli.store.postgresql import WRITE_LOCK

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")
DEFAULT_TEAM_ROLE = "fscli_team"
DEFAULT_OVERSIGHT_ROLE = "fscli_oversight"


@dataclass(frozen=True)
class Roles:
    team: str = DEFAULT_TEAM_ROLE  # the everyday role every worker's login is a member of
    oversight: str = DEFAULT_OVERSIGHT_ROLE  # sees every case, restricted ones too

    def __post_init__(self) -> None:
        for setting, name in (("team_role", self.team), ("oversight_role", self.oversight)):
            if not ROLE_NAME.match(name):
                raise InvalidInput(setting, name, "must be a PostgreSQL role name: lower-case letters, digits and _, not starting with a digit")


# -- the tables, by what the everyday role may do to them ---------------------------------------
# Written by functions or by the owner only: the trail, the access log, teams and logins.
NO_WRITE = ("alembic_version", "audit", "audit_row", "access_log", "access_case", "team", "team_member", "worker", "case_team", "restriction", "restriction_worker", "erasure")
# Records whose state moves on: an episode or a plan ends, a task is done, a goal closes, a planned
# visit is fulfilled, a child is born or a date put right (the old value kept in field_history).
UPDATE = ("cases", "allocation", "episode", "plan", "plan_category", "task", "goal", "planned_visit", "person", "assessment", "s47", "sar_request", "processing_restriction")
# A note is never rewritten: of a visit, meeting, diary entry, score or family detail, only its
# void mark may change (`fscli void`).
VOID_ONLY = ("contact", "meeting", "diary", "goal_score", "family_detail")
# An entry filed on the wrong family moves to the right case (`fscli move`): its case, and whom on
# that case its people and agencies are; nothing of the note itself. Row security holds both cases
# to the login's: a policy's USING is its WITH CHECK, so the row must be seen after the move too.
MOVED = {"contact": ("case_id",), "meeting": ("case_id",), "diary": ("case_id",), "contact_party": ("person_id", "agency_id"), "goal_score": ("rater_person_id",)}
# The facts fscli derives from the records: each write replaces its case's.
DERIVED = ("case_due", "plan_seen", "case_review", "goal_family", "plan_step")

# -- row security: how each table's rows reach a case ---------------------------------------------
CASE_TABLES = ("agency", "allocation", "assessment", "case_due", "case_event", "case_review", "contact", "episode", "family_detail", "goal", "goal_family", "meeting_case", "outcome_check", "person", "plan", "plan_step", "s47", "task", "access_case", "sar_request", "processing_restriction")
# A row of no case is its worker's (the column naming them) and their teams' managers'.
MAYBE_CASELESS = {"planned_visit": "worker", "meeting": "worker", "diary": "worker", "field_history": "recorded_by", "audit": "worker"}
# A child row is seen when its parent row is (the parent's own policy applies in the subquery).
CHILDREN = {"plan_category": ("plan_id", "plan"), "plan_seen": ("plan_id", "plan"), "goal_score": ("goal_id", "goal"), "contact_party": ("contact_id", "contact"), "contact_worker": ("contact_id", "contact"), "meeting_worker": ("meeting_id", "meeting"), "audit_row": ("audit_id", "audit"), "restriction_worker": ("restriction_id", "restriction")}
FUNCTIONS = ("fscli_idempotency_find(text)", "fscli_visible_cases()", "fscli_visible_workers()", "fscli_manages(integer)", "fscli_named_restrictions()", "fscli_audit_append(timestamptz, text, text, bigint, bigint, text, text[], text)", "fscli_log_access(text, text, bigint[])", "fscli_next_number(text)")

VISIBLE = "(SELECT fscli_visible_cases())"
KEY_SEPARATOR = "E'\\x1f'"  # SQL: between a login and its idempotency key (fscli_idempotency_stored)
# SQL: the session's login is a superuser or the database's owner (migrations, imports), whom the
# guards of the records leave to the seals (db check).
MAINTAINER = ("(SELECT rolsuper FROM pg_roles WHERE rolname = session_user)\n"
              "     OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user)")  # fmt: skip


def _sealed_array() -> str:
    from fscli.store.seals import SEALED

    return "ARRAY[" + ", ".join(literal(t) for t in SEALED) + "]"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _grants(roles: Roles) -> list[str]:
    team, oversight = quoted(roles.team), quoted(roles.oversight)
    both = f"{team}, {oversight}"
    writable = ", ".join(t for t in _record_tables() if t not in NO_WRITE)
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {{schema}} FROM {both}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {{schema}} FROM {both}",
        f"GRANT USAGE ON SCHEMA {{schema}} TO {both}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {{schema}} TO {both}",
        f"GRANT INSERT ON {writable} TO {team}",
        f"GRANT UPDATE ON {', '.join(UPDATE)} TO {team}",
        f"GRANT UPDATE (voided_at, void_reason) ON {', '.join(VOID_ONLY)} TO {team}",
        *(f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {team}" for table, columns in MOVED.items()),
        f"GRANT DELETE ON {', '.join(DERIVED)} TO {team}",
        # A worker named in an allocation for the first time: a name, never a login (the
        # client's INSERT names the column; row security below holds it NULL).
        f"GRANT INSERT (name, created_at, login) ON worker TO {team}",
        # The team of a case with none (case open), a move by a manager; restricting and lifting:
        # row security below says who.
        f"GRANT INSERT ON case_team, restriction, restriction_worker TO {both}",
        f"GRANT UPDATE (team_id) ON case_team TO {both}",
        f"GRANT UPDATE (lifted_at, lifted_reason) ON restriction TO {both}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {{schema}} TO {both}",
    ]


def _record_tables() -> list[str]:
    from fscli.store.schema import TABLES

    return ["alembic_version", *TABLES, *DERIVED]


def _functions(roles: Roles) -> list[str]:
    sealed_tables = _sealed_array()
    pinned = "SET search_path = {schema}, pg_temp"
    oversight = literal(roles.oversight)
    return [
        # The cases this login sees: one call per query (a hashed subplan in every policy). The
        # case opened by this session's last nextval is seen too, so `case open` can write its
        # first rows before the allocation or team that will show it to the worker exists.
        f"""CREATE OR REPLACE FUNCTION fscli_visible_cases() RETURNS SETOF integer
LANGUAGE plpgsql STABLE SECURITY DEFINER {pinned} AS $fn$
DECLARE
  me integer;
  opened integer;
BEGIN
  IF pg_has_role(session_user, {oversight}, 'MEMBER') THEN
    RETURN QUERY SELECT id FROM cases;
    RETURN;
  END IF;
  SELECT id INTO me FROM worker WHERE login = session_user;
  BEGIN
    opened := currval(pg_get_serial_sequence('cases', 'id'));
  EXCEPTION WHEN object_not_in_prerequisite_state THEN
    opened := NULL;
  END;
  RETURN QUERY
    SELECT ct.case_id FROM case_team ct JOIN team_member tm ON tm.team_id = ct.team_id
     WHERE tm.worker_id = me AND ct.case_id NOT IN (SELECT case_id FROM restriction WHERE lifted_at IS NULL)
    UNION
    SELECT a.case_id FROM allocation a
     WHERE a.end_on IS NULL AND a.worker_id = me AND a.case_id NOT IN (SELECT case_id FROM restriction WHERE lifted_at IS NULL)
    UNION
    SELECT r.case_id FROM restriction r JOIN restriction_worker rw ON rw.restriction_id = r.id
     WHERE r.lifted_at IS NULL AND rw.worker_id = me
    UNION
    SELECT opened WHERE opened IS NOT NULL;
END
$fn$""",
        # The workers whose rows of no case this login sees: their own, and as a manager their
        # teams' members'.
        f"""CREATE OR REPLACE FUNCTION fscli_visible_workers() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $fn$
  SELECT name FROM worker WHERE login = session_user
  UNION
  SELECT w.name FROM worker w JOIN team_member tm ON tm.worker_id = w.id
   WHERE tm.team_id IN (SELECT m.team_id FROM team_member m JOIN worker me ON me.id = m.worker_id WHERE me.login = session_user AND m.role = 'manager')
  UNION
  SELECT name FROM worker WHERE pg_has_role(session_user, {oversight}, 'MEMBER')
$fn$""",
        # May this login move, restrict or lift a restriction on the case: the oversight role, or
        # a manager of the case's team (or, for a case of no team, of any team).
        f"""CREATE OR REPLACE FUNCTION fscli_manages(p_case integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $fn$
  SELECT pg_has_role(session_user, {oversight}, 'MEMBER') OR EXISTS (
    SELECT 1 FROM team_member m JOIN worker me ON me.id = m.worker_id
     WHERE me.login = session_user AND m.role = 'manager'
       AND (m.team_id IN (SELECT team_id FROM case_team WHERE case_id = p_case)
            OR NOT EXISTS (SELECT 1 FROM case_team WHERE case_id = p_case)))
$fn$""",
        # The restrictions that name this login (restriction_worker): row security on restriction
        # reads them through this function, since restriction_worker's own policy reads restriction.
        f"""CREATE OR REPLACE FUNCTION fscli_named_restrictions() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $fn$
  SELECT rw.restriction_id FROM restriction_worker rw JOIN worker w ON w.id = rw.worker_id WHERE w.login = session_user
$fn$""",
        # The audit row, completed by the server: who wrote it is the login (os_user) and its
        # worker, and when is the server's clock (p_at is not used: no client dates a row, the
        # owner's laptop neither), never what the client says; the chain's hash is
        # store/audit.py's second form.
        # p_claimed is the worker a maintenance login (the owner, a superuser) with no worker row
        # writes as: FSCLI_WORKER, as on SQLite. Any other login with no worker row is refused.
        f"""CREATE OR REPLACE FUNCTION fscli_audit_append(p_at timestamptz, p_action text, p_entity text, p_entity_id bigint, p_case_id bigint, p_detail text, p_rows text[], p_claimed text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER {pinned} AS $fn$
DECLARE
  p_prev text;
  p_os_user text := session_user;
  p_worker text;
  p_written text;
  found_worker boolean;
  maintainer boolean;
  made bigint;
BEGIN
  PERFORM pg_advisory_xact_lock({WRITE_LOCK});
  maintainer := (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
    OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user);
  SELECT name, true INTO p_worker, found_worker FROM worker WHERE login = session_user;
  IF found_worker IS NULL THEN
    IF NOT maintainer THEN
      RAISE EXCEPTION 'login % is no worker of this caseload', session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    p_worker := p_claimed;
  END IF;
  p_at := transaction_timestamp();
  IF NOT maintainer THEN
    -- A worker's row is the server's in every part a worker could bend: on a case the login
    -- sees, sealing only records of the tables fscli seals (a row called from psql is still the
    -- login's own, and db check holds its seals to the records).
    IF p_case_id IS NOT NULL AND p_case_id NOT IN (SELECT fscli_visible_cases())
       -- a restriction or a move made by this very command may have just hidden the case
       AND NOT EXISTS (SELECT 1 FROM restriction WHERE case_id = p_case_id AND xmin = pg_current_xact_id()::xid)
       AND NOT EXISTS (SELECT 1 FROM case_team WHERE case_id = p_case_id AND xmin = pg_current_xact_id()::xid) THEN
      RAISE EXCEPTION 'case % is not one login % sees', p_case_id, session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_rows) AS item WHERE split_part(item, ':', 1) <> ALL ({sealed_tables})) THEN
      RAISE EXCEPTION 'a sealed row names a table fscli does not seal' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  SELECT hash INTO p_prev FROM audit ORDER BY id DESC LIMIT 1;
  p_prev := coalesce(p_prev, {literal(audit_rows.GENESIS)});
  p_written := encode(sha256(convert_to(coalesce((
    SELECT string_agg(item, E'\\n' ORDER BY split_part(item, ':', 1) COLLATE "C", split_part(item, ':', 2)::bigint)
      FROM unnest(p_rows) AS item), ''), 'UTF8')), 'hex');
  INSERT INTO audit (at, os_user, worker, action, entity, entity_id, case_id, detail, prev_hash, hash, written)
  VALUES (p_at, p_os_user, p_worker, p_action, p_entity, p_entity_id, p_case_id, p_detail, p_prev, {audit_rows.SEALED_HASH_SQL}, p_written)
  RETURNING id INTO made;
  INSERT INTO audit_row (audit_id, tbl, row_id, digest)
  SELECT made, split_part(item, ':', 1), split_part(item, ':', 2)::bigint, nullif(split_part(item, ':', 3), '')
    FROM unnest(p_rows) AS item;
  RETURN made;
END
$fn$""",
        # A key is its login's own: stored as the login, a separator no key typed can hold (a
        # control character), and the key (its digest when that would pass the column's 200
        # characters), so Sam's key 'k' is never Priya's. A key stored before keys were per login
        # is still found (the retry of a write made before the upgrade), after the login's own.
        f"""CREATE OR REPLACE FUNCTION fscli_idempotency_stored(p_key text) RETURNS text
LANGUAGE sql STABLE {pinned} AS $fn$
  SELECT session_user || {KEY_SEPARATOR} || CASE WHEN length(session_user) + 1 + length(p_key) <= 200 THEN p_key
                                                ELSE 'sha256:' || encode(sha256(convert_to(p_key, 'UTF8')), 'hex') END
$fn$""",
        "REVOKE ALL ON FUNCTION fscli_idempotency_stored(text) FROM PUBLIC",
        # Every key written is stored as its login's; the owner's restore of a backup keeps the
        # keys as they were stored.
        f"""CREATE OR REPLACE FUNCTION fscli_idempotency_owned() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {pinned} AS $fn$
BEGIN
  IF position({KEY_SEPARATOR} IN NEW.key) = 0 OR NOT ({MAINTAINER}) THEN
    NEW.key := fscli_idempotency_stored(NEW.key);
  END IF;
  RETURN NEW;
END
$fn$""",
        "REVOKE ALL ON FUNCTION fscli_idempotency_owned() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS fscli_key_owned ON idempotency_key",
        "CREATE TRIGGER fscli_key_owned BEFORE INSERT ON idempotency_key FOR EACH ROW EXECUTE FUNCTION fscli_idempotency_owned()",
        # A key already used (store/uow.py), for the one key asked: what a retry must know, the
        # label (a case's reference) left out when it names a case this login does not see.
        f"""CREATE OR REPLACE FUNCTION fscli_idempotency_find(p_key text)
RETURNS TABLE (command text, created_at timestamptz, label text)
LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $fn$
  SELECT k.command, k.created_at,
         CASE WHEN NOT EXISTS (SELECT 1 FROM cases c WHERE upper(c.ref) = upper(split_part(k.label, '/', 1))
                                 AND c.id NOT IN (SELECT fscli_visible_cases())) THEN k.label END
    FROM idempotency_key k WHERE k.key IN (fscli_idempotency_stored(p_key), p_key)
   ORDER BY k.key = p_key LIMIT 1
$fn$""",
        # the access log's writer (store/access.py): a worker's login logs only cases it sees
        access.ACCESS_SQL.strip().rstrip(";").replace("{maintainer}", MAINTAINER).replace("{detail_key}", access.DETAIL_KEY).replace("{detail_word}", access.DETAIL_WORD),
        # The next FS- or child number: the counter itself is hidden from a worker's login (row
        # security), since its values count the cases and children the login may not see.
        f"""CREATE OR REPLACE FUNCTION fscli_next_number(p_name text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {pinned} AS $fn$
DECLARE
  next_value integer;
BEGIN
  UPDATE counter SET value = value + 1 WHERE name = p_name RETURNING value INTO next_value;
  IF next_value IS NULL THEN
    RAISE EXCEPTION 'no counter %', p_name;
  END IF;
  RETURN next_value;
END
$fn$""",
        *[f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC" for function in FUNCTIONS],
        *[f"GRANT EXECUTE ON FUNCTION {function} TO {quoted(roles.team)}, {quoted(roles.oversight)}" for function in FUNCTIONS],
    ]


def _policy(table: str, name: str, *, command: str = "ALL", using: str | None = None, check: str | None = None, to: str = "PUBLIC") -> list[str]:
    clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
    return [f"DROP POLICY IF EXISTS {name} ON {table}", f"CREATE POLICY {name} ON {table} FOR {command} TO {to}{clauses}"]


def _policies(roles: Roles) -> list[str]:
    made: list[str] = []

    def on(table: str) -> None:
        # The oversight role reads every row by a policy of its own, which the planner folds to
        # no test at all (an OR with the workers' test cost its reads 1.8-3.6x, and the workers'
        # 2x when written into one policy: benchmarks/backends.py --row-security).
        made.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        made.extend(_policy(table, "fscli_oversight", command="SELECT", using="true", to=quoted(roles.oversight)))
    on("cases")
    made += _policy("cases", "fscli_seen", using=f"id IN {VISIBLE}")
    for table in CASE_TABLES:
        on(table)
        made += _policy(table, "fscli_seen", using=f"case_id IN {VISIBLE}")
    for table, column in MAYBE_CASELESS.items():
        on(table)
        made += _policy(table, "fscli_seen", using=f"case_id IN {VISIBLE} OR (case_id IS NULL AND {column} IN (SELECT fscli_visible_workers()))")
    for table, (column, parent) in CHILDREN.items():
        if table == "restriction_worker":
            continue
        on(table)
        made += _policy(table, "fscli_seen", using=f"{column} IN (SELECT id FROM {parent})")
    # The team of a case: seen with the case; set by a member of that team when the case has none;
    # moved by a manager of the case's team.
    on("case_team")
    made += _policy("case_team", "fscli_seen", command="SELECT", using=f"case_id IN {VISIBLE}")
    made += _policy("case_team", "fscli_given", command="INSERT", check=f"case_id IN {VISIBLE} AND (fscli_manages(case_id) OR team_id IN (SELECT m.team_id FROM team_member m JOIN worker w ON w.id = m.worker_id WHERE w.login = session_user))")
    made += _policy("case_team", "fscli_moved", command="UPDATE", using="fscli_manages(case_id)", check="true")
    # A restriction: made and lifted by whoever manages the case (fscli_manages); seen by them and
    # by the workers it names, never by those it hid the case from, once lifted (its reason can be
    # about them: "Mother is Sam's cousin"). The owner bypasses row security.
    on("restriction")
    made += _policy("restriction", "fscli_seen", command="SELECT", using="id IN (SELECT fscli_named_restrictions()) OR fscli_manages(case_id)")
    made += _policy("restriction", "fscli_made", command="INSERT", check="fscli_manages(case_id)")
    made += _policy("restriction", "fscli_lifted", command="UPDATE", using="fscli_manages(case_id)", check="fscli_manages(case_id)")
    on("restriction_worker")
    made += _policy("restriction_worker", "fscli_seen", command="SELECT", using="restriction_id IN (SELECT id FROM restriction)")
    made += _policy("restriction_worker", "fscli_named", command="INSERT", check="restriction_id IN (SELECT id FROM restriction WHERE fscli_manages(case_id))")
    on("worker")
    made += _policy("worker", "fscli_seen", command="SELECT", using="true")
    made += _policy("worker", "fscli_named", command="INSERT", check="login IS NULL")
    for table in ("team", "team_member"):  # the staff directory: read by all, written by the owner
        on(table)
        made += _policy(table, "fscli_seen", command="SELECT", using="true")
    on("idempotency_key")  # kept by every write that gives a key; read through fscli_idempotency_find
    made += _policy("idempotency_key", "fscli_kept", command="INSERT", check="true")
    on("counter")  # no policy but the oversight role's: a worker's login numbers through fscli_next_number
    on("access_log")
    made += _policy("access_log", "fscli_seen", using="os_user = session_user OR id IN (SELECT access_id FROM access_case)")
    return made


def _guards() -> list[str]:
    """No record changed by a worker's login without an audit row in the same transaction: what
    fscli writes always has one (store/uow.py), so a change typed in psql is refused at COMMIT
    unless the login also signs it with fscli_audit_append, in its own name. The newest audit row
    is this transaction's when it wrote one (writes queue on the advisory lock): one index probe
    a row. The owner and superusers (migrations, imports) are left to the seals (db check)."""
    from fscli.store.seals import SEALED

    made = [f"""CREATE OR REPLACE FUNCTION fscli_written_with_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
BEGIN
  IF {MAINTAINER} THEN
    RETURN NULL;
  END IF;
  IF (SELECT xmin FROM audit ORDER BY id DESC LIMIT 1) IS DISTINCT FROM pg_current_xact_id()::xid THEN
    RAISE EXCEPTION 'a record of % was changed with no audit row: only fscli changes records', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$fn$""", "REVOKE ALL ON FUNCTION fscli_written_with_audit() FROM PUBLIC"]
    for table in SEALED:
        made += [
            f"DROP TRIGGER IF EXISTS fscli_audited ON {table}",
            f"CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit()",
        ]
    return made


# Restriction of processing (domain/processing.py): the records a worker's login may not change
# while their case, or the person they are about, is under a current restriction. Not the
# restriction itself, nor a subject access request (recorded for a restricted person too), nor who
# may see a case (teams and restrictions of issue 23), nor the trail.
NOT_HELD = ("processing_restriction", "sar_request", "erasure", "team", "team_member", "worker", "case_team", "restriction", "restriction_worker")


def _held_trigger_args(table: str) -> tuple[str, str, str]:
    """How the guard finds a row's case and person: ('case_id' or 'id' for cases, '', person
    column), or for a child row (parent table, its key column, person column)."""
    from fscli.domain.processing import PERSON_COLUMN

    person = PERSON_COLUMN.get(table, "")
    if table in CHILDREN:
        column, parent = CHILDREN[table]
        return parent, column, person
    return ("id" if table == "cases" else "case_id"), "", person


def _processing_guard() -> list[str]:
    """A change by a worker's login to a record of a case, or about a person, under a current
    restriction of processing is refused at COMMIT (a change typed in psql too): fscli's own guard
    (store/processing.py) refuses it first, in words. A restriction this transaction made, or
    lifted, does not hold it; the owner and superusers are left out, as for fscli_audited."""
    from fscli.domain.processing import CURRENT_SQL
    from fscli.store.seals import SEALED

    made = [f"""CREATE OR REPLACE FUNCTION fscli_processing_held() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $fn$
DECLARE
  item jsonb;
  case_key bigint;
  person_key bigint;
  held record;
BEGIN
  IF {MAINTAINER} THEN
    RETURN NULL;
  END IF;
  FOREACH item IN ARRAY ARRAY[to_jsonb(OLD), to_jsonb(NEW)] LOOP
    CONTINUE WHEN item IS NULL;
    IF TG_ARGV[1] = '' THEN
      case_key := (item ->> TG_ARGV[0])::bigint;
    ELSE
      EXECUTE format('SELECT case_id FROM %I WHERE id = $1', TG_ARGV[0]) INTO case_key USING (item ->> TG_ARGV[1])::bigint;
    END IF;
    person_key := CASE WHEN TG_ARGV[2] <> '' THEN (item ->> TG_ARGV[2])::bigint END;
    SELECT c.ref, pr.from_on, pr.person_id INTO held FROM processing_restriction pr JOIN cases c ON c.id = pr.case_id
     WHERE pr.{CURRENT_SQL} AND pr.xmin IS DISTINCT FROM pg_current_xact_id()::xid
       AND ((pr.case_id = case_key AND pr.person_id IS NULL) OR pr.person_id = person_key)
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION '% of case % is under restriction of processing since %: lift it first with fscli processing lift',
        CASE WHEN held.person_id IS NULL THEN 'a record' ELSE 'a record of a person' END, held.ref, to_char(held.from_on, 'DD/MM/YYYY')
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
  RETURN NULL;
END
$fn$""", "REVOKE ALL ON FUNCTION fscli_processing_held() FROM PUBLIC"]
    for table in SEALED:
        if table in NOT_HELD:
            continue
        args = ", ".join(literal(arg) for arg in _held_trigger_args(table))
        made += [
            f"DROP TRIGGER IF EXISTS fscli_processing_held ON {table}",
            f"CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held({args})",
        ]
    return made


def statements(roles: Roles, schema: str = "public") -> list[str]:
    """Every statement, in order, with the schema named (where the tables are)."""
    return [s.replace("{schema}", quoted(schema)) for s in [*_grants(roles), *_functions(roles), *_guards(), *_processing_guard(), *_policies(roles)]]


def script(roles: Roles = Roles()) -> str:
    """The statements as one SQL file, for a DBA to read (`fscli db grants`)."""
    head = "-- What fscli init and fscli db upgrade apply on a team's PostgreSQL server (fscli/store/server_rules.py).\n-- Printed by `fscli db grants`; applied by fscli itself, as the migration role, at every init and upgrade.\n"
    return head + "".join(f"\n{statement};\n" for statement in statements(roles))


# -- applying them ---------------------------------------------------------------------------
def missing_roles(conn, roles: Roles) -> list[str]:
    wanted = [roles.team, roles.oversight]
    found = {name for (name,) in conn.exec_driver_sql("SELECT rolname FROM pg_roles WHERE rolname = ANY(%(names)s)", {"names": wanted}).fetchall()}
    return [name for name in wanted if name not in found]


def apply(conn, roles: Roles) -> None:
    """Apply every statement on `conn` (a SQLAlchemy connection in the migration's transaction),
    refusing in one line when a role they name does not exist."""
    missing = missing_roles(conn, roles)
    if missing:
        create = "; ".join(f"CREATE ROLE {quoted(name)} NOLOGIN" for name in missing)
        raise DatabaseRefused(f"the server has no role {missing[0]!r} for fscli's grants (setting {'team_role' if missing[0] == roles.team else 'oversight_role'})", hint=f"as a superuser run: {create}; then run this again")
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    for statement in statements(roles, schema):
        conn.exec_driver_sql(statement.replace("%", "%%"))


def append_audit(conn, *, at: datetime, action: str, entity: str, entity_id: int | None, case_id: int | None, detail: str, rows: Iterable[tuple[str, int, str | None]], claimed: str | None) -> int:
    """The command's audit row, appended by the server's function (who is the login's)."""
    items = [audit_rows.written_line(*entry) for entry in sorted(rows, key=lambda e: (e[0], e[1]))]
    found = conn.exec_driver_sql(
        "SELECT fscli_audit_append(%(at)s, %(action)s, %(entity)s, %(entity_id)s, %(case_id)s, %(detail)s, %(rows)s::text[], %(claimed)s)",
        {"at": at, "action": action, "entity": entity, "entity_id": entity_id, "case_id": case_id, "detail": detail, "rows": items, "claimed": claimed},
    )
    return found.scalar_one()
