from __future__ import annotations

from django.contrib import admin

from sel.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("username", "last_name", "first_name", "role", "email", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "last_name", "first_name", "email")
    exclude = ("password",)
    readonly_fields = ("last_login", "date_joined", "password_changed_at")
