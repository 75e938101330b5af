"""The register of authorized signatories, kept by the Régie's agents."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.establishments.models import Establishment, Signatory
from sel.establishments.rules import board_resolution_required
from sel.establishments.services._common import raise_errors


@transaction.atomic
def signatory_record(
    *,
    agent: User,
    user: User,
    establishment: Establishment,
    function: str,
    resolution_number: str = "",
    resolution_date: date | None = None,
    access_request_reference: str = "",
    valid_until: date | None = None,
    request: HttpRequest | None = None,
) -> Signatory:
    """Enter ``user`` in ``establishment``'s register from the access request that designated
    them, with the board resolution seed 003's NOTE asks for (unless exempt)."""
    raise_errors(
        board_resolution_required(
            function=function,
            resolution_number=resolution_number,
            resolution_date=resolution_date,
        )
    )
    if (
        Signatory.objects.in_force_on(timezone.localdate())
        .filter(user=user, establishment=establishment)
        .exists()
    ):
        raise_errors(
            {
                "username": [
                    ValidationError(
                        _("Cette personne est déjà inscrite au registre de cet établissement."),
                        code="already_registered",
                    )
                ]
            }
        )
    signatory = Signatory.objects.create(
        user=user,
        establishment=establishment,
        function=function,
        resolution_number=resolution_number.strip(),
        resolution_date=resolution_date,
        access_request_reference=access_request_reference.strip().upper(),
        valid_until=valid_until,
        recorded_by=agent,
    )
    record(
        action=Action.SIGNATORY_RECORDED,
        actor=agent,
        target=signatory,
        request=request,
        details={"establishment": establishment.number, "user": user.pk, "function": function},
    )
    return signatory


@transaction.atomic
def signatory_end(*, agent: User, signatory: Signatory, request: HttpRequest | None = None) -> None:
    """Take a signatory off the register: their queue closes at once (the queue reads only
    signatories in force)."""
    locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if locked.ended_at is not None:
        return
    locked.ended_at = timezone.now()
    locked.ended_by = agent
    locked.save(update_fields=["ended_at", "ended_by"])
    record(action=Action.SIGNATORY_ENDED, actor=agent, target=locked, request=request)
