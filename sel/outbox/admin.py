from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sel.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin[OutboundEmail]):
    """The outbox, read-only: staff see what is pending, sent or failed, and why."""

    list_display = ("created_at", "to", "template", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "template")
    search_fields = ("to", "message_id")
    exclude = ("secret_context",)
    readonly_fields = (
        "message_id", "to", "template", "language", "context", "subject", "status", "attempts",
        "last_error", "next_attempt_at", "claimed_until", "created_at", "sent_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
