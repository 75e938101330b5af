"""The vendors' OAuth 2.0 clients: one per approved B2B access request and environment (seed
004's production and training credentials), its secrets and the practices it acts for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Environment(models.TextChoices):
    """Seed 004: « identifiants de production utilisés pour l'usage courant » and « identifiants
    de formation requis par les développeurs de logiciels pour leurs travaux informatiques ». The
    register's rows carry the same value: training clients read and write the sandbox only."""

    PRODUCTION = "production", _("Production")
    TRAINING = "training", _("Formation (bac à sable)")


class B2BClient(models.Model):
    """One vendor's client of the B2B services. Its OAuth side (client id, hashed secret, tokens)
    is django-oauth-toolkit's ``Application``; its scopes are the B2B services that the grants of
    its access request name, in force today (``sel.b2b.grants``)."""

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.PROTECT,
        related_name="b2b_client",
    )
    access_request = models.ForeignKey(
        "access.AccessRequest", on_delete=models.PROTECT, related_name="b2b_clients"
    )
    environment = models.CharField(_("environnement"), max_length=12, choices=Environment.choices)
    it_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="b2b_clients",
        verbose_name=_("responsable informatique"),
    )
    organization_name = models.CharField(_("développeur de logiciels"), max_length=200)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # Seed 004: the IT lead receives « le mot de passe temporaire de l'identifiant émis »; like a
    # temporary password, the initial secret opens nothing until it is replaced.
    secret_must_change = models.BooleanField(_("secret initial à remplacer"), default=True)
    secret_changed_at = models.DateTimeField(_("secret changé le"), null=True, blank=True)
    # After a rotation, the previous secret (hashed) works until ``previous_secret_until``.
    previous_secret_hash = models.CharField(max_length=200, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("client B2B")
        verbose_name_plural = _("clients B2B")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["access_request", "environment"], name="b2b_client_per_request"
            )
        ]
        permissions = [("revoke_b2bclient", "Révoquer un client B2B")]

    def __str__(self) -> str:
        return f"{self.organization_name} ({self.environment})"

    @property
    def client_id(self) -> str:
        return str(self.application.client_id)


class ClientPractice(models.Model):
    """A practice number a client acts for (form 4058: only the physician's own software may
    register, end or list that physician's clientele). Linked by the Régie's agents."""

    client = models.ForeignKey(B2BClient, on_delete=models.CASCADE, related_name="practices")
    practice_number = models.CharField(_("numéro de pratique"), max_length=10)
    linked_at = models.DateTimeField(default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pratique liée")
        verbose_name_plural = _("pratiques liées")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "practice_number"], name="b2b_client_practice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.practice_number}"


class IdempotencyRecord(models.Model):
    """The answer given to a POST with an ``Idempotency-Key``: a retry with the same key and the
    same body gets it again instead of a second write."""

    client = models.ForeignKey(B2BClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="b2b_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
