"""Alembic environment: the store runs migrations on its own open connection (never from a URL
in an ini file), inside the transaction that holds the migration lock."""

from __future__ import annotations

from alembic import context

from auditor.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  version_table="auditor_schema_version")
with context.begin_transaction():
    context.run_migrations()
