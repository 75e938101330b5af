"""The one module of this app that reads the access app's grants (``sel.access``): which B2B
services the grants of an access request open today. Every direct use of the ``Grant.service``
field in this app is here, so that its rename touches one file."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from sel.access.models import Grant, ServiceCode

# The scopes of a client are the codes of the B2B services its grants open.
B2B_SERVICES = (
    ServiceCode.B2B_ELIGIBILITY,
    ServiceCode.B2B_FAMILY_DOCTOR,
    ServiceCode.B2B_CLIENTELE_REGISTRATION,
    ServiceCode.B2B_SELAT,
    # Issue #14, not seed 004: payment requests sent by software (the fifth B2B form).
    ServiceCode.B2B_PAYMENT_REQUESTS,
)


def _in_force(day: date) -> QuerySet[Grant]:
    return Grant.objects.valid_on(day).filter(
        user__is_active=True,
        online_service__is_active=True,
        online_service__code__in=B2B_SERVICES,
    )


def services_in_force(access_request_id: int, *, day: date | None = None) -> list[str]:
    """The B2B services that the grants of this access request open today, sorted."""
    return sorted(
        set(
            _in_force(day or timezone.localdate())
            .filter(access_request_id=access_request_id)
            .values_list("online_service__code", flat=True)
        )
    )


def service_in_force_exists(access_request_ref: OuterRef | int, service_code: str) -> Exists:
    """An ``Exists`` for a query's annotation: a grant of that access request opens the service
    today (the per-call check of the token, in the same statement)."""
    return Exists(
        _in_force(timezone.localdate()).filter(
            access_request_id=access_request_ref, online_service__code=service_code
        )
    )


def any_service_in_force_exists(access_request_ref: OuterRef | int) -> Exists:
    """As ``service_in_force_exists``, for any B2B service (the no-op call)."""
    return Exists(_in_force(timezone.localdate()).filter(access_request_id=access_request_ref))


def b2b_services_requested(service_codes: list[str]) -> list[str]:
    """Those of an access request's services that are B2B services."""
    return sorted(code for code in service_codes if code in B2B_SERVICES)
