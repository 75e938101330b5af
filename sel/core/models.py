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
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} → {self.to} ({self.status})"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Outbox emails are kept: nothing is deleted.")


class PeriodicJobRun(models.Model):
    """When each periodic job last started; the row makes two workers agree on who runs it."""

    name = models.CharField(max_length=120, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A throttle counter or timed mark of ``sel.core.counters`` when there is no Redis: updated
    atomically with ``F()``; ``expires_at`` gives its lifetime (null: until reset)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
