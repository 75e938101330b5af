from __future__ import annotations

from django.contrib import admin

from sel.access.models import (
    AccessRequest,
    FormType,
    FormVersion,
    Grant,
    OnlineService,
    RefusedMailboxLocalPart,
)
from sel.core.admin import ReadOnlyAdmin


@admin.register(OnlineService)
class OnlineServiceAdmin(admin.ModelAdmin[OnlineService]):
    list_display = ("code", "name_fr", "name_en", "is_active")


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin[Grant]):
    list_display = ("user", "online_service", "valid_from", "valid_until", "revoked_at")
    list_filter = ("online_service",)
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("user", "granted_by", "revoked_by", "access_request")
    # Withdrawals go through the agent page (grant_revoke): it audits and tells the people.
    readonly_fields = ("revoked_at", "revoked_by", "revoked_reason")


class FormVersionInline(admin.TabularInline[FormVersion, FormType]):
    model = FormVersion
    extra = 1


@admin.register(FormType)
class FormTypeAdmin(admin.ModelAdmin[FormType]):
    """Staff edit the catalogue: form types, their versions and validity dates, functions."""

    list_display = ("code", "name_fr", "family", "email_delivery_from", "is_active")
    filter_horizontal = ("online_services",)
    inlines = [FormVersionInline]


@admin.register(RefusedMailboxLocalPart)
class RefusedMailboxLocalPartAdmin(admin.ModelAdmin[RefusedMailboxLocalPart]):
    search_fields = ("local_part",)


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin[AccessRequest]):
    """Read-only: requests change only through the services (signatures hash their content)."""

    list_display = ("reference", "form_version", "status", "channel", "received_at")
    list_filter = ("status", "channel", "form_version__form_type")
    search_fields = ("reference", "user_last_name", "user_email", "auth_email")
