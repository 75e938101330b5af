from __future__ import annotations

from django.contrib.auth.models import AbstractUser as User
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sel.notices.models import Audience, Newsletter, NewsletterQuerySet


def newsletters_published(*, audience: str | None = None) -> NewsletterQuerySet:
    """Published newsletters, newest first; for one audience, also those meant for everyone."""
    newsletters = Newsletter.objects.published()
    if audience:
        newsletters = newsletters.for_audience(audience)
    return newsletters


def newsletter_visible_by_id(user: User | AnonymousUser, newsletter_id: int) -> Newsletter:
    """A draft or withdrawn newsletter is not found, like a missing one, except by the staff who
    write newsletters (to preview them before publishing)."""
    newsletters = Newsletter.objects.all()
    if not (user.is_authenticated and user.is_staff and user.has_perm("notices.change_newsletter")):
        newsletters = newsletters.published()
    try:
        return newsletters.get(pk=newsletter_id)
    except Newsletter.DoesNotExist as exc:
        raise Http404 from exc


def audience_by_slug(slug: str) -> Audience:
    try:
        return Audience(slug)
    except ValueError as exc:
        raise Http404 from exc


def newsletters_for_references() -> list[Newsletter]:
    """Every published newsletter that carries a number: the targets of references."""
    return list(
        Newsletter.objects.published()
        .exclude(number="")
        .only("pk", "number", "issued_on", "published_at")
    )
