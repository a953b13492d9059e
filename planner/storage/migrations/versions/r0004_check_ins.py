"""Check-ins, confirmations, actions and evidence from the work: the records of trusted ratings and of
follow-through. Every table is written row by row and never updated: a check-in's steps, a confirmation's
answer, an action ticked off and a decision on a piece of evidence are each a row of their own."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None

AUTHOR_LENGTH = 320
TEXT_LENGTH = 2000
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _who(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.String(AUTHOR_LENGTH), nullable=False)


def _person() -> sa.Column[object]:
    return sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False, index=True),
        _when("opened_at"),
        _who("opened_by"),
    )
    op.create_table(
        "check_in_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("check_in_id", sa.Integer(), sa.ForeignKey("check_ins.id"), nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id"), nullable=True),
        _when("at"),
        _who("by"),
        sa.Column("notes", JSON, nullable=False),
    )
    op.create_table(
        "confirmations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("skill", sa.String(64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("asked_of", sa.String(AUTHOR_LENGTH), nullable=False, index=True),
        sa.Column("evidence", sa.String(TEXT_LENGTH), nullable=False),
        sa.Column("asked_at", sa.Date(), nullable=False),
        _who("asked_by"),
        _when("stored_at"),
    )
    op.create_table(
        "confirmation_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "confirmation_id", sa.Integer(), sa.ForeignKey("confirmations.id"), nullable=False, index=True
        ),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("answered_at", sa.Date(), nullable=False),
        _who("answered_by"),
        _when("stored_at"),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("skill", sa.String(64), nullable=False),
        sa.Column("text", sa.String(TEXT_LENGTH), nullable=False),
        _who("owner"),
        sa.Column("due", sa.Date(), nullable=False),
        _who("created_by"),
        _when("created_at"),
    )
    op.create_table(
        "action_done",
        sa.Column(
            "action_id", sa.Integer(), sa.ForeignKey("actions.id"), primary_key=True, autoincrement=False
        ),
        sa.Column("done_at", sa.Date(), nullable=False),
        _who("done_by"),
        _when("stored_at"),
    )
    op.create_table(
        "evidence_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("skill", sa.String(64), nullable=False),
        sa.Column("evidence", sa.String(TEXT_LENGTH), nullable=False),
        sa.Column("source", sa.String(TEXT_LENGTH), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        _when("decided_at"),
        _who("decided_by"),
    )
