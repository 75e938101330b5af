"""``manage.py grant_app_role sel_app``: the PostgreSQL role the application runs as.

Run it as the role that owns the tables (the one that runs ``migrate``), after every ``migrate``.
The application then connects as ``sel_app``, which may read and write the rows of every table but
owns none: it cannot ``TRUNCATE``, ``ALTER``, disable a trigger or drop one (PostgreSQL keeps those
to the owner), and on the audit table it has only ``SELECT`` and ``INSERT``, so the append-only
trail (migration audit 0002) holds even against raw SQL from a stolen application password
(SECURITY.md #31).
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from sel.audit.models import AuditEvent

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class Command(BaseCommand):
    help = (
        "Create (if missing) the PostgreSQL login role the application runs as, owning no table, "
        "and grant it row access to every table; the audit table gets SELECT and INSERT only. "
        "Run as the tables' owner after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="Name of the application's role, e.g. sel_app.")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="Set the role's password from this environment variable (never on the command "
            "line, where other users of the machine could read it).",
        )

    def handle(self, *args: Any, role: str, password_env: str | None, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "grant_app_role is for PostgreSQL: SQLite has no roles (its audit triggers hold "
                "against the application's statements, not against whoever can write the file)."
            )
        if not ROLE_NAME.fullmatch(role):
            raise CommandError("The role name must be lowercase letters, digits and underscores.")
        password = None
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or unset.")
        with transaction.atomic(), connection.cursor() as cursor:
            self._grant(cursor, role, password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Role {role} may use every table's rows, the audit trail only to read and add. "
                "Run this again after each migrate."
            )
        )

    def _grant(self, cursor: Any, role: str, password: str | None) -> None:
        quoted = connection.ops.quote_name(role)
        audit_table = connection.ops.quote_name(AuditEvent._meta.db_table)
        cursor.execute("SELECT current_user, current_schema(), current_database()")
        owner, schema, database = cursor.fetchone()
        if role == owner:
            raise CommandError(
                f"{role} is the role running this command, which owns the tables: the application "
                "needs a role of its own."
            )
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        existing = cursor.fetchone()
        if existing is None:
            cursor.execute(f"CREATE ROLE {quoted} LOGIN")
        elif any(existing):
            raise CommandError(f"{role} is a superuser or bypasses row security: pick another.")
        if password is not None:
            cursor.execute(f"ALTER ROLE {quoted} LOGIN PASSWORD %s", [password])
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner = %s",
            [schema, role],
        )
        owned = [name for (name,) in cursor.fetchall()]
        if owned:
            raise CommandError(f"{role} owns tables ({', '.join(owned)}): pick another role.")
        schema_q = connection.ops.quote_name(schema)
        for statement in (
            f"GRANT CONNECT ON DATABASE {connection.ops.quote_name(database)} TO {quoted}",
            f"GRANT USAGE ON SCHEMA {schema_q} TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_q} TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_q} TO {quoted}",
            # Tables the next migrations create are usable at once; the audit table is not new.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit_table} FROM {quoted}",
        ):
            cursor.execute(statement)
