"""Records: people and teams as identities (a key and a confusable skeleton beside each name), who stored each
snapshot and groundwork record, retractions, and the audit trail.

Every row is kept. A stored name gets its key and skeleton by the rules of planner.formats.identity; two
names stored before these rules that share a key (`ada` and `Ada`) stay two people: the later one's key
gets `#ID` added, so that nothing is merged or lost. Snapshots and groundwork records stored before
authorship was recorded say so (`stored_by` is `unrecorded`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from planner.formats.identity import key, skeleton

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

KEY_LENGTH = 480
AUTHOR_LENGTH = 320
UNRECORDED = "unrecorded"
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _identities(table_name: str) -> None:
    # Columns are added in place (no table copy: on SQLite a copy of a table others refer to breaks their
    # foreign keys), NOT NULL with a default that the rows then replace; on PostgreSQL the default goes.
    for column in ("key", "skeleton"):
        op.add_column(table_name, sa.Column(column, sa.String(KEY_LENGTH), nullable=False, server_default=""))
    table = sa.table(
        table_name,
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("key", sa.String()),
        sa.column("skeleton", sa.String()),
    )
    bind = op.get_bind()
    taken: set[str] = set()
    for id_, name in bind.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)).all():
        identity = key(name)
        if identity in taken:
            identity = f"{identity}#{id_}"
        taken.add(identity)
        bind.execute(table.update().where(table.c.id == id_).values(key=identity, skeleton=skeleton(name)))
    _no_default(table_name, "key", "skeleton")
    op.create_index(f"uq_{table_name}_key", table_name, ["key"], unique=True)
    op.create_index(f"ix_{table_name}_skeleton", table_name, ["skeleton"])


def _no_default(table_name: str, *columns: str) -> None:
    """Drop the defaults that filled the new columns of existing rows (PostgreSQL; SQLite cannot without
    copying the table, and every write gives the columns their values anyway)."""
    if op.get_bind().dialect.name == "postgresql":
        for column in columns:
            op.execute(sa.text(f'ALTER TABLE "{table_name}" ALTER COLUMN "{column}" DROP DEFAULT'))


def _authored(table_name: str) -> None:
    op.add_column(
        table_name,
        sa.Column("stored_by", sa.String(AUTHOR_LENGTH), nullable=False, server_default=UNRECORDED),
    )
    _no_default(table_name, "stored_by")


def upgrade() -> None:
    _identities("people")
    _identities("teams")
    _authored("snapshots")
    _authored("groundwork")
    op.create_table(
        "retractions",
        sa.Column(
            "snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id"), primary_key=True, autoincrement=False
        ),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_by", sa.String(AUTHOR_LENGTH), nullable=False),
        sa.Column("why", sa.String(2000), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(AUTHOR_LENGTH), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("ids", JSON, nullable=False),
    )
