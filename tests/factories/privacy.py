"""Privacy factories: an agent of the Régie's privacy office (the permission that answers an
insured person's request for access, and no other)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission

from sel.accounts.models import User
from tests.factories.accounts import AgentFactory


def privacy_agent(**fields: object) -> User:
    # A transactional test elsewhere may have flushed the permissions: create them again.
    create_permissions(apps.get_app_config("privacy"), verbosity=0)
    agent = AgentFactory(support_permissions=False, **fields)
    agent.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="privacy", codename="answer_insured_person_request"
        )
    )
    return User.objects.get(pk=agent.pk)  # a fresh object: no stale permission cache
