-- What the everyday role of a team needs, and no more: no DDL, no DELETE of a record, no rewriting
-- of the audit trail. Run in the team database as the migration role after `fscli init`, and again
-- after every `fscli db upgrade` (an upgrade can add tables).
GRANT USAGE ON SCHEMA public TO fscli_team;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO fscli_team;
REVOKE INSERT ON alembic_version FROM fscli_team;
GRANT UPDATE ON cases, allocation, counter TO fscli_team;
-- Records whose state moves on: an episode or a plan ends, a task is done, a goal closes, a planned
-- visit is fulfilled, a child is born or a date put right (the old value kept in field_history).
GRANT UPDATE ON episode, plan, plan_category, task, goal, planned_visit, person, assessment, s47 TO fscli_team;
-- A note is never rewritten: of a visit, meeting, diary entry, score or family detail, only its
-- void mark may change (`fscli void`).
GRANT UPDATE (voided_at, void_reason) ON contact, meeting, diary, goal_score, family_detail TO fscli_team;
-- The facts fscli derives from the records (what `fscli due` and the indicators read): each write replaces its case's.
GRANT DELETE ON case_due, plan_seen, case_review, goal_family, plan_step TO fscli_team;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO fscli_team;
