"""The *Autorisation des demandes de paiement en ligne* application: a signatory authorizes,
refuses or returns the requests of their queue, one at a time or several at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record, record_each
from sel.core.inserts import insert_from_query
from sel.core.rules import RuleViolation, decision_lock
from sel.establishments.access import SignatoryContext, signatory_context
from sel.establishments.models import WAITING, PaymentRequest, PaymentRequestStep, Status
from sel.establishments.rules import (
    Errors,
    authorization_within_scope_and_association,
    no_self_authorization,
    queue_closed_when_access_ends,
    refusal_reason_required,
)
from sel.establishments.services._common import raise_errors
from sel.outbox.services import send_email_later


class Decided(Protocol):
    """What the rules of a decision read of a request: a ``PaymentRequest`` (one decision) or a
    row of the bulk authorization."""

    @property
    def professional_id(self) -> int: ...
    @property
    def installation_id(self) -> int: ...
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def association_id(self) -> int | None: ...


def decision_errors(payment_request: Decided, context: SignatoryContext) -> Errors:
    """The three rules of a decision, on the request as locked."""
    association = context.associations.get(payment_request.association_id or 0)
    errors = no_self_authorization(
        signatory_user_id=context.user_id, professional_id=payment_request.professional_id
    )
    if not errors:
        errors = queue_closed_when_access_ends(
            grant_in_force=context.grant_in_force, association_in_force=association is not None
        )
    if not errors:
        errors = authorization_within_scope_and_association(
            installation_id=payment_request.installation_id,
            in_scope=context.installation_ids,
            period=(payment_request.period_start, payment_request.period_end),
            association=association,
        )
    return errors


def _decide(
    *,
    payment_request: PaymentRequest,
    signatory: User,
    status: str,
    reason: str,
    action: Action,
    request: HttpRequest | None,
) -> PaymentRequest:
    locked = decision_lock(payment_request, waiting=WAITING)
    raise_errors(decision_errors(locked, signatory_context(signatory)))
    locked.status = status
    locked.decided_by = signatory
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    PaymentRequestStep.objects.create(
        request=locked, status=status, actor=signatory, reason=locked.reason
    )
    record(action=action, actor=signatory, target=locked, request=request)
    return locked


def _tell_professional(payment_request: PaymentRequest) -> None:
    professional = payment_request.professional
    send_email_later(
        to=professional.email,
        language=professional.language,
        template="establishments/request_decided",
        context={
            "reference": payment_request.reference,
            "status": payment_request.status,
            "reason": payment_request.reason,
        },
    )


def _decide_with_reason(
    payment_request: PaymentRequest,
    signatory: User,
    status: str,
    reason: str,
    action: Action,
    request: HttpRequest | None,
) -> PaymentRequest:
    """A refusal or a return: its reason required, the professional told by email."""
    raise_errors(refusal_reason_required(reason=reason))
    decided = _decide(
        payment_request=payment_request,
        signatory=signatory,
        status=status,
        reason=reason,
        action=action,
        request=request,
    )
    _tell_professional(decided)
    return decided


@transaction.atomic
def payment_request_authorize(
    *, payment_request: PaymentRequest, signatory: User, request: HttpRequest | None = None
) -> PaymentRequest:
    """Authorize one request of the signatory's queue."""
    return _decide(
        payment_request=payment_request,
        signatory=signatory,
        status=Status.AUTHORIZED,
        reason="",
        action=Action.PAYMENT_REQUEST_AUTHORIZED,
        request=request,
    )


@transaction.atomic
def payment_request_refuse(
    *,
    payment_request: PaymentRequest,
    signatory: User,
    reason: str,
    request: HttpRequest | None = None,
) -> PaymentRequest:
    """Refuse one request, with its reason (issue #14: « reason required »); the professional
    is told by email."""
    return _decide_with_reason(
        payment_request, signatory, Status.REFUSED, reason, Action.PAYMENT_REQUEST_REFUSED, request
    )


@transaction.atomic
def payment_request_return(
    *,
    payment_request: PaymentRequest,
    signatory: User,
    reason: str,
    request: HttpRequest | None = None,
) -> PaymentRequest:
    """Return one request to its professional for correction, saying what to correct."""
    return _decide_with_reason(
        payment_request,
        signatory,
        Status.RETURNED,
        reason,
        Action.PAYMENT_REQUEST_RETURNED,
        request,
    )


class _Chosen(NamedTuple):
    """A chosen request as the bulk authorization locks it: what its rules and the
    confirmation read, a tuple rather than a model instance (500 instances cost 2–5 ms more)."""

    pk: int
    status: str
    professional_id: int
    installation_id: int
    period_start: date
    period_end: date
    association_id: int | None
    total: Decimal


@transaction.atomic
def payment_requests_bulk_authorize(
    *,
    signatory: User,
    request_ids: list[int],
    confirmed_count: int,
    confirmed_total: Decimal,
    request: HttpRequest | None = None,
) -> int:
    """Authorize several requests at once, in one transaction, after one confirmation that
    showed their count and total: if any is no longer waiting, no longer in scope, or the count
    or total differ from what was confirmed, none is authorized. Each request is left as a
    single authorization leaves it: its rules checked on its locked row, its status step, its
    audit event (``payment_request.authorized``, pointing at the confirmation's event)."""
    ids = sorted(set(request_ids))
    # Locked in the order of their keys, so that two batches cannot deadlock.
    locked = [
        _Chosen(*row)
        for row in PaymentRequest.objects.select_for_update()
        .filter(pk__any_of=ids)
        .order_by("pk")
        .values_list(*_Chosen._fields)
    ]
    context = signatory_context(signatory)
    # A chosen request that is not in the signatory's queue now (decided, out of scope, under
    # an ended association, their own, another establishment's, missing) gets one answer: which
    # rule it breaks would tell a hand-written POST that the key exists, and its total.
    in_queue = [
        row for row in locked if row.status in WAITING and not decision_errors(row, context)
    ]
    total = sum((row.total for row in in_queue), Decimal(0))
    if len(in_queue) != len(ids) or len(ids) != confirmed_count or total != confirmed_total:
        raise RuleViolation(
            {
                "__all__": [
                    ValidationError(
                        _(
                            "La sélection a changé depuis votre confirmation (une demande a été "
                            "traitée ou n'est plus dans votre file). Rien n'a été autorisé : "
                            "vérifiez la sélection et confirmez de nouveau."
                        ),
                        code="selection_changed",
                    )
                ]
            }
        )
    now = timezone.now()
    PaymentRequest.objects.filter(pk__any_of=ids).update(
        status=Status.AUTHORIZED, decided_by=signatory, decided_at=now, reason=""
    )
    # The steps and, below, the audit events are written by the database from the chosen rows
    # (sel/core/inserts.py): through bulk_create, 1,000 rows cost twice a single authorization.
    insert_from_query(
        PaymentRequestStep,
        PaymentRequest.objects.filter(pk__any_of=ids).order_by("pk"),
        request=F("pk"),
        status=Status.AUTHORIZED,
        at=now,
        actor=signatory.pk,
        reason="",
    )
    confirmation = record(
        action=Action.PAYMENT_REQUESTS_BULK_AUTHORIZED,
        actor=signatory,
        request=request,
        details={"count": len(ids), "total": str(total), "requests": ids},
    )
    record_each(
        action=Action.PAYMENT_REQUEST_AUTHORIZED,
        actor=signatory,
        target_type=PaymentRequest,
        target_ids=ids,
        request=request,
        details={"bulk_authorization": confirmation.pk},
    )
    return len(ids)
