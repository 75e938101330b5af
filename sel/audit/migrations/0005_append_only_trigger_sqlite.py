"""On SQLite too, the database itself refuses UPDATE and DELETE on audit rows, even from raw SQL.

SQLite has no roles: whoever can write the file can drop these triggers. They hold against the
application's own statements, raw SQL included; on PostgreSQL (migration 0002) against its role.
Django rebuilds a SQLite table to alter it, which drops its triggers: a migration that alters
``AuditEvent`` must create these again (``tests/audit`` checks that they exist)."""

from django.db import migrations

CREATE = [
    """
    CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END
    """,
    """
    CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_action_without_choices")]
    operations = [migrations.RunPython(create, drop)]
