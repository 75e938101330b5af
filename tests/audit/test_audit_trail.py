"""The audit trail is append-only: written by record(), never updated or deleted."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from sel.audit.events import Action
from sel.audit.models import AppendOnlyError, AuditEvent
from sel.audit.services import record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_when_and_where() -> None:
    user = UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    event = record(
        action=Action.LOGIN_SUCCEEDED,
        actor=user,
        target=user,
        request=request,
        subject_key="TREM56123101",
        details={"results": 2, "din": "02240033", "accents": "Québec"},
    )
    event.refresh_from_db()
    assert AuditEvent.objects.get() == event
    assert event.details == {"results": 2, "din": "02240033", "accents": "Québec"}
    assert event.subject_key == "TREM56123101"
    assert event.actor == user
    assert event.action == "login.succeeded"
    assert event.target_type == "accounts.user" and event.target_id == str(user.pk)
    assert event.client_address == "203.0.113.7"
    assert event.user_agent == "Firefox"
    assert event.occurred_at is not None


def test_record_refuses_an_action_outside_the_vocabulary() -> None:
    with pytest.raises(TypeError):
        record(action="made.up")


@pytest.mark.parametrize("key", ["password", "new_password", "answer_3", "token", "code", "nip"])
def test_record_refuses_details_that_could_carry_a_secret(key: str) -> None:
    with pytest.raises(ValueError):
        record(action=Action.LOGIN_FAILED, details={key: "x"})
    assert AuditEvent.objects.count() == 0


def test_control_characters_from_user_input_cannot_forge_log_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("INFO", logger="sel.audit"):
        record(action=Action.LOGIN_FAILED, details={"username": "CE1\r\nFAKE audit line"})
    lines = [r.getMessage() for r in caplog.records if r.name == "sel.audit"]
    assert len(lines) == 1
    assert "\n" not in lines[0] and "\r" not in lines[0]


def test_a_forged_forwarded_for_header_is_ignored_without_trusted_proxies() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="10.0.0.1")
    event = record(action=Action.LOGIN_FAILED, request=request)
    assert event.client_address == "198.51.100.2"


def test_the_application_cannot_update_or_delete_an_event() -> None:
    event = record(action=Action.LOGOUT)
    event.action = Action.LOGIN_SUCCEEDED
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "logout"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL only")
def test_on_postgresql_even_raw_sql_cannot_change_or_delete_an_event() -> None:
    event = record(action=Action.LOGOUT)
    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "logout"
