from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current


class OnlineService(models.Model):
    """An online service (and application) that a grant opens, e.g. seed 001's « Médicaments
    d'exception et patient d'exception », application « Consultation des demandes
    d'autorisation »."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200)
    is_active = models.BooleanField(_("offert"), default=True)

    class Meta:
        verbose_name = _("service en ligne")
        verbose_name_plural = _("services en ligne")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if language_current() == Language.ENGLISH else self.name_fr


def grant_valid_on(day: date) -> models.Q:
    """The one rule of a grant in force on ``day``: started, not ended, not withdrawn."""
    return models.Q(
        models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        revoked_at__isnull=True,
        valid_from__lte=day,
    )


class GrantQuerySet(models.QuerySet["Grant"]):
    def valid_on(self, day: date) -> GrantQuerySet:
        return self.filter(grant_valid_on(day))


class Grant(models.Model):
    """An account's right to use one online service, for a validity period, until the Régie
    withdraws it (seed 001: « la Régie se réserve le droit de retirer en tout temps et sans
    préavis l'accès »)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants"
    )
    online_service = models.ForeignKey(
        OnlineService, on_delete=models.PROTECT, related_name="grants"
    )
    valid_from = models.DateField(_("valide à partir du"), default=timezone.localdate)
    valid_until = models.DateField(_("valide jusqu'au"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Where the grant came from and who answers for it (seed 003, section 3).
    access_request = models.ForeignKey(
        "access.AccessRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    authorizer_email = models.EmailField(_("courriel de la personne qui autorise"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.CharField(_("motif du retrait"), max_length=500, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("dernière confirmation"), null=True, blank=True)
    confirmation_requested_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès accordé")
        verbose_name_plural = _("accès accordés")
        ordering = ["online_service__name_fr"]
        permissions = [("revoke_grant", "Retirer un accès accordé")]

    def __str__(self) -> str:
        return f"{self.user} → {self.online_service}"


class ServiceCode:
    """Codes of the services loaded by migrations 0003 (seeds 001, 003, 004), 0011 (SELAT,
    seed 002), 0013 (the professionals' payment requests, issue #14) and 0014 (the same
    requests sent by software through the B2B services, issue #14)."""

    EXCEPTION_DRUGS = "exception-drugs"
    ONLINE_PAYMENT_AUTHORIZATION = "online-payment-authorization"
    AUTHORIZER_PROFESSIONAL_ASSOCIATION = "authorizer-professional-association"
    B2B_CLIENTELE_REGISTRATION = "b2b-clientele-registration"
    B2B_ELIGIBILITY = "b2b-eligibility"
    B2B_SELAT = "b2b-selat"
    B2B_FAMILY_DOCTOR = "b2b-family-doctor"
    # Seed 002: « service en ligne des aides techniques – SELAT »: its users' own access, apart
    # from the vendors' access to seed 004's « SELAT – B2B (formulaire 4134) ».
    SELAT = "selat"
    # Seed 002's « gestion et autorisation des demandes de paiement par le Web »: the
    # professionals' side, submitting the requests their establishment's signatory authorizes.
    PAYMENT_REQUESTS = "payment-requests"
    # Issue #14: « Software can also submit them; reuse the B2B credentials ». A fifth B2B
    # service, asked for on its own B2B form; it comes from the issue, not from seed 004, which
    # lists four B2B forms.
    B2B_PAYMENT_REQUESTS = "b2b-payment-requests"
