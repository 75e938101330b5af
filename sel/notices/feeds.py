"""RSS feeds (Django's syndication framework): all newsletters, and one per audience (seed 004:
« Abonnez-vous à nos fils RSS »)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.notices.models import Audience, Newsletter
from sel.notices.rendering import plain_summary
from sel.notices.selectors import audience_by_slug, newsletters_published

FEED_SIZE = 50


class NewsletterFeed(Feed[Newsletter, Audience | None]):
    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Audience | None:
        slug = kwargs.get("audience")
        return audience_by_slug(str(slug)) if slug else None

    def title(self, obj: Audience | None) -> str:
        if obj is None:
            return _("Infolettres de la Régie – services en ligne")
        return _("Infolettres de la Régie – %(audience)s") % {"audience": obj.label}

    def link(self, obj: Audience | None) -> str:
        url = reverse("notices:newsletter_list")
        return f"{url}?destinataires={obj.value}" if obj else url

    def description(self, obj: Audience | None) -> str:
        return _(
            "Les infolettres publiées par la Régie pour les utilisateurs des services en ligne."
        )

    def feed_url(self, obj: Audience | None) -> str:
        if obj is None:
            return reverse("notices:feed")
        return reverse("notices:feed_audience", args=[obj.value])

    def items(self, obj: Audience | None) -> list[Newsletter]:
        return list(newsletters_published(audience=obj.value if obj else None)[:FEED_SIZE])

    def item_title(self, item: Newsletter) -> str:
        if not item.number:
            return item.title
        return _("Infolettre %(number)s – %(title)s") % {"number": item.number, "title": item.title}

    def item_description(self, item: Newsletter) -> str:
        return plain_summary(item.body)

    def item_link(self, item: Newsletter) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Newsletter) -> str:
        return f"sel-infolettre-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Newsletter) -> datetime | None:
        if item.issued_on is not None:
            return timezone.make_aware(datetime.combine(item.issued_on, time(8, 0)))
        return item.published_at

    def item_categories(self, item: Newsletter) -> list[str]:
        return [str(item.get_audience_display())]
