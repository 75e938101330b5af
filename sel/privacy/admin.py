from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sel.audit.events import Action
from sel.audit.services import record
from sel.core.admin import ReadOnlyAdmin
from sel.privacy.models import PrivacyIncident, RetentionRun


@admin.register(PrivacyIncident)
class PrivacyIncidentAdmin(admin.ModelAdmin[PrivacyIncident]):
    list_display = (
        "known_on",
        "occurred_from",
        "people_concerned",
        "risk",
        "commission_notified_on",
    )
    list_filter = ("risk",)
    exclude = ("recorded_by", "recorded_at")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: PrivacyIncident, form: Any, change: bool
    ) -> None:
        if not change:
            obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        record(
            action=Action.PRIVACY_INCIDENT_UPDATED if change else Action.PRIVACY_INCIDENT_RECORDED,
            actor=request.user,
            target=obj,
            request=request,
        )


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin[RetentionRun]):
    list_display = ("ran_at", "purged")
