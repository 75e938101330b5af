"""The catalogue of professions: what registration with a PIN opens for each (issue #12)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from sel.accounts.models import Profession, User
from sel.audit.events import Action
from sel.audit.services import record


@transaction.atomic
def profession_registration_services_set(
    *,
    profession: Profession,
    service_codes: list[str],
    agent: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Profession:
    """An agent changes which services registration with a PIN opens for a profession; the
    accounts already registered keep their grants. Audited with the before and after."""
    locked = Profession.objects.select_for_update().get(pk=profession.pk)
    before = list(locked.registration_services)
    after = sorted(dict.fromkeys(service_codes))
    locked.registration_services = after
    locked.save(update_fields=["registration_services"])
    record(
        action=Action.PROFESSION_SERVICES_CHANGED,
        actor=agent,
        target=locked,
        request=request,
        details={
            "profession": locked.code,
            "before": before,
            "after": after,
            "reason": reason[:500],
        },
    )
    return locked
