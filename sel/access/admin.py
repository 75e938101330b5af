from __future__ import annotations

from django.contrib import admin

from sel.access.models import Grant, OnlineService


@admin.register(OnlineService)
class OnlineServiceAdmin(admin.ModelAdmin[OnlineService]):
    list_display = ("code", "name_fr", "name_en", "is_active")


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin[Grant]):
    list_display = ("user", "service", "valid_from", "valid_until", "revoked_at")
    list_filter = ("service",)
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("user", "granted_by")
