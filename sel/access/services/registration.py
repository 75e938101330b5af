"""What a registration with a PIN opens (seed 002 §4): the grants of the services that the
professional's profession uses directly, made in the registration's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Profession, Role, User
from sel.audit.events import Action
from sel.audit.services import record

# The roles that use the exception-drugs service directly (seeds 000, 001: the prescriber
# submits and follows requests; the pharmacist consults them).
DIRECT_EXCEPTION_DRUGS_ROLES = (Role.PRESCRIBER, Role.PHARMACIST)


def services_opened_by_registration(*, role: str, catalogued: list[str]) -> list[str]:
    """The service codes a registration with a PIN opens. Ours (issue #12), on seed 002's «
    un numéro d'identification personnel (NIP) qui leur permet de s'inscrire aux services en
    ligne »: a prescriber or a pharmacist gets the service of seed 001, « Médicaments
    d'exception et Patient d'exception », whatever the catalogue says (secure messaging comes
    with every account); the other professions get what the catalogue records for them."""
    codes = list(dict.fromkeys(catalogued))
    if role in DIRECT_EXCEPTION_DRUGS_ROLES and ServiceCode.EXCEPTION_DRUGS not in codes:
        codes.insert(0, ServiceCode.EXCEPTION_DRUGS)
    return codes


@transaction.atomic
def grants_from_registration(
    *,
    user: User,
    profession: Profession | None,
    request: HttpRequest | None = None,
    **_signal: Any,
) -> list[Grant]:
    """Receiver of ``sel.accounts.signals.registered_with_pin``: grants the services the
    registration opens, with no end date, one audit row each."""
    catalogued = list(profession.registration_services) if profession is not None else []
    codes = services_opened_by_registration(role=user.role, catalogued=catalogued)
    grants = []
    for service in OnlineService.objects.filter(code__in=codes, is_active=True):
        grant = Grant.objects.create(
            user=user, online_service=service, valid_from=timezone.localdate(), valid_until=None
        )
        record(
            action=Action.GRANT_CREATED,
            actor=user,
            target=grant,
            request=request,
            details={
                "service": service.code,
                "user": user.pk,
                "registration": profession.code if profession is not None else "",
            },
        )
        grants.append(grant)
    return grants
