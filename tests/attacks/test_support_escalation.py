"""Item 13: the support actions on a Régie agent's or a superuser's account (disable, reset the
second factor, ...) needed no more than unlocking a professional, and resetting a second factor
was covered by the unlock permission. Both now need their own permission, checked by the support
services themselves, not only by the pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from sel.accounts.models import User
from sel.accounts.services import support as services_support
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _agent_with(*codenames: str) -> User:
    agent = AgentFactory(support_permissions=False)
    agent.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
    )
    return User.objects.get(pk=agent.pk)


def _act(client: Client, account: User, action: str) -> int:
    response = client.post(
        f"/compte/soutien/compte/{account.pk}/",
        {"action": action, "reason": "Appel reçu, identité vérifiée"},
    )
    return response.status_code


def _professional_with_a_second_factor() -> User:
    user = UserFactory(
        totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_confirmed_at=timezone.now()
    )
    return User.objects.get(pk=user.pk)


def test_agent_who_may_unlock_accounts_resets_someones_second_factor(client: Client) -> None:
    victim = _professional_with_a_second_factor()
    login(client, _agent_with("support_view_account", "support_unlock_account"))
    assert _act(client, victim, "reset_second_factor") == 403
    victim.refresh_from_db()
    assert victim.has_second_factor
    assert AuditEvent.objects.filter(
        action=Action.AUTHORIZATION_REFUSED, target_id=str(victim.pk)
    ).exists()


def test_support_agent_disables_another_agent_with_the_ordinary_permission(
    client: Client,
) -> None:
    other = AgentFactory()
    login(client, AgentFactory())  # the support centre's usual permissions
    assert _act(client, other, "disable") == 403
    other.refresh_from_db()
    assert other.is_active


def test_support_agent_resets_a_superusers_second_factor(client: Client) -> None:
    boss = AgentFactory(is_superuser=True)
    login(
        client,
        _agent_with(
            "support_view_account", "support_unlock_account", "support_reset_second_factor"
        ),
    )
    assert _act(client, boss, "reset_second_factor") == 403
    boss.refresh_from_db()
    assert boss.has_second_factor


def test_agent_resets_their_own_second_factor_through_the_support_page(client: Client) -> None:
    agent = _agent_with(
        "support_view_account",
        "support_unlock_account",
        "support_reset_second_factor",
        "support_act_on_staff",
    )
    login(client, agent)
    assert _act(client, agent, "reset_second_factor") == 403
    agent.refresh_from_db()
    assert agent.has_second_factor


def test_a_support_service_called_without_the_permission_refuses_by_itself() -> None:
    actor = AgentFactory()  # may disable professionals, not agents
    other = AgentFactory()
    with pytest.raises(PermissionDenied):
        services_support.account_disable(user=other, actor=actor, reason="essai", request=None)
    other.refresh_from_db()
    assert other.is_active
    with pytest.raises(PermissionDenied):
        services_support.second_factor_reset(
            user=_professional_with_a_second_factor(),
            actor=_agent_with("support_unlock_account"),
            reason="essai",
            request=None,
        )


def test_an_agent_with_both_permissions_resets_another_agents_second_factor(
    client: Client,
) -> None:
    other = AgentFactory()
    login(
        client,
        _agent_with("support_view_account", "support_reset_second_factor", "support_act_on_staff"),
    )
    assert _act(client, other, "reset_second_factor") == 302
    other.refresh_from_db()
    assert not other.has_second_factor


def test_the_ordinary_support_permissions_still_reset_a_professionals_second_factor(
    client: Client,
) -> None:
    victim = _professional_with_a_second_factor()
    login(client, AgentFactory())
    assert _act(client, victim, "reset_second_factor") == 302
    victim.refresh_from_db()
    assert not victim.has_second_factor
