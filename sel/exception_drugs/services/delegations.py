"""Delegations from prescribers to their administrative assistants (seed 000)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.exception_drugs.models import Delegation


@transaction.atomic
def delegation_create(
    *,
    prescriber: User,
    assistant: User,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> Delegation:
    """Seed 000: a prescriber lets an administrative assistant follow their requests."""
    if prescriber.role != Role.PRESCRIBER:
        raise ValidationError(_("Seul un prescripteur peut déléguer."))
    if assistant.role != Role.ADMIN_ASSISTANT or not assistant.is_active:
        raise ValidationError(_("Ce compte n'est pas celui d'un adjoint administratif."))
    today = timezone.localdate()
    if ends_on is not None and ends_on < today:
        raise ValidationError(_("La date de fin ne peut pas être passée."))
    delegation = Delegation.objects.create(
        prescriber=prescriber, assistant=assistant, starts_on=today, ends_on=ends_on
    )
    record(
        action=Action.DELEGATION_CREATED,
        actor=prescriber,
        target=delegation,
        request=request,
        details={"assistant": assistant.username},
    )
    return delegation


@transaction.atomic
def delegation_end(
    *, delegation: Delegation, prescriber: User, request: HttpRequest | None = None
) -> Delegation:
    """The prescriber ends a delegation; the assistant's next request no longer sees anything."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk, prescriber=prescriber)
    if locked.ended_at is None:
        locked.ended_at = timezone.now()
        locked.ended_by = prescriber
        locked.save(update_fields=["ended_at", "ended_by"])
        record(action=Action.DELEGATION_ENDED, actor=prescriber, target=locked, request=request)
    return locked
