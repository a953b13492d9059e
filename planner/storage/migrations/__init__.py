"""The schema's revisions, run by Alembic (planner.storage.migrate runs them: on start, and through
`stagepath db upgrade`).

`versions/` holds one module per revision. Revision ids are four digits in order ("0001", "0002", ...) and
each module is named `rNNNN_what_it_does.py`. To change the tables, add a module there whose `down_revision`
is the current head, with an `upgrade()` written in Alembic's operations (`op.add_column`, `op.create_table`,
...; SQLite alters tables through `op.batch_alter_table`, which the environment turns on for every
revision), change the models in planner/storage/schema.py to match, and set `HEAD` in
planner/storage/migrate.py to the new id (tests/storage/test_storage_migrations.py checks all three agree, and
that a new database made by the revisions has the models' tables and columns). A revision pins the tables it
makes instead of reading the models, so that upgrading step by step always ends the same. A revision
never rewrites what is stored: records are kept as given. There are no downgrades: restore a backup."""
