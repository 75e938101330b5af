"""Item 6: in the console's account form, a staff member with ``change_user`` could make
themselves superuser, and change a user's email, alias or lock with no audit and no notice.
Privilege fields are read-only to non-superusers now, and email, alias and lock changes go
through the support services (audit row, notices, sessions ended)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from tests.attacks.helpers import form_data
from tests.conftest import login
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Appel du professionnel, identité vérifiée"


def _staff(*codenames: str) -> User:
    staff = AgentFactory(support_permissions=False)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["view_user", "change_user", *codenames],
        )
    )
    return User.objects.get(pk=staff.pk)


def _change(client: Client, account: User, **changes: Any) -> Any:
    """Opens the account's console form and submits it with the given changes."""
    url = f"/gestion/accounts/user/{account.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "user_form")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


def test_staff_with_change_user_makes_themselves_superuser(client: Client) -> None:
    staff = _staff()
    login(client, staff)
    group = Group.objects.create(name="Tout-puissants")
    group.permissions.add(*Permission.objects.all())
    _change(client, staff, is_superuser="on", groups=[str(group.pk)], reason=REASON)
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.groups.exists()


def test_staff_changes_a_professionals_email_in_the_console_silently(client: Client) -> None:
    user = UserFactory(email="ancienne@exemple.qc.ca")
    generation = user.session_generation
    login(client, _staff())
    _change(client, user, email="pirate@exemple.com", reason=REASON)
    user.refresh_from_db()
    assert user.email == "pirate@exemple.com"
    assert AuditEvent.objects.filter(
        action=Action.ACCOUNT_EMAIL_CHANGED, target_id=str(user.pk)
    ).exists()
    told = set(OutboundEmail.objects.values_list("to", flat=True))
    assert {"ancienne@exemple.qc.ca", "pirate@exemple.com"} <= told
    assert user.session_generation > generation


def test_staff_gives_an_account_an_alias_in_the_console_silently(client: Client) -> None:
    user = UserFactory(email="compte@exemple.qc.ca")
    login(client, _staff())
    _change(client, user, alias="alias.pirate@exemple.com", reason=REASON)
    user.refresh_from_db()
    assert user.alias == "alias.pirate@exemple.com"
    assert AuditEvent.objects.filter(action=Action.ALIAS_SET, target_id=str(user.pk)).exists()
    told = set(OutboundEmail.objects.values_list("to", flat=True))
    assert {"compte@exemple.qc.ca", "alias.pirate@exemple.com"} <= told


def test_staff_unlocks_an_account_by_clearing_its_lock_in_the_console(client: Client) -> None:
    user = UserFactory(locked_at=timezone.now(), lock_reason="failures")
    login(client, _staff("support_unlock_account"))
    _change(
        client, user, locked=None, locked_at_0="", locked_at_1="", lock_reason="", reason=REASON
    )
    user.refresh_from_db()
    assert not user.is_locked
    assert AuditEvent.objects.filter(
        action=Action.ACCOUNT_UNLOCKED, target_id=str(user.pk)
    ).exists()


def test_staff_without_support_rights_changes_an_agents_email(client: Client) -> None:
    agent = AgentFactory(email="agent@regie.example")
    staff = _staff()
    login(client, staff)
    response = _change(client, agent, email="pirate@exemple.com", reason=REASON)
    assert response.status_code == 200  # the form again, with the refusal
    agent.refresh_from_db()
    assert agent.email == "agent@regie.example"
    assert AuditEvent.objects.filter(
        action=Action.AUTHORIZATION_REFUSED, actor=staff, target_id=str(agent.pk)
    ).exists()


def test_a_superuser_changes_privileges_with_an_audit_row(client: Client) -> None:
    boss = AgentFactory(is_superuser=True)
    user = UserFactory()
    login(client, boss)
    _change(client, user, is_staff="on", reason=REASON)
    user.refresh_from_db()
    assert user.is_staff
    assert AuditEvent.objects.filter(
        action=Action.ACCOUNT_PRIVILEGES_CHANGED, actor=boss, target_id=str(user.pk)
    ).exists()
