"""Delegations from prescribers to their administrative assistants (seed 000)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.access.models import ServiceCode
from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.exception_drugs.models import Delegation
from sel.exception_drugs.selectors import (
    authorizer_role_linked_to,
    follows_a_prescriber_by_delegation,
)
from sel.outbox.services import send_email_later


@transaction.atomic
def delegation_create(
    *,
    prescriber: User,
    assistant: User,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> Delegation:
    """Seed 000: a prescriber lets an administrative assistant (or a nurse, seed 001's 4313)
    follow their requests."""
    if prescriber.role != Role.PRESCRIBER:
        raise ValidationError(_("Seul un prescripteur peut déléguer."))
    if not follows_a_prescriber_by_delegation(assistant.role) or not assistant.is_active:
        raise ValidationError(
            _("Ce compte n'est pas celui d'un adjoint administratif ou d'un infirmier.")
        )
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
def delegation_from_approval(
    *,
    access_request: Any,
    account: User,
    agent: User | None,
    request: HttpRequest | None = None,
    **_signal: Any,
) -> Delegation | None:
    """The approval of a 4313 request links its user to the professional who authorized it
    (``authorizer_role_linked_to``), found by the practice number of section 3, until the
    grant's end date. Receiver of ``sel.access.signals.access_request_approved``, inside the
    approval's transaction. None when the request opens no exception-drugs access or when no
    active account of that role has that practice number (the audit row says which). The numbers
    the agent completed count as if the signers had written them (issue #12 item 8)."""
    if not access_request.online_services.filter(code=ServiceCode.EXCEPTION_DRUGS).exists():
        return None
    role = authorizer_role_linked_to(account.role)
    # The number the authorizer gave, or the one the agent completed (issue #12 item 8).
    practice_number = access_request.auth_practice_number_known
    authorizer = (
        User.objects.filter(role=role, practice_number=practice_number, is_active=True).first()
        if role and practice_number
        else None
    )
    details = {
        "reference": access_request.reference,
        "user": account.username,
        "practice_number": practice_number,
    }
    if authorizer is None:
        record(
            action=Action.DELEGATION_LINKED,
            actor=agent,
            target=account,
            request=request,
            details={**details, "linked": False},
        )
        return None
    today = timezone.localdate()
    pharmacy = ""
    if role == Role.PHARMACIST:
        number = access_request.organization_number_known
        name = access_request.auth_organization_name
        pharmacy = f"{name} ({number})" if number else name
    delegation = (
        Delegation.objects.in_force(today)
        .select_for_update()
        .filter(prescriber=authorizer, assistant=account)
        .first()
    )
    if delegation is None:
        delegation = Delegation(prescriber=authorizer, assistant=account, starts_on=today)
    delegation.ends_on = access_request.valid_until
    delegation.access_request = access_request
    delegation.pharmacy = pharmacy
    delegation.save()
    record(
        action=Action.DELEGATION_LINKED,
        actor=agent,
        target=delegation,
        request=request,
        details={**details, "linked": True, "authorizer": authorizer.username},
    )
    return delegation


def _tell_delegation_ended(
    delegation: Delegation, *, by: User | None, reason: str = "", end_date: date | None = None
) -> None:
    """Each side the link ended for is told by email, except the one who ended it; a link that
    reached its end date (``end_date``) tells both."""
    for recipient, other in (
        (delegation.assistant, delegation.prescriber),
        (delegation.prescriber, delegation.assistant),
    ):
        if by is not None and recipient.pk == by.pk:
            continue
        send_email_later(
            to=recipient.email,
            language=recipient.language,
            template="exception_drugs/delegation_ended",
            context={
                "other_name": other.get_full_name(),
                "pharmacy": delegation.pharmacy,
                "reason": reason,
                "end_date": end_date.isoformat() if end_date else "",
                "url": absolute_url(reverse("exception_drugs:delegations")),
            },
        )


@transaction.atomic
def delegation_end(
    *, delegation: Delegation, by: User, request: HttpRequest | None = None
) -> Delegation:
    """Either side ends a link: the professional who delegated, or the person who works for
    them. The delegate's next request no longer sees anything; the other side is told."""
    locked = (
        Delegation.objects.select_for_update()
        .select_related("prescriber", "assistant")
        .get(pk=delegation.pk)
    )
    if by.pk not in (locked.prescriber_id, locked.assistant_id):
        raise Delegation.DoesNotExist
    if locked.ended_at is None:
        locked.ended_at = timezone.now()
        locked.ended_by = by
        locked.save(update_fields=["ended_at", "ended_by"])
        record(action=Action.DELEGATION_ENDED, actor=by, target=locked, request=request)
        _tell_delegation_ended(locked, by=by)
    return locked


@transaction.atomic
def delegation_end_by_agent(
    *, delegation: Delegation, agent: User, reason: str, request: HttpRequest | None = None
) -> Delegation:
    """A Régie agent ends a link, with a reason (issue #12: links are managed outside the
    console too); both sides are told by email."""
    locked = (
        Delegation.objects.select_for_update()
        .select_related("prescriber", "assistant")
        .get(pk=delegation.pk)
    )
    if locked.ended_at is None:
        locked.ended_at = timezone.now()
        locked.ended_by = agent
        locked.save(update_fields=["ended_at", "ended_by"])
        record(
            action=Action.DELEGATION_ENDED,
            actor=agent,
            target=locked,
            request=request,
            details={"reason": reason[:200]},
        )
        _tell_delegation_ended(locked, by=None, reason=reason)
    return locked


@transaction.atomic
def delegations_expired_close() -> int:
    """A link whose end date has passed ends as a manual end does (our rule, issue #12: the
    delegate gets « a notice when it ends »): it is marked ended, audited, and both sides are
    told by email, once. Returns how many links ended."""
    today = timezone.localdate()
    due = (
        Delegation.objects.select_for_update(of=("self",))
        .filter(ended_at__isnull=True, ends_on__lt=today)
        .select_related("prescriber", "assistant")
        .order_by("pk")
    )
    count = 0
    for delegation in due:
        assert delegation.ends_on is not None
        # It ended when its last day did, whenever this job runs.
        delegation.ended_at = timezone.make_aware(
            datetime.combine(delegation.ends_on + timedelta(days=1), time.min)
        )
        delegation.save(update_fields=["ended_at"])
        record(
            action=Action.DELEGATION_EXPIRED,
            target=delegation,
            details={"ends_on": delegation.ends_on.isoformat()},
        )
        _tell_delegation_ended(delegation, by=None, end_date=delegation.ends_on)
        count += 1
    return count
