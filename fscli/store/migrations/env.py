"""Alembic environment. fscli always hands it an open connection inside its own transaction
(store/migrate.py), so every revision of an upgrade commits or rolls back together."""

from alembic import context
from fscli.store import models

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

def _not_the_search_index(name, type_, parent_names) -> bool:
    # The FTS5 index of 0007 is a virtual table with shadow tables, written by hand, not a model.
    return not (type_ == "table" and name and name.startswith("search_index"))


context.configure(
    connection=connection,
    target_metadata=models.load_all(connection.dialect.name),  # every table, with the server's index conditions
    include_name=_not_the_search_index,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
