-- What the everyday role of a team needs, and no more: no DDL, no DELETE of a record, no rewriting
-- of the audit trail. Run in the team database as the migration role after `fscli init`, and again
-- after every `fscli db upgrade` (an upgrade can add tables).
GRANT USAGE ON SCHEMA public TO fscli_team;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO fscli_team;
REVOKE INSERT ON alembic_version FROM fscli_team;
GRANT UPDATE ON cases, allocation, counter TO fscli_team;
-- The facts fscli derives from the records (what `fscli due` and the indicators read): each write replaces its case's.
GRANT DELETE ON case_due, plan_seen, case_review, goal_family, plan_step TO fscli_team;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO fscli_team;
