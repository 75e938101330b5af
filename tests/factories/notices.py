"""Notices: published newsletters."""

from __future__ import annotations

import factory
from django.utils import timezone

from sel.notices.models import Newsletter


class NewsletterFactory(factory.django.DjangoModelFactory[Newsletter]):
    class Meta:
        model = Newsletter

    number = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    issued_on = factory.Sequence(lambda n: timezone.localdate() - timezone.timedelta(days=n))
    audience = "all"
    title_fr = factory.Sequence(lambda n: f"Infolettre d'essai {n}")
    title_en = factory.Sequence(lambda n: f"Test newsletter {n}")
    body_fr = "Premier paragraphe de l'infolettre, assez long pour servir de résumé au fil RSS."
    body_en = "First paragraph of the newsletter, long enough to be the RSS feed's summary."
    published_at = factory.LazyFunction(timezone.now)
