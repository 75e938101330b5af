"""Demo data: the seed newsletters (also loaded by migration 0002) and the agents' permission."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from sel.notices.models import Newsletter
from sel.notices.seeds import seed_newsletters_load

AGENTS_GROUP = "Agents de la Régie"


def load() -> None:
    seed_newsletters_load(Newsletter)
    group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
    codenames = ["publish_newsletter", "add_newsletter", "change_newsletter", "view_newsletter"]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="notices", codename__in=codenames)
    )
