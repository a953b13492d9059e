"""Alembic's environment: the revisions run on the connection planner.storage.migrate hands over, inside
its one transaction (and, on PostgreSQL, under its lock)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# Batch mode lets a revision alter a table on SQLite (by copying it); elsewhere it is a plain ALTER.
context.configure(connection=connection, render_as_batch=True, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
