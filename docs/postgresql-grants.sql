-- What fscli init and fscli db upgrade apply on a team's PostgreSQL server (fscli/store/server_rules.py).
-- Printed by `fscli db grants`; applied by fscli itself, as the migration role, at every init and upgrade.

REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "fscli_team", "fscli_oversight";

REVOKE ALL ON ALL SEQUENCES IN SCHEMA "public" FROM "fscli_team", "fscli_oversight";

GRANT USAGE ON SCHEMA "public" TO "fscli_team", "fscli_oversight";

GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "fscli_team", "fscli_oversight";

GRANT INSERT ON cases, case_event, person, agency, allocation, episode, assessment, s47, plan, plan_category, goal, goal_score, contact, contact_party, contact_worker, meeting, meeting_worker, meeting_case, planned_visit, diary, task, outcome_check, family_detail, field_history, sar_request, processing_restriction, idempotency_key, counter, case_due, plan_seen, case_review, goal_family, plan_step TO "fscli_team";

GRANT UPDATE ON cases, allocation, episode, plan, plan_category, task, goal, planned_visit, person, assessment, s47, sar_request, processing_restriction TO "fscli_team";

GRANT UPDATE (voided_at, void_reason) ON contact, meeting, diary, goal_score, family_detail TO "fscli_team";

GRANT UPDATE (case_id) ON contact TO "fscli_team";

GRANT UPDATE (case_id) ON meeting TO "fscli_team";

GRANT UPDATE (case_id) ON diary TO "fscli_team";

GRANT UPDATE (person_id, agency_id) ON contact_party TO "fscli_team";

GRANT UPDATE (rater_person_id) ON goal_score TO "fscli_team";

GRANT DELETE ON case_due, plan_seen, case_review, goal_family, plan_step TO "fscli_team";

GRANT INSERT (name, created_at, login) ON worker TO "fscli_team";

GRANT INSERT ON case_team, restriction, restriction_worker TO "fscli_team", "fscli_oversight";

GRANT UPDATE (team_id) ON case_team TO "fscli_team", "fscli_oversight";

GRANT UPDATE (lifted_at, lifted_reason) ON restriction TO "fscli_team", "fscli_oversight";

GRANT USAGE ON ALL SEQUENCES IN SCHEMA "public" TO "fscli_team", "fscli_oversight";

CREATE OR REPLACE FUNCTION fscli_visible_cases() RETURNS SETOF integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
DECLARE
  me integer;
  opened integer;
BEGIN
  IF pg_has_role(session_user, 'fscli_oversight', 'MEMBER') THEN
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
$fn$;

CREATE OR REPLACE FUNCTION fscli_visible_workers() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
  SELECT name FROM worker WHERE login = session_user
  UNION
  SELECT w.name FROM worker w JOIN team_member tm ON tm.worker_id = w.id
   WHERE tm.team_id IN (SELECT m.team_id FROM team_member m JOIN worker me ON me.id = m.worker_id WHERE me.login = session_user AND m.role = 'manager')
  UNION
  SELECT name FROM worker WHERE pg_has_role(session_user, 'fscli_oversight', 'MEMBER')
$fn$;

