"""Someone who runs SQL with the application's database access tries to erase their tracks in the
audit trail (SECURITY.md #31: the application cannot update or delete audit rows; on PostgreSQL not
even with raw SQL from its role or through a trigger).

The ORM refuses first (``AuditEvent.save``/``delete``, tests/audit); these tests go around it with
raw SQL. On SQLite and PostgreSQL a trigger refuses every UPDATE and DELETE, whoever runs it. On
PostgreSQL the application runs as a role that owns no table (``manage.py grant_app_role``): it
cannot TRUNCATE, disable the trigger, drop it or replace its function, which the owner could."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.audit.services import record
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="roles and table ownership exist on PostgreSQL only; SQLite has no roles",
)


def run_refused(statement: str, params: list[Any] | None = None) -> str:
    """Run ``statement`` on the application's connection; return the database's refusal."""
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)
    return str(refusal.value)


def test_attacker_with_the_apps_database_access_cannot_rewrite_an_audit_row() -> None:
    event = record(action=Action.LOGIN_FAILED, actor=UserFactory(), details={"username": "x"})
    for statement in (
        "UPDATE audit_auditevent SET action = 'logout' WHERE id = %s",
        "UPDATE audit_auditevent SET actor_id = NULL, details = '{}' WHERE id = %s",
    ):
        assert "append-only" in run_refused(statement, [event.pk])
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.action, event.details) == ("login.failed", {"username": "x"})
    assert event.actor_id is not None


def test_attacker_with_the_apps_database_access_cannot_delete_audit_rows() -> None:
    event = record(action=Action.LOGIN_FAILED)
    record(action=Action.LOGOUT)
    assert "append-only" in run_refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    # An unqualified DELETE is also how SQLite empties a table (it has no TRUNCATE).
    assert "append-only" in run_refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 2


def test_attacker_cannot_delete_audit_rows_from_a_trigger_of_their_own() -> None:
    """A trigger on another table that deletes audit rows is stopped by the audit trigger."""
    event = record(action=Action.LOGIN_FAILED)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE attacker_decoy (id integer)")
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION attacker_wipe() RETURNS trigger AS $$ BEGIN "
                "DELETE FROM audit_auditevent; UPDATE audit_auditevent SET action = 'x'; "
                "RETURN NEW; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER attacker_wipe AFTER INSERT ON attacker_decoy "
                "FOR EACH ROW EXECUTE FUNCTION attacker_wipe()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER attacker_wipe AFTER INSERT ON attacker_decoy BEGIN "
                "DELETE FROM audit_auditevent; UPDATE audit_auditevent SET action = 'x'; END"
            )
    assert "append-only" in run_refused("INSERT INTO attacker_decoy VALUES (1)")
    assert AuditEvent.objects.get().action == event.action


# --- PostgreSQL: the application's own role ------------------------------------------------------


@pytest.fixture
def app_role() -> Iterator[str]:
    """A login role made by ``grant_app_role`` on the test database, dropped afterwards. Roles
    belong to the whole server: the name carries the test database's, so parallel runs on one
    server do not share it."""
    role = f"{connection.settings_dict['NAME']}_app".lower()
    drop_role(role)
    call_command("grant_app_role", role, stdout=io.StringIO())
    try:
        yield role
    finally:
        drop_role(role)


def drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f"DROP OWNED BY {connection.ops.quote_name(role)}")
            cursor.execute(f"DROP ROLE {connection.ops.quote_name(role)}")


def connect_as(role: str) -> psycopg.Connection[Any]:
    """A real login of ``role`` to the test database, as the application server would make."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        dbname=params["NAME"],
        user=role,
    )


def refusals_as(role: str, statements: list[str], params: list[Any]) -> list[str]:
    """Each statement (with ``params`` if it has a placeholder) in a transaction of its own."""
    refusals = []
    with connect_as(role) as app:
        for statement in statements:
            with pytest.raises(psycopg.Error) as refusal:
                app.execute(statement, params if "%s" in statement else None)
            app.rollback()
            refusals.append(str(refusal.value))
    return refusals


@POSTGRESQL_ONLY
@pytest.mark.django_db(transaction=True)
def test_attacker_logged_in_as_the_app_role_cannot_change_empty_or_unprotect_the_audit_table(
    app_role: str,
) -> None:
    event = record(action=Action.LOGIN_FAILED)
    refusals = refusals_as(
        app_role,
        [
            "UPDATE audit_auditevent SET action = 'logout' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_auditevent_no_update_delete ON audit_auditevent",
            "CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger "
            "AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
            "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
            "DROP TABLE audit_auditevent",
            "SET session_replication_role = replica",
        ],
        [event.pk],
    )
    for statement_refusal in refusals:
        assert "permission denied" in statement_refusal or "must be owner" in statement_refusal
    with connect_as(app_role) as app:
        rows = app.execute("SELECT action FROM audit_auditevent WHERE id = %s", [event.pk])
        assert rows.fetchall() == [("login.failed",)]
    assert AuditEvent.objects.get(pk=event.pk).action == "login.failed"
