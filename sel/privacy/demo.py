"""Demo data: the demo agent CE900001 answers insured persons' requests for access (README)."""

from __future__ import annotations

from django.contrib.auth.models import Permission

from sel.accounts.models import User


def load() -> None:
    agent = User.objects.filter(username="CE900001").first()
    if agent is not None:
        agent.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="privacy", codename="answer_insured_person_request"
            )
        )