CREATE OR REPLACE FUNCTION fscli_manages(p_case integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
  SELECT pg_has_role(session_user, 'fscli_oversight', 'MEMBER') OR EXISTS (
    SELECT 1 FROM team_member m JOIN worker me ON me.id = m.worker_id
     WHERE me.login = session_user AND m.role = 'manager'
       AND (m.team_id IN (SELECT team_id FROM case_team WHERE case_id = p_case)
            OR NOT EXISTS (SELECT 1 FROM case_team WHERE case_id = p_case)))
$fn$;

CREATE OR REPLACE FUNCTION fscli_named_restrictions() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
  SELECT rw.restriction_id FROM restriction_worker rw JOIN worker w ON w.id = rw.worker_id WHERE w.login = session_user
$fn$;

CREATE OR REPLACE FUNCTION fscli_audit_append(p_at timestamptz, p_action text, p_entity text, p_entity_id bigint, p_case_id bigint, p_detail text, p_rows text[], p_claimed text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
DECLARE
  p_prev text;
  p_os_user text := session_user;
  p_worker text;
  p_written text;
  found_worker boolean;
  maintainer boolean;
  made bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(440022559849);
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
    IF EXISTS (SELECT 1 FROM unnest(p_rows) AS item WHERE split_part(item, ':', 1) <> ALL (ARRAY['agency', 'allocation', 'assessment', 'case_event', 'case_team', 'cases', 'contact', 'contact_party', 'contact_worker', 'diary', 'episode', 'erasure', 'family_detail', 'field_history', 'goal', 'goal_score', 'meeting', 'meeting_case', 'meeting_worker', 'outcome_check', 'person', 'plan', 'plan_category', 'planned_visit', 'processing_restriction', 'restriction', 'restriction_worker', 's47', 'sar_request', 'task', 'team', 'team_member', 'worker'])) THEN
      RAISE EXCEPTION 'a sealed row names a table fscli does not seal' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  SELECT hash INTO p_prev FROM audit ORDER BY id DESC LIMIT 1;
  p_prev := coalesce(p_prev, '0000000000000000000000000000000000000000000000000000000000000000');
  p_written := encode(sha256(convert_to(coalesce((
    SELECT string_agg(item, E'\n' ORDER BY split_part(item, ':', 1) COLLATE "C", split_part(item, ':', 2)::bigint)
      FROM unnest(p_rows) AS item), ''), 'UTF8')), 'hex');
  INSERT INTO audit (at, os_user, worker, action, entity, entity_id, case_id, detail, prev_hash, hash, written)
  VALUES (p_at, p_os_user, p_worker, p_action, p_entity, p_entity_id, p_case_id, p_detail, p_prev, encode(sha256(convert_to(concat_ws(chr(31), '2', p_prev, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00', CASE WHEN p_os_user IS NULL THEN 'N' ELSE 'V' || p_os_user END, CASE WHEN p_worker IS NULL THEN 'N' ELSE 'V' || p_worker END, p_action, p_entity, CASE WHEN p_entity_id IS NULL THEN 'N' ELSE 'V' || p_entity_id END, CASE WHEN p_case_id IS NULL THEN 'N' ELSE 'V' || p_case_id END, p_detail, p_written), 'UTF8')), 'hex'), p_written)
  RETURNING id INTO made;
  INSERT INTO audit_row (audit_id, tbl, row_id, digest)
  SELECT made, split_part(item, ':', 1), split_part(item, ':', 2)::bigint, nullif(split_part(item, ':', 3), '')
    FROM unnest(p_rows) AS item;
  RETURN made;
END
$fn$;

CREATE OR REPLACE FUNCTION fscli_idempotency_stored(p_key text) RETURNS text
LANGUAGE sql STABLE SET search_path = "public", pg_temp AS $fn$
  SELECT session_user || E'\x1f' || CASE WHEN length(session_user) + 1 + length(p_key) <= 200 THEN p_key
                                                ELSE 'sha256:' || encode(sha256(convert_to(p_key, 'UTF8')), 'hex') END
$fn$;

REVOKE ALL ON FUNCTION fscli_idempotency_stored(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION fscli_idempotency_owned() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
BEGIN
  IF position(E'\x1f' IN NEW.key) = 0 OR NOT ((SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user)) THEN
    NEW.key := fscli_idempotency_stored(NEW.key);
  END IF;
  RETURN NEW;
END
$fn$;

REVOKE ALL ON FUNCTION fscli_idempotency_owned() FROM PUBLIC;

DROP TRIGGER IF EXISTS fscli_key_owned ON idempotency_key;

CREATE TRIGGER fscli_key_owned BEFORE INSERT ON idempotency_key FOR EACH ROW EXECUTE FUNCTION fscli_idempotency_owned();

CREATE OR REPLACE FUNCTION fscli_idempotency_find(p_key text)
RETURNS TABLE (command text, created_at timestamptz, label text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
  SELECT k.command, k.created_at,
         CASE WHEN NOT EXISTS (SELECT 1 FROM cases c WHERE upper(c.ref) = upper(split_part(k.label, '/', 1))
                                 AND c.id NOT IN (SELECT fscli_visible_cases())) THEN k.label END
    FROM idempotency_key k WHERE k.key IN (fscli_idempotency_stored(p_key), p_key)
   ORDER BY k.key = p_key LIMIT 1
$fn$;

CREATE OR REPLACE FUNCTION fscli_log_access(p_view text, p_detail text, p_cases bigint[])
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = "public", pg_temp
AS $fn$
DECLARE
    v_id bigint;
    v_detail jsonb;
BEGIN
    IF p_view IS NULL OR p_view = '' THEN
        RAISE EXCEPTION 'fscli_log_access: a view must be named';
    END IF;
    IF NOT ((SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user)) THEN
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
                       WHERE e.key !~ '^[a-z_]{1,24}$'
                          OR jsonb_typeof(e.value) NOT IN ('number', 'boolean', 'null', 'string')
                          OR (jsonb_typeof(e.value) = 'string' AND (e.value #>> '{}') !~ '^[A-Za-z0-9_.:/+-]{0,24}$')) THEN
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

CREATE OR REPLACE FUNCTION fscli_next_number(p_name text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
DECLARE
  next_value integer;
BEGIN
  UPDATE counter SET value = value + 1 WHERE name = p_name RETURNING value INTO next_value;
  IF next_value IS NULL THEN
    RAISE EXCEPTION 'no counter %', p_name;
  END IF;
  RETURN next_value;
END
$fn$;

REVOKE ALL ON FUNCTION fscli_idempotency_find(text) FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_visible_cases() FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_visible_workers() FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_manages(integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_named_restrictions() FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_audit_append(timestamptz, text, text, bigint, bigint, text, text[], text) FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_log_access(text, text, bigint[]) FROM PUBLIC;

REVOKE ALL ON FUNCTION fscli_next_number(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION fscli_idempotency_find(text) TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_visible_cases() TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_visible_workers() TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_manages(integer) TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_named_restrictions() TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_audit_append(timestamptz, text, text, bigint, bigint, text, text[], text) TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_log_access(text, text, bigint[]) TO "fscli_team", "fscli_oversight";

GRANT EXECUTE ON FUNCTION fscli_next_number(text) TO "fscli_team", "fscli_oversight";

CREATE OR REPLACE FUNCTION fscli_written_with_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user) THEN
    RETURN NULL;
  END IF;
  IF (SELECT xmin FROM audit ORDER BY id DESC LIMIT 1) IS DISTINCT FROM pg_current_xact_id()::xid THEN
    RAISE EXCEPTION 'a record of % was changed with no audit row: only fscli changes records', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$fn$;

REVOKE ALL ON FUNCTION fscli_written_with_audit() FROM PUBLIC;

DROP TRIGGER IF EXISTS fscli_audited ON agency;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON agency DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON allocation;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON allocation DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON assessment;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON assessment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON case_event;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON case_event DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON case_team;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON case_team DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON cases;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON contact;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON contact DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON contact_party;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON contact_party DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON contact_worker;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON contact_worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON diary;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON diary DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON episode;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON episode DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON erasure;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON erasure DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON family_detail;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON family_detail DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON field_history;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON field_history DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON goal;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON goal DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON goal_score;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON goal_score DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON meeting;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON meeting DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON meeting_case;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON meeting_case DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON meeting_worker;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON meeting_worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON outcome_check;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON outcome_check DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON person;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON person DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON plan;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON plan DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON plan_category;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON plan_category DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON planned_visit;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON planned_visit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON processing_restriction;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON processing_restriction DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON restriction;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON restriction DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON restriction_worker;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON restriction_worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON s47;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON s47 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON sar_request;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON sar_request DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON task;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON task DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON team;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON team DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON team_member;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON team_member DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

DROP TRIGGER IF EXISTS fscli_audited ON worker;

CREATE CONSTRAINT TRIGGER fscli_audited AFTER INSERT OR UPDATE OR DELETE ON worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_written_with_audit();

CREATE OR REPLACE FUNCTION fscli_processing_held() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "public", pg_temp AS $fn$
DECLARE
  item jsonb;
  case_key bigint;
  person_key bigint;
  held record;
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     OR (SELECT datdba FROM pg_database WHERE datname = current_database()) = (SELECT oid FROM pg_roles WHERE rolname = session_user) THEN
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
     WHERE pr.lifted_on IS NULL AND pr.xmin IS DISTINCT FROM pg_current_xact_id()::xid
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
$fn$;

REVOKE ALL ON FUNCTION fscli_processing_held() FROM PUBLIC;

DROP TRIGGER IF EXISTS fscli_processing_held ON agency;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON agency DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON allocation;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON allocation DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON assessment;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON assessment DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON case_event;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON case_event DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON cases;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON contact;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON contact DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON contact_party;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON contact_party DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('contact', 'contact_id', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON contact_worker;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON contact_worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('contact', 'contact_id', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON diary;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON diary DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON episode;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON episode DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON family_detail;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON family_detail DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON field_history;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON field_history DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON goal;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON goal DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON goal_score;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON goal_score DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('goal', 'goal_id', 'rater_person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON meeting;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON meeting DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON meeting_case;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON meeting_case DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON meeting_worker;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON meeting_worker DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('meeting', 'meeting_id', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON outcome_check;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON outcome_check DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON person;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON person DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'id');

DROP TRIGGER IF EXISTS fscli_processing_held ON plan;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON plan DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON plan_category;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON plan_category DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('plan', 'plan_id', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON planned_visit;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON planned_visit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

DROP TRIGGER IF EXISTS fscli_processing_held ON s47;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON s47 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', 'person_id');

DROP TRIGGER IF EXISTS fscli_processing_held ON task;

CREATE CONSTRAINT TRIGGER fscli_processing_held AFTER INSERT OR UPDATE OR DELETE ON task DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fscli_processing_held('case_id', '', '');

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON cases;

CREATE POLICY fscli_oversight ON cases FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON cases;

CREATE POLICY fscli_seen ON cases FOR ALL TO PUBLIC USING (id IN (SELECT fscli_visible_cases()));

ALTER TABLE agency ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON agency;

CREATE POLICY fscli_oversight ON agency FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON agency;

CREATE POLICY fscli_seen ON agency FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE allocation ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON allocation;

CREATE POLICY fscli_oversight ON allocation FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON allocation;

CREATE POLICY fscli_seen ON allocation FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE assessment ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON assessment;

CREATE POLICY fscli_oversight ON assessment FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON assessment;

CREATE POLICY fscli_seen ON assessment FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE case_due ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON case_due;

CREATE POLICY fscli_oversight ON case_due FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON case_due;

CREATE POLICY fscli_seen ON case_due FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE case_event ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON case_event;

CREATE POLICY fscli_oversight ON case_event FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON case_event;

CREATE POLICY fscli_seen ON case_event FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE case_review ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON case_review;

CREATE POLICY fscli_oversight ON case_review FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON case_review;

CREATE POLICY fscli_seen ON case_review FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE contact ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON contact;

CREATE POLICY fscli_oversight ON contact FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON contact;

CREATE POLICY fscli_seen ON contact FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE episode ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON episode;

CREATE POLICY fscli_oversight ON episode FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON episode;

CREATE POLICY fscli_seen ON episode FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE family_detail ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON family_detail;

CREATE POLICY fscli_oversight ON family_detail FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON family_detail;

CREATE POLICY fscli_seen ON family_detail FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE goal ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON goal;

CREATE POLICY fscli_oversight ON goal FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON goal;

CREATE POLICY fscli_seen ON goal FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE goal_family ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON goal_family;

CREATE POLICY fscli_oversight ON goal_family FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON goal_family;

CREATE POLICY fscli_seen ON goal_family FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE meeting_case ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON meeting_case;

CREATE POLICY fscli_oversight ON meeting_case FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON meeting_case;

CREATE POLICY fscli_seen ON meeting_case FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE outcome_check ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON outcome_check;

CREATE POLICY fscli_oversight ON outcome_check FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON outcome_check;

CREATE POLICY fscli_seen ON outcome_check FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE person ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON person;

CREATE POLICY fscli_oversight ON person FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON person;

CREATE POLICY fscli_seen ON person FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE plan ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON plan;

CREATE POLICY fscli_oversight ON plan FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON plan;

CREATE POLICY fscli_seen ON plan FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE plan_step ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON plan_step;

CREATE POLICY fscli_oversight ON plan_step FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON plan_step;

CREATE POLICY fscli_seen ON plan_step FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE s47 ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON s47;

CREATE POLICY fscli_oversight ON s47 FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON s47;

CREATE POLICY fscli_seen ON s47 FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE task ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON task;

CREATE POLICY fscli_oversight ON task FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON task;

CREATE POLICY fscli_seen ON task FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE access_case ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON access_case;

CREATE POLICY fscli_oversight ON access_case FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON access_case;

CREATE POLICY fscli_seen ON access_case FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE sar_request ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON sar_request;

CREATE POLICY fscli_oversight ON sar_request FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON sar_request;

CREATE POLICY fscli_seen ON sar_request FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE processing_restriction ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON processing_restriction;

CREATE POLICY fscli_oversight ON processing_restriction FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON processing_restriction;

CREATE POLICY fscli_seen ON processing_restriction FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

ALTER TABLE planned_visit ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON planned_visit;

CREATE POLICY fscli_oversight ON planned_visit FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON planned_visit;

CREATE POLICY fscli_seen ON planned_visit FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()) OR (case_id IS NULL AND worker IN (SELECT fscli_visible_workers())));

ALTER TABLE meeting ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON meeting;

CREATE POLICY fscli_oversight ON meeting FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON meeting;

CREATE POLICY fscli_seen ON meeting FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()) OR (case_id IS NULL AND worker IN (SELECT fscli_visible_workers())));

ALTER TABLE diary ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON diary;

CREATE POLICY fscli_oversight ON diary FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON diary;

CREATE POLICY fscli_seen ON diary FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()) OR (case_id IS NULL AND worker IN (SELECT fscli_visible_workers())));

ALTER TABLE field_history ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON field_history;

CREATE POLICY fscli_oversight ON field_history FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON field_history;

CREATE POLICY fscli_seen ON field_history FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()) OR (case_id IS NULL AND recorded_by IN (SELECT fscli_visible_workers())));

ALTER TABLE audit ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON audit;

CREATE POLICY fscli_oversight ON audit FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON audit;

CREATE POLICY fscli_seen ON audit FOR ALL TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()) OR (case_id IS NULL AND worker IN (SELECT fscli_visible_workers())));

ALTER TABLE plan_category ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON plan_category;

CREATE POLICY fscli_oversight ON plan_category FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON plan_category;

CREATE POLICY fscli_seen ON plan_category FOR ALL TO PUBLIC USING (plan_id IN (SELECT id FROM plan));

ALTER TABLE plan_seen ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON plan_seen;

CREATE POLICY fscli_oversight ON plan_seen FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON plan_seen;

CREATE POLICY fscli_seen ON plan_seen FOR ALL TO PUBLIC USING (plan_id IN (SELECT id FROM plan));

ALTER TABLE goal_score ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON goal_score;

CREATE POLICY fscli_oversight ON goal_score FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON goal_score;

CREATE POLICY fscli_seen ON goal_score FOR ALL TO PUBLIC USING (goal_id IN (SELECT id FROM goal));

ALTER TABLE contact_party ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON contact_party;

CREATE POLICY fscli_oversight ON contact_party FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON contact_party;

CREATE POLICY fscli_seen ON contact_party FOR ALL TO PUBLIC USING (contact_id IN (SELECT id FROM contact));

ALTER TABLE contact_worker ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON contact_worker;

CREATE POLICY fscli_oversight ON contact_worker FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON contact_worker;

CREATE POLICY fscli_seen ON contact_worker FOR ALL TO PUBLIC USING (contact_id IN (SELECT id FROM contact));

ALTER TABLE meeting_worker ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON meeting_worker;

CREATE POLICY fscli_oversight ON meeting_worker FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON meeting_worker;

CREATE POLICY fscli_seen ON meeting_worker FOR ALL TO PUBLIC USING (meeting_id IN (SELECT id FROM meeting));

ALTER TABLE audit_row ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON audit_row;

CREATE POLICY fscli_oversight ON audit_row FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON audit_row;

CREATE POLICY fscli_seen ON audit_row FOR ALL TO PUBLIC USING (audit_id IN (SELECT id FROM audit));

ALTER TABLE case_team ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON case_team;

CREATE POLICY fscli_oversight ON case_team FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON case_team;

CREATE POLICY fscli_seen ON case_team FOR SELECT TO PUBLIC USING (case_id IN (SELECT fscli_visible_cases()));

DROP POLICY IF EXISTS fscli_given ON case_team;

CREATE POLICY fscli_given ON case_team FOR INSERT TO PUBLIC WITH CHECK (case_id IN (SELECT fscli_visible_cases()) AND (fscli_manages(case_id) OR team_id IN (SELECT m.team_id FROM team_member m JOIN worker w ON w.id = m.worker_id WHERE w.login = session_user)));

DROP POLICY IF EXISTS fscli_moved ON case_team;

CREATE POLICY fscli_moved ON case_team FOR UPDATE TO PUBLIC USING (fscli_manages(case_id)) WITH CHECK (true);

ALTER TABLE restriction ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON restriction;

CREATE POLICY fscli_oversight ON restriction FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON restriction;

CREATE POLICY fscli_seen ON restriction FOR SELECT TO PUBLIC USING (id IN (SELECT fscli_named_restrictions()) OR fscli_manages(case_id));

DROP POLICY IF EXISTS fscli_made ON restriction;

CREATE POLICY fscli_made ON restriction FOR INSERT TO PUBLIC WITH CHECK (fscli_manages(case_id));

DROP POLICY IF EXISTS fscli_lifted ON restriction;

CREATE POLICY fscli_lifted ON restriction FOR UPDATE TO PUBLIC USING (fscli_manages(case_id)) WITH CHECK (fscli_manages(case_id));

ALTER TABLE restriction_worker ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON restriction_worker;

CREATE POLICY fscli_oversight ON restriction_worker FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON restriction_worker;

CREATE POLICY fscli_seen ON restriction_worker FOR SELECT TO PUBLIC USING (restriction_id IN (SELECT id FROM restriction));

DROP POLICY IF EXISTS fscli_named ON restriction_worker;

CREATE POLICY fscli_named ON restriction_worker FOR INSERT TO PUBLIC WITH CHECK (restriction_id IN (SELECT id FROM restriction WHERE fscli_manages(case_id)));

ALTER TABLE worker ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON worker;

CREATE POLICY fscli_oversight ON worker FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON worker;

CREATE POLICY fscli_seen ON worker FOR SELECT TO PUBLIC USING (true);

DROP POLICY IF EXISTS fscli_named ON worker;

CREATE POLICY fscli_named ON worker FOR INSERT TO PUBLIC WITH CHECK (login IS NULL);

ALTER TABLE team ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON team;

CREATE POLICY fscli_oversight ON team FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON team;

CREATE POLICY fscli_seen ON team FOR SELECT TO PUBLIC USING (true);

ALTER TABLE team_member ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON team_member;

CREATE POLICY fscli_oversight ON team_member FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON team_member;

CREATE POLICY fscli_seen ON team_member FOR SELECT TO PUBLIC USING (true);

ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON idempotency_key;

CREATE POLICY fscli_oversight ON idempotency_key FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_kept ON idempotency_key;

CREATE POLICY fscli_kept ON idempotency_key FOR INSERT TO PUBLIC WITH CHECK (true);

ALTER TABLE counter ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON counter;

CREATE POLICY fscli_oversight ON counter FOR SELECT TO "fscli_oversight" USING (true);

ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS fscli_oversight ON access_log;

CREATE POLICY fscli_oversight ON access_log FOR SELECT TO "fscli_oversight" USING (true);

DROP POLICY IF EXISTS fscli_seen ON access_log;

CREATE POLICY fscli_seen ON access_log FOR ALL TO PUBLIC USING (os_user = session_user OR id IN (SELECT access_id FROM access_case));
