from __future__ import annotations

from django.contrib import admin

from sel.messaging.models import Subject, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    """Threads themselves are not in the admin: agents read them in the queue, where every read
    is audited."""

    list_display = ("code", "name_fr", "name_en")
    filter_horizontal = ("members",)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin[Subject]):
    list_display = ("code", "name_fr", "team", "position", "is_active")
    list_filter = ("team", "is_active")
