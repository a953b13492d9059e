"""A counter of changes: every write adds one to it in its own transaction, so that every process serving
the same database (replicas behind a load balancer, the command line beside the app) can tell with one
cheap read whether what it cached is still what is stored."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    changes = op.create_table(
        "stagepath_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(changes, [{"id": 1, "counter": 0}])
