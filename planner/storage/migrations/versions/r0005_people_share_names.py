"""People may share a name: a person is their key (in a shared deployment the e-mail the access file names
for them), so two people the file names alike are two rows with one name. The name loses the UNIQUE it had
since the baseline; the key keeps its own. Every person's and team's confusable skeleton is computed again
by today's rule (planner.formats.identity.skeleton), since rows stored before it carry the older one.

On SQLite, dropping a column's UNIQUE means copying the table; planner.storage.migrate runs the revisions
there with foreign keys off and checks them all before the transaction commits, so the rows that refer to
people (memberships, snapshots, check-ins, ...) keep pointing at the same ids. Names are not changed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planner.formats.identity import skeleton

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None

# SQLite's UNIQUE on a column has no name; this convention gives it one while the table is copied.
_CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unique_on_name(bind: sa.Connection) -> str | None:
    for constraint in sa.inspect(bind).get_unique_constraints("people"):
        if constraint["column_names"] == ["name"]:
            return constraint["name"]
    return None


def _skeletons(table_name: str) -> None:
    table = sa.table(
        table_name, sa.column("id", sa.Integer()), sa.column("name", sa.String()), sa.column("skeleton")
    )
    bind = op.get_bind()
    for id_, name, stored in bind.execute(sa.select(table.c.id, table.c.name, table.c.skeleton)).all():
        now = skeleton(name)
        if now != stored:
            bind.execute(table.update().where(table.c.id == id_).values(skeleton=now))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("people", recreate="always", naming_convention=_CONVENTION) as batch:
            batch.drop_constraint("uq_people_name", type_="unique")
    else:
        name = _unique_on_name(bind)
        if name is not None:
            op.drop_constraint(name, "people", type_="unique")
    _skeletons("people")
    _skeletons("teams")
