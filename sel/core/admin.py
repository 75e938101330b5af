"""What the staff console's admin classes share."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

_Model = TypeVar("_Model", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_Model]):
    """Rows the console shows and never adds, changes or deletes: they change only through their
    app's services (or not at all: an audit trail, a run's record)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
