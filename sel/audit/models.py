from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(PermissionError):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """Append-only: the application cannot change or delete a row (also enforced by a trigger on
    PostgreSQL). Written only by ``sel.audit.services.record`` and ``record_each``."""

    occurred_at = models.DateTimeField(_("moment (UTC)"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acteur"),
    )
    # No ``choices`` here: the vocabulary lives in events.Action and is enforced by record(), so
    # that a new action does not need a migration.
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("type de cible"), max_length=64, blank=True)
    target_id = models.CharField(_("identifiant de cible"), max_length=64, blank=True)
    client_address = models.GenericIPAddressField(_("adresse du client"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    # Searchable key for health-data consultations (the NAM consulted); never a secret.
    subject_key = models.CharField(_("clé du sujet"), max_length=64, blank=True, db_index=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("événements d'audit")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")
