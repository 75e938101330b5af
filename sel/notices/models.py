from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current


class Audience(models.TextChoices):
    """Who a newsletter is for. Seed 002 keeps pharmacists and the other professionals apart."""

    ALL = "all", _("Tous les destinataires")
    PHARMACISTS = "pharmacists", _("Pharmaciens")
    OTHER_PROFESSIONALS = "other-professionals", _("Autres professionnels de la santé")
    ESTABLISHMENTS = "establishments", _("Établissements du réseau de la santé")
    SOFTWARE_VENDORS = "software-vendors", _("Développeurs de logiciels")


class NewsletterQuerySet(models.QuerySet["Newsletter"]):
    def published(self) -> NewsletterQuerySet:
        return self.filter(published_at__isnull=False)

    def for_audience(self, audience: str) -> NewsletterQuerySet:
        """A newsletter for everyone also belongs to each audience's feed."""
        return self.filter(audience__in=[audience, Audience.ALL])


class Newsletter(models.Model):
    """An *infolettre*: numbered, dated, for an audience, in French and English (seeds 002, 004).

    ``number`` and ``issued_on`` may be blank only for the seed documents that do not give them;
    the admin form requires both for anything staff write."""

    number = models.CharField(
        _("numéro"), max_length=5, blank=True, help_text=_("Trois chiffres, par exemple 045.")
    )
    issued_on = models.DateField(_("date"), null=True, blank=True)
    audience = models.CharField(
        _("destinataires"), max_length=32, choices=Audience.choices, default=Audience.ALL
    )
    title_fr = models.CharField(_("titre (français)"), max_length=250)
    title_en = models.CharField(_("titre (anglais)"), max_length=250, blank=True)
    body_fr = models.TextField(_("texte (français)"))
    body_en = models.TextField(_("texte (anglais)"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        verbose_name = _("infolettre")
        verbose_name_plural = _("infolettres")
        ordering = [models.F("issued_on").desc(nulls_last=True), "-pk"]
        permissions = [("publish_newsletter", _("Publier ou retirer une infolettre"))]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                condition=~models.Q(number=""),
                name="notices_newsletter_unique_number_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title_fr}"

    def get_absolute_url(self) -> str:
        return reverse("notices:newsletter_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def _in_english(self) -> bool:
        return language_current() == Language.ENGLISH

    @property
    def title(self) -> str:
        return self.title_en if self._in_english() and self.title_en else self.title_fr

    @property
    def body(self) -> str:
        return self.body_en if self._in_english() and self.body_en else self.body_fr

    @property
    def body_language(self) -> str:
        """The language the body is shown in (an English reader sees French when no translation
        exists), for the ``lang`` attribute."""
        return "en" if self._in_english() and self.body_en else "fr-CA"
