"""Payment requests sent by software (issue #14: « Software can also submit them; reuse the B2B
credentials »): which installations an establishment authorized a vendor's client for, which
production requests a client submitted, and the sandbox's requests of training clients."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.b2b.models.clients import B2BClient
from sel.establishments.models.payments import Status


class SoftwareAuthorization(models.Model):
    """An establishment's *Association* user authorized this client to submit payment requests
    for one installation of their scope, until they end it."""

    client = models.ForeignKey(
        B2BClient, on_delete=models.PROTECT, related_name="payment_authorizations"
    )
    installation = models.ForeignKey(
        "establishments.Installation", on_delete=models.PROTECT, related_name="+"
    )
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    authorized_at = models.DateTimeField(_("autorisé le"), default=timezone.now)
    ended_at = models.DateTimeField(_("fin le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("logiciel autorisé (demandes de paiement)")
        verbose_name_plural = _("logiciels autorisés (demandes de paiement)")
        ordering = ["-authorized_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "installation"],
                condition=Q(ended_at__isnull=True),
                name="b2b_one_open_software_authorization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.installation_id}"


class SoftwarePaymentRequest(models.Model):
    """A production payment request (``establishments.PaymentRequest``) and the client that
    submitted it: the status call answers only that client."""

    client = models.ForeignKey(B2BClient, on_delete=models.PROTECT, related_name="+")
    payment_request = models.OneToOneField(
        "establishments.PaymentRequest", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("demande de paiement transmise par un logiciel")
        verbose_name_plural = _("demandes de paiement transmises par un logiciel")

    def __str__(self) -> str:
        return f"{self.client_id} → {self.payment_request_id}"


class SandboxPaymentRequest(models.Model):
    """A training client's payment request: the sandbox's, never the establishments' tables.
    It moves by itself (``sel.b2b.sandbox``): nobody real decides it."""

    client = models.ForeignKey(B2BClient, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=20, unique=True)
    practice_number = models.CharField(max_length=10)
    installation_number = models.CharField(max_length=5)
    mode = models.CharField(max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    lines = models.JSONField(default=list)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    status = models.CharField(max_length=16, choices=Status.choices)
    submitted_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("demande de paiement du bac à sable")
        verbose_name_plural = _("demandes de paiement du bac à sable")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.reference
