from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sel.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("occurred_at", "action", "actor", "target_type", "target_id", "client_address")
    list_filter = ("action",)
    search_fields = ("subject_key", "target_id", "actor__username")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
