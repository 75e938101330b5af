from __future__ import annotations

from django.contrib import admin

from sel.audit.console import HealthDataAdmin
from sel.exception_drugs.models import (
    Delegation,
    Drug,
    ExceptionRequest,
    Indication,
    InsuredPerson,
    StatusChange,
)


class IndicationInline(admin.TabularInline[Indication, Drug]):
    model = Indication
    extra = 0


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin[Drug]):
    list_display = ("din", "name", "strength", "form", "is_exception")
    list_filter = ("is_exception",)
    search_fields = ("din", "name")
    inlines = [IndicationInline]


@admin.register(InsuredPerson)
class InsuredPersonAdmin(HealthDataAdmin[InsuredPerson]):
    """Health data: no search here, no NAM in the list, every read audited."""

    list_display = ("id", "last_name", "first_name")


class StatusChangeInline(admin.TabularInline[StatusChange, ExceptionRequest]):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_at", "changed_by")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ExceptionRequest)
class ExceptionRequestAdmin(HealthDataAdmin[ExceptionRequest]):
    """Read-only here: decisions go through the agent pages, which write history and audit.
    Health data: no search here (the agent pages find a request by reference or NAM), every
    read audited."""

    list_display = ("reference", "kind", "drug", "status", "channel", "received_at")
    list_filter = ("status", "channel", "kind")
    raw_id_fields = (
        "insured_person",
        "drug",
        "prescriber",
        "indication",
        "renewal_of",
        "recorded_by",
    )
    inlines = [StatusChangeInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    list_display = ("prescriber", "assistant", "starts_on", "ends_on", "ended_at")
    raw_id_fields = ("prescriber", "assistant", "ended_by")
