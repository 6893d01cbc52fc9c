"""search: an SQLite FTS5 index of every text a worker searches, kept in step by triggers; an index
of goal scores by rater, for the manager's summaries

Revision ID: 0007_search
Revises: 0006_idempotency

One FTS5 table with the trigram tokenizer, so a word matches anywhere inside a text, exactly as
the portable LIKE search does on PostgreSQL, but from an index instead of a scan of every note.
Each indexed row's rowid is its source row's id * 16 + the kind's number, so a trigger finds
the entry to replace without a scan. The index holds nothing that is not in the tables: it is
rebuilt from them here, and `fscli db check` compares the two. PostgreSQL keeps the portable
search, and this revision changes nothing there.
"""

from alembic import op


revision = '0007_search'
down_revision = '0006_idempotency'
branch_labels = None
depends_on = None

# kind number, kind shown, source table, reference prefix, the text indexed, the date shown, only rows where
SOURCES = (
    (0, 'case', 'cases', None, "{r}.family || ': ' || {r}.reason", '{r}.referred_on', None),
    (1, 'person', 'person', 'P', "{r}.name || coalesce(' (' || {r}.relationship || ')', '')", 'NULL', None),
    (2, 'visit note', 'contact', 'V', '{r}.note', '{r}.on_date', '{r}.note IS NOT NULL'),
    (3, 'diary', 'diary', 'D', '{r}.text', '{r}.on_date', None),
    (4, 'meeting', 'meeting', 'M', '{r}.decisions', '{r}.on_date', '{r}.decisions IS NOT NULL'),
    (5, 'task', 'task', 'T', '{r}.text', '{r}.due_on', None),
    (6, 'goal', 'goal', 'G', '{r}.text', 'NULL', None),
    (7, 'closure', 'case_event', None, "coalesce({r}.summary, '') || ' ' || coalesce({r}.sustain, '')", '{r}.on_date', "{r}.kind = 'closed'"),
)


def _row(number, kind, table, prefix, text, on_date, r):
    # A case and its closure are shown by the case's reference, found at search time: a trigger
    # that named `cases` would stop any later migration that rebuilds that table.
    source = f"'{prefix}' || {r}.id" if prefix else 'NULL'
    case_id = f'{r}.id' if table == 'cases' else f'{r}.case_id'
    return f"{r}.id * 16 + {number}, {text.format(r=r)}, '{kind}', {source}, {case_id}, {on_date.format(r=r)}"


def upgrade() -> None:
    op.create_index('ix_goal_score_goal_rater', 'goal_score', ['goal_id', 'rater_kind'])
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.execute("CREATE VIRTUAL TABLE search_index USING fts5(text, kind UNINDEXED, source UNINDEXED, case_id UNINDEXED, on_date UNINDEXED, tokenize = 'trigram')")
    for number, kind, table, prefix, text, on_date, where in SOURCES:
        values = _row(number, kind, table, prefix, text, on_date, 'new')
        only = f" WHEN {where.format(r='new')}" if where else ''
        op.execute(f"CREATE TRIGGER search_{table}_added AFTER INSERT ON {table}{only} BEGIN "
                   f"INSERT INTO search_index (rowid, text, kind, source, case_id, on_date) VALUES ({values}); END")
        op.execute(f"CREATE TRIGGER search_{table}_changed AFTER UPDATE ON {table} BEGIN "
                   f"DELETE FROM search_index WHERE rowid = old.id * 16 + {number}; "
                   f"INSERT INTO search_index (rowid, text, kind, source, case_id, on_date) SELECT {values}"
                   f"{' WHERE ' + where.format(r='new') if where else ''}; END")
        op.execute(f"CREATE TRIGGER search_{table}_removed AFTER DELETE ON {table} BEGIN "
                   f"DELETE FROM search_index WHERE rowid = old.id * 16 + {number}; END")
        existing = _row(number, kind, table, prefix, text, on_date, 'e')
        op.execute(f"INSERT INTO search_index (rowid, text, kind, source, case_id, on_date) SELECT {existing} FROM {table} e"
                   f"{' WHERE ' + where.format(r='e') if where else ''}")


def downgrade() -> None:
    op.drop_index('ix_goal_score_goal_rater', table_name='goal_score')
    if op.get_bind().dialect.name != 'sqlite':
        return
    for _, _, table, *_ in SOURCES:
        for event in ('added', 'changed', 'removed'):
            op.execute(f'DROP TRIGGER IF EXISTS search_{table}_{event}')
    op.execute('DROP TABLE IF EXISTS search_index')
