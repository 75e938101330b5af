from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sel.audit.models import AuditEvent
from sel.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The trail, read-only. Its subject key (the NAM of a consultation) is neither searched nor
    shown here: that search is the agents' POST page, which is itself audited."""

    list_display = ("occurred_at", "action", "actor", "target_type", "target_id", "client_address")
    list_filter = ("action",)
    search_fields = ("target_id", "actor__username")
    date_hierarchy = "occurred_at"
    exclude = ("subject_key",)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        if lookup.split("__")[0] == "subject_key":
            return False
        return super().lookup_allowed(lookup, value, request)
