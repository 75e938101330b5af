"""Who authorizes whom: the register of authorized signatories kept by the Régie's agents, and
the associations between a signatory and a professional, per installation and period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.establishments.context_cache import signatory_contexts_forget
from sel.establishments.models.reference import Establishment, Installation


class SignatoryFunction(models.TextChoices):
    """Who may authorize an establishment's payment requests (issue #14, seed 003 section 3)."""

    SERVICE_HEAD = "service_head", _("Chef de service")
    DEPARTMENT_HEAD = "department_head", _("Chef de département")
    DSP = "dsp", _("Directeur des services professionnels")
    DG = "dg", _("Directeur général")
    DEPUTY = "deputy", _("Adjoint au DSP ou au DG")
    OPTILAB_REPRESENTATIVE = (
        "optilab_representative",
        _("Représentant autorisé d'une grappe de services (OPTILAB)"),
    )
    GMF_RESPONSIBLE = "gmf_responsible", _("Médecin responsable du GMF")
    GMF_CORESPONSIBLE = "gmf_coresponsible", _("Médecin coresponsable du GMF")


class SignatoryQuerySet(models.QuerySet["Signatory"]):
    def update(self, **kwargs: Any) -> int:
        """As a save does (its signal), an update ends the signatories' kept contexts."""
        updated = super().update(**kwargs)
        signatory_contexts_forget()
        return updated

    def in_force_on(self, day: date) -> SignatoryQuerySet:
        return self.filter(ended_at__isnull=True, valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Signatory(models.Model):
    """One entry of the register: an account designated authorized signatory of an
    establishment, with the board resolution that designated it (seed 003's NOTE)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatory_entries"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="signatories"
    )
    function = models.CharField(_("fonction"), max_length=32, choices=SignatoryFunction.choices)
    resolution_number = models.CharField(
        _("numéro de la résolution du conseil d'administration"), max_length=40, blank=True
    )
    resolution_date = models.DateField(_("date de la résolution"), null=True, blank=True)
    # The approved establishments' access request that designated them (issue #14: « kept by
    # the Régie's agents from the access request that designated the signatory »).
    access_request = models.ForeignKey(
        "access.AccessRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatory_entries",
        verbose_name=_("demande d'accès qui l'a désigné"),
    )
    valid_from = models.DateField(_("inscrit à partir du"), default=timezone.localdate)
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("retiré du registre le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("signataire autorisé")
        verbose_name_plural = _("registre des signataires autorisés")
        ordering = ["establishment__number", "user__last_name", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.establishment.number})"


class AssociationQuerySet(models.QuerySet["Association"]):
    def update(self, **kwargs: Any) -> int:
        """As a save does (its signal), an update ends the signatories' kept contexts."""
        updated = super().update(**kwargs)
        signatory_contexts_forget()
        return updated

    def in_force_on(self, day: date) -> AssociationQuerySet:
        return self.filter(ended_at__isnull=True, valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Association(models.Model):
    """« Association entre le responsable de l'autorisation et le professionnel » (seed 003):
    which signatory authorizes which professional's requests, at one installation, from a date
    until a date."""

    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT, related_name="associations")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_associations"
    )
    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="associations"
    )
    valid_from = models.DateField(_("à partir du"))
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["installation__number", "professional__last_name", "valid_from", "pk"]
        indexes = [models.Index(fields=["professional", "installation"])]

    def __str__(self) -> str:
        return f"{self.signatory.user} → {self.professional} ({self.installation.number})"


class AssociationChange(models.Model):
    """An association's history, shown with it: its creation, each change (the fields changed,
    before and after, as they read) and its end, with who did it and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Créée")
        CHANGED = "changed", _("Modifiée")
        ENDED = "ended", _("Terminée")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(_("événement"), max_length=8, choices=Kind.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {"field": [before, after]}: dates as AAAA-MM-JJ, a signatory as « name (username) ».
    changes = models.JSONField(_("changements"), default=dict, blank=True)

    class Meta:
        verbose_name = _("historique d'une association")
        verbose_name_plural = _("historique des associations")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.association_id} {self.kind}"
