"""Messaging: Régie agents in their teams."""

from __future__ import annotations

from typing import Any

from sel.accounts.models import Role, User
from tests.factories.accounts import UserFactory


def messaging_agent(*, teams: list[str], **fields: Any) -> User:
    """A Régie agent (role AGENT, staff, the messaging permission) in the given teams."""
    from django.contrib.auth.models import Permission

    from sel.messaging.models import Team

    agent = UserFactory(role=Role.AGENT, is_staff=True, **fields)
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label="messaging", codename="handle_messages")
    )
    for code in teams:
        Team.objects.get(code=code).members.add(agent)
    return User.objects.get(pk=agent.pk)  # fresh permission cache
