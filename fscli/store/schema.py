"""The schema revisions this fscli knows, in order, so ordinary commands can check a database's
revision with one query and no Alembic import. A test keeps this list equal to Alembic's chain.
"""

REVISIONS: tuple[str, ...] = ("0001_spine", "0002_journey", "0003_goals", "0004_contacts", "0005_due", "0006_idempotency", "0007_search", "0008_due_facts", "0009_indicator_facts", "0010_referral_decided", "0011_record_as_work_is", "0012_calendar", "0013_team_server", "0014_data_protection", "0015_bookings_ahead")
HEAD = REVISIONS[-1]

# Every table, for row counts in `db info` and the upgrade's loss check; a test keeps it equal to the models.
TABLES: tuple[str, ...] = ("worker", "team", "team_member", "cases", "case_team", "case_event", "person", "agency", "allocation", "episode", "assessment", "s47", "plan", "plan_category", "goal", "goal_score", "contact", "contact_party", "contact_worker", "meeting", "meeting_worker", "meeting_case", "planned_visit", "diary", "task", "outcome_check", "family_detail", "field_history", "restriction", "restriction_worker", "sar_request", "processing_restriction", "erasure", "idempotency_key", "counter", "audit", "audit_row", "access_log", "access_case")

# Rows per table in one literal statement: table names cannot be bound parameters, and building
# SQL from strings is what reliability.md I6 forbids. A test keeps it in step with TABLES.
ROW_COUNTS_SQL = """
SELECT 'worker' AS name, count(*) AS n FROM worker
UNION ALL SELECT 'team', count(*) FROM team
UNION ALL SELECT 'team_member', count(*) FROM team_member
UNION ALL SELECT 'cases', count(*) FROM cases
UNION ALL SELECT 'case_team', count(*) FROM case_team
UNION ALL SELECT 'case_event', count(*) FROM case_event
UNION ALL SELECT 'person', count(*) FROM person
UNION ALL SELECT 'agency', count(*) FROM agency
UNION ALL SELECT 'allocation', count(*) FROM allocation
UNION ALL SELECT 'episode', count(*) FROM episode
UNION ALL SELECT 'assessment', count(*) FROM assessment
UNION ALL SELECT 's47', count(*) FROM s47
UNION ALL SELECT 'plan', count(*) FROM plan
UNION ALL SELECT 'plan_category', count(*) FROM plan_category
UNION ALL SELECT 'goal', count(*) FROM goal
UNION ALL SELECT 'goal_score', count(*) FROM goal_score
UNION ALL SELECT 'contact', count(*) FROM contact
UNION ALL SELECT 'contact_party', count(*) FROM contact_party
UNION ALL SELECT 'contact_worker', count(*) FROM contact_worker
UNION ALL SELECT 'meeting', count(*) FROM meeting
UNION ALL SELECT 'meeting_worker', count(*) FROM meeting_worker
UNION ALL SELECT 'meeting_case', count(*) FROM meeting_case
UNION ALL SELECT 'planned_visit', count(*) FROM planned_visit
UNION ALL SELECT 'diary', count(*) FROM diary
UNION ALL SELECT 'task', count(*) FROM task
UNION ALL SELECT 'outcome_check', count(*) FROM outcome_check
UNION ALL SELECT 'family_detail', count(*) FROM family_detail
UNION ALL SELECT 'field_history', count(*) FROM field_history
UNION ALL SELECT 'restriction', count(*) FROM restriction
UNION ALL SELECT 'restriction_worker', count(*) FROM restriction_worker
UNION ALL SELECT 'sar_request', count(*) FROM sar_request
UNION ALL SELECT 'processing_restriction', count(*) FROM processing_restriction
UNION ALL SELECT 'erasure', count(*) FROM erasure
UNION ALL SELECT 'idempotency_key', count(*) FROM idempotency_key
UNION ALL SELECT 'counter', count(*) FROM counter
UNION ALL SELECT 'audit', count(*) FROM audit
UNION ALL SELECT 'audit_row', count(*) FROM audit_row
UNION ALL SELECT 'access_log', count(*) FROM access_log
UNION ALL SELECT 'access_case', count(*) FROM access_case
"""
