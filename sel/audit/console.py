"""Health data in the staff console (``/gestion/``): the ``ModelAdmin`` every app's admin uses
for a model that holds health data, so that each read there leaves an audit row."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin, messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from sel.audit.events import Action
from sel.audit.services import record

_Model = TypeVar("_Model", bound=Model)


class HealthDataAdmin(admin.ModelAdmin[_Model]):
    """Health data in the console: never searched through the URL (no ``?q=``, no filter on a
    NAM: a NAM never appears in a URL, SECURITY.md #28); the agents' pages search by POST. Every
    list or record opened writes a ``console.health_data_read`` audit row naming what was shown.
    """

    search_fields = ()
    actions = None  # no row checkboxes: their labels would repeat each row's NAM
    refused_lookups: tuple[str, ...] = ("nam",)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        if any(part in self.refused_lookups for part in lookup.split("__")):
            return False
        return super().lookup_allowed(lookup, value, request)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if "q" in request.GET:
            messages.error(
                request,
                _(
                    "La console ne cherche pas dans les données de santé. Les pages de la Régie "
                    "cherchent par NAM sans l'inscrire dans l'adresse."
                ),
            )
            return HttpResponseRedirect(request.path)
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            record(
                action=Action.CONSOLE_HEALTH_DATA_READ,
                actor=request.user,
                request=request,
                details={
                    "model": self.model._meta.label_lower,
                    "view": "list",
                    "ids": [obj.pk for obj in changelist.result_list],
                },
            )
        return response

    def _record_read(self, request: HttpRequest, object_id: str, view: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None:
            record(
                action=Action.CONSOLE_HEALTH_DATA_READ,
                actor=request.user,
                target=obj,
                request=request,
                details={"model": obj._meta.label_lower, "view": view},
            )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            self._record_read(request, object_id, "record")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._record_read(request, object_id, "history")
        return response
