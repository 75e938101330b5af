"""The audit trail is append-only: written by record(), never updated or deleted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory

from sel.audit.events import Action
from sel.audit.models import AppendOnlyError, AuditEvent
from sel.audit.services import record, record_each
from tests.factories.accounts import UserFactory

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


def test_the_append_only_triggers_are_in_place_after_every_migration() -> None:
    """Raw SQL is refused by triggers (tests/attacks/test_audit_tampering.py). On SQLite, Django
    rebuilds a table to alter it, dropping its triggers: a later migration of AuditEvent that
    forgets to create them again fails here."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
                "AND NOT tgisinternal AND tgenabled = 'O'"
            )
            expected = {"audit_auditevent_no_update_delete"}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_auditevent'"
            )
            expected = {"audit_auditevent_no_update", "audit_auditevent_no_delete"}
        assert {name for (name,) in cursor.fetchall()} == expected


def test_record_each_writes_for_each_target_what_record_writes_for_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    actor = UserFactory()
    targets = [UserFactory() for _ in range(3)]
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox\r\n")
    details = {"bulk_authorization": 7, "accents": "Québec\r\nFAKE"}
    single = record(
        action=Action.LOGIN_SUCCEEDED,
        actor=actor,
        target=targets[0],
        request=request,
        details=details,
    )
    with caplog.at_level("INFO", logger="sel.audit"):
        written = record_each(
            action=Action.LOGIN_SUCCEEDED,
            actor=actor,
            target_type=type(targets[0]),
            target_ids=[t.pk for t in targets] + [10**9],
            request=request,
            details=details,
        )
    assert written == 3
    events = list(AuditEvent.objects.exclude(pk=single.pk).order_by("pk"))
    assert [e.target_id for e in events] == [str(t.pk) for t in targets]
    assert len({e.occurred_at for e in events}) == 1
    shape = ("action", "actor_id", "target_type", "client_address", "user_agent", "details")
    for event in events:
        assert [getattr(event, f) for f in shape] == [getattr(single, f) for f in shape]
    lines = [r.getMessage() for r in caplog.records if r.name == "sel.audit"]
    assert len(lines) == 4 and all("\n" not in line and "\r" not in line for line in lines)


def test_record_each_refuses_what_record_refuses() -> None:
    user = UserFactory()
    with pytest.raises(TypeError):
        record_each(action="made.up", target_type=type(user), target_ids=[user.pk])
    with pytest.raises(ValueError):
        record_each(
            action=Action.LOGIN_FAILED,
            target_type=type(user),
            target_ids=[user.pk],
            details={"token": "x"},
        )
    assert AuditEvent.objects.count() == 0
