"""Every change to newsletters: saved, published, withdrawn, each audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser as User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.services import record
from sel.notices.models import Newsletter


def _details(newsletter: Newsletter) -> dict[str, Any]:
    return {
        "number": newsletter.number,
        "issued_on": newsletter.issued_on.isoformat() if newsletter.issued_on else "",
        "audience": newsletter.audience,
    }


@transaction.atomic
def newsletter_save(
    *, newsletter: Newsletter, actor: User, request: HttpRequest | None = None
) -> Newsletter:
    """Staff create or edit a newsletter (a draft until published)."""
    created = newsletter.pk is None
    newsletter.updated_at = timezone.now()
    newsletter.save()
    record(
        action=Action.NEWSLETTER_SAVED,
        actor=actor,
        target=newsletter,
        request=request,
        details={**_details(newsletter), "created": created},
    )
    return newsletter


def _published_set(
    newsletter: Newsletter,
    published: bool,
    action: Action,
    actor: User,
    request: HttpRequest | None,
) -> Newsletter:
    """Lock the newsletter and set whether it is public; audited only when that changes."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if (newsletter.published_at is not None) != published:
        newsletter.published_at = timezone.now() if published else None
        newsletter.save(update_fields=["published_at"])
        record(
            action=action,
            actor=actor,
            target=newsletter,
            request=request,
            details=_details(newsletter),
        )
    return newsletter


@transaction.atomic
def newsletter_publish(
    *, newsletter: Newsletter, actor: User, request: HttpRequest | None = None
) -> Newsletter:
    """Make a newsletter public: list, detail page and RSS feeds."""
    return _published_set(newsletter, True, Action.NEWSLETTER_PUBLISHED, actor, request)


@transaction.atomic
def newsletter_withdraw(
    *, newsletter: Newsletter, actor: User, request: HttpRequest | None = None
) -> Newsletter:
    """Take a newsletter off the public pages and feeds (it is kept, never deleted)."""
    return _published_set(newsletter, False, Action.NEWSLETTER_WITHDRAWN, actor, request)
