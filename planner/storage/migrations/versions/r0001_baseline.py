"""Baseline: the tables as they were before Alembic (schema version 2: people, teams, memberships,
snapshots and groundwork records).

A new database gets every table here. A database made before Alembic, which kept its version in the
`stagepath_schema` table, gets the tables its version lacked (version 1 had no groundwork) and keeps every
row. That table is then set to version 3, which no Stagepath from before Alembic knows, so such a Stagepath
refuses the database instead of writing into tables it does not know."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

NAME_LENGTH = 120
LEGACY_TABLE = "stagepath_schema"
# What the legacy version table holds from here on: newer than any Stagepath from before Alembic knows.
LEGACY_MARK = 3

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _named(name: str) -> None:
    """People and teams: an id for each unique name."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(NAME_LENGTH), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def _team_members() -> None:
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_team_members_person_id", "team_members", ["person_id"])


def _snapshots() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("track", sa.String(64), nullable=False),
        sa.Column("rater", sa.String(16), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch", sa.String(36), nullable=False),
        sa.Column("framework_version", sa.String(2000), nullable=False),
        sa.Column("framework_digest", sa.String(64), nullable=False),
        sa.Column("document", JSON, nullable=False),
    )
    op.create_index("ix_snapshots_person_as_of", "snapshots", ["person_id", "as_of", "id"])


def _groundwork() -> None:
    op.create_table(
        "groundwork",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("framework_version", sa.String(2000), nullable=False),
        sa.Column("framework_digest", sa.String(64), nullable=False),
        sa.Column("document", JSON, nullable=False),
    )
    op.create_index("ix_groundwork_team_as_of", "groundwork", ["team_id", "as_of", "id"])


TABLES: dict[str, Callable[[], None]] = {
    "people": lambda: _named("people"),
    "teams": lambda: _named("teams"),
    "team_members": _team_members,
    "snapshots": _snapshots,
    "groundwork": _groundwork,
}


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():  # in the order of their foreign keys
        if name not in existing:
            create()
    legacy = sa.table(LEGACY_TABLE, sa.column("id", sa.Integer()), sa.column("version", sa.Integer()))
    if LEGACY_TABLE in existing:
        op.execute(legacy.update().values(version=LEGACY_MARK))
    else:
        op.create_table(
            LEGACY_TABLE,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("version", sa.Integer(), nullable=False),
        )
        op.execute(legacy.insert().values(id=1, version=LEGACY_MARK))
