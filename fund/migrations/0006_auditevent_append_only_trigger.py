"""The database refuses UPDATE and DELETE on audit events (PostgreSQL and SQLite), whoever asks: the application, a
shell or a script. TRUNCATE is left to the table's owner (the test runner empties tables with it; in production the
application's database role should not own the table)."""

from django.db import migrations

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION fund_auditevent_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only: % on fund_auditevent refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER fund_auditevent_append_only BEFORE UPDATE OR DELETE ON fund_auditevent
    FOR EACH ROW EXECUTE FUNCTION fund_auditevent_refuse_change()
    """,
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS fund_auditevent_append_only ON fund_auditevent",
    "DROP FUNCTION IF EXISTS fund_auditevent_refuse_change()",
]
SQLITE_UP = [
    """
    CREATE TRIGGER fund_auditevent_no_update BEFORE UPDATE ON fund_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE on fund_auditevent refused'); END
    """,
    """
    CREATE TRIGGER fund_auditevent_no_delete BEFORE DELETE ON fund_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE on fund_auditevent refused'); END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS fund_auditevent_no_update",
    "DROP TRIGGER IF EXISTS fund_auditevent_no_delete",
]
STATEMENTS = {"postgresql": (POSTGRESQL_UP, POSTGRESQL_DOWN), "sqlite": (SQLITE_UP, SQLITE_DOWN)}


def _run(schema_editor, direction: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"No append-only guard for the audit log on {schema_editor.connection.vendor}.")
    for sql in statements[direction]:
        schema_editor.execute(sql, params=None)  # no placeholders: the "%" is plpgsql's own


def guard_add(apps, schema_editor):
    _run(schema_editor, 0)


def guard_remove(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("fund", "0005_auditevent_fund_and_hash_chain")]

    operations = [migrations.RunPython(guard_add, guard_remove)]
