"""The register of authorized signatories, kept by the Régie's agents."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.access.models import AccessRequest, ServiceCode
from sel.access.selectors import establishment_access_request_by_reference
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.establishments.models import Establishment, Signatory
from sel.establishments.rules import (
    DesignatingRequest,
    board_resolution_required,
    signatory_designated_by_access_request,
)
from sel.establishments.services._common import raise_errors


def _designating(
    access_request: AccessRequest | None, *, user: User, establishment: Establishment
) -> DesignatingRequest | None:
    """The facts the register's rule checks on the access request an agent names."""
    if access_request is None:
        return None
    numbers = {access_request.organization_number_known, *access_request.establishment_numbers}
    ours = {establishment.number, *establishment.installations.values_list("number", flat=True)}
    if establishment.cluster_id is not None:
        ours.add(establishment.cluster.number)  # type: ignore[union-attr]
    return DesignatingRequest(
        reference=access_request.reference,
        approved=access_request.status == AccessRequest.Status.APPROVED,
        names_person=access_request.account_id == user.pk,
        asks_authorization=any(
            service.code == ServiceCode.ONLINE_PAYMENT_AUTHORIZATION
            for service in access_request.online_services.all()
        ),
        for_establishment=bool(numbers & ours),
    )


@transaction.atomic
def signatory_record(
    *,
    agent: User,
    user: User,
    establishment: Establishment,
    function: str,
    resolution_number: str = "",
    resolution_date: date | None = None,
    access_request_reference: str,
    valid_until: date | None = None,
    request: HttpRequest | None = None,
) -> Signatory:
    """Enter ``user`` in ``establishment``'s register from the access request that designated
    them, with the board resolution seed 003's NOTE asks for (unless exempt)."""
    access_request = establishment_access_request_by_reference(access_request_reference)
    raise_errors(
        board_resolution_required(
            function=function,
            resolution_number=resolution_number,
            resolution_date=resolution_date,
        ),
        signatory_designated_by_access_request(
            reference=access_request_reference,
            found=_designating(access_request, user=user, establishment=establishment),
        ),
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
        access_request=access_request,
        valid_until=valid_until,
        recorded_by=agent,
    )
    record(
        action=Action.SIGNATORY_RECORDED,
        actor=agent,
        target=signatory,
        request=request,
        details={
            "establishment": establishment.number,
            "user": user.pk,
            "function": function,
            "access_request": access_request.reference if access_request else "",
        },
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


@transaction.atomic
def signatory_access_request_link(
    *,
    agent: User,
    signatory: Signatory,
    access_request_reference: str,
    request: HttpRequest | None = None,
) -> Signatory:
    """Link an entry of the register made before entries named their access request to the
    accepted request that designated the signatory, under the register's own rule
    (``signatory_designated_by_access_request``); an entry already linked keeps its link."""
    # The entry's row alone (PostgreSQL locks no nullable side of a join); its relations follow.
    locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if locked.access_request is not None:
        raise_errors(
            {
                "access_request_reference": [
                    ValidationError(
                        _("Cette inscription est déjà liée à la demande d'accès %(reference)s.")
                        % {"reference": locked.access_request.reference},
                        code="already_linked",
                    )
                ]
            }
        )
    access_request = establishment_access_request_by_reference(access_request_reference)
    raise_errors(
        signatory_designated_by_access_request(
            reference=access_request_reference,
            found=_designating(
                access_request, user=locked.user, establishment=locked.establishment
            ),
        )
    )
    assert access_request is not None  # the rule refuses a reference that names none
    locked.access_request = access_request
    locked.save(update_fields=["access_request"])
    record(
        action=Action.SIGNATORY_LINKED,
        actor=agent,
        target=locked,
        request=request,
        details={
            "establishment": locked.establishment.number,
            "user": locked.user_id,
            "access_request": access_request.reference,
        },
    )
    return locked
