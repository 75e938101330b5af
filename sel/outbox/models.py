from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One email of the outbox. Written in the transaction of the change that causes it; delivered
    by the worker; never deleted. A re-send after a crash carries the same Message-ID."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec définitif")

    message_id = models.CharField(max_length=255, unique=True)
    to = models.CharField(_("destinataire"), max_length=254)
    template = models.CharField(max_length=120)
    language = models.CharField(max_length=10)
    context = models.JSONField(default=dict, blank=True)
    # Temporary passwords and codes: needed until delivery, then wiped (the email itself stays).
    secret_context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The model moved from ``core`` without its rows moving: the table keeps its name
        # (migrations core 0003 and outbox 0001 only move the model in Django's state).
        db_table = "core_outboundemail"
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_outbou_status_f5f1ae_idx")
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} → {self.to} ({self.status})"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Outbox emails are kept: nothing is deleted.")
