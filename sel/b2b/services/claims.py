"""The processing of SELAT claims (form 4134) by the Régie's agents: take a received claim in
processing, accept it, or refuse it with a reason in French and English. One service per
transition, each in a transaction with its audit row; the claim is locked and its status
re-checked (``decision_lock``), so two agents never move it twice: the one who lost the race
gets ``DecisionConflict``.

Training claims (the sandbox) also move by themselves on a schedule
(``sandbox_claims_advance``): no agent works on a vendor's tests."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.b2b import rules, sandbox, selectors
from sel.b2b.models import OPEN_CLAIM_STATUSES, AidClaim, ClaimStatus, Environment
from sel.b2b.selectors import Eligibility
from sel.core.rules import DecisionConflict, RuleViolation, decision_lock


def _move(
    claim: AidClaim,
    *,
    waiting: tuple[str, ...],
    to: ClaimStatus,
    agent: User | None,
    action: Action,
    request: HttpRequest | None,
    refusal_reason_fr: str = "",
    refusal_reason_en: str = "",
) -> AidClaim:
    locked = decision_lock(claim, waiting=waiting)
    previous = locked.status
    locked.status = to
    locked.status_changed_at = timezone.now()
    locked.refusal_reason_fr = refusal_reason_fr
    locked.refusal_reason_en = refusal_reason_en
    locked.save(
        update_fields=["status", "status_changed_at", "refusal_reason_fr", "refusal_reason_en"]
    )
    record(
        action=action,
        actor=agent,
        target=locked,
        request=request,
        details={
            "from": previous,
            "to": to.value,
            "environment": locked.environment,
            "by": "agent" if agent is not None else "sandbox_schedule",
        },
    )
    return locked


@transaction.atomic
def claim_take(
    *, claim: AidClaim, agent: User | None, request: HttpRequest | None = None
) -> AidClaim:
    """A received claim goes in processing (« en traitement »): someone works on it."""
    return _move(
        claim,
        waiting=(ClaimStatus.RECEIVED,),
        to=ClaimStatus.PROCESSING,
        agent=agent,
        action=Action.B2B_CLAIM_TAKEN,
        request=request,
    )


@transaction.atomic
def claim_accept(
    *, claim: AidClaim, agent: User | None, request: HttpRequest | None = None
) -> AidClaim:
    """A received or processing claim is accepted (« acceptée »)."""
    return _move(
        claim,
        waiting=OPEN_CLAIM_STATUSES,
        to=ClaimStatus.ACCEPTED,
        agent=agent,
        action=Action.B2B_CLAIM_ACCEPTED,
        request=request,
    )


@transaction.atomic
def claim_refuse(
    *,
    claim: AidClaim,
    agent: User | None,
    reason_fr: str,
    reason_en: str,
    request: HttpRequest | None = None,
) -> AidClaim:
    """A received or processing claim is refused (« refusée »), with its reason in French and
    English (``rules.refusal_reason_errors``)."""
    errors = rules.refusal_reason_errors(reason_fr=reason_fr, reason_en=reason_en)
    if errors:
        raise RuleViolation(errors)
    return _move(
        claim,
        waiting=OPEN_CLAIM_STATUSES,
        to=ClaimStatus.REFUSED,
        agent=agent,
        action=Action.B2B_CLAIM_REFUSED,
        request=request,
        refusal_reason_fr=reason_fr.strip(),
        refusal_reason_en=reason_en.strip(),
    )


def sandbox_claims_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Moves the training claims one step on the sandbox's schedule
    (``sandbox.claim_next_step``): received → processing, then processing → accepted or
    refused. Each move is the same service an agent's decision calls (its own transaction and
    audit row); a claim an agent moved meanwhile is left as it is. Returns the counts moved."""
    now = now or timezone.now()
    moved = {"taken": 0, "accepted": 0, "refused": 0}
    due = AidClaim.objects.filter(
        environment=Environment.TRAINING,
        status__in=OPEN_CLAIM_STATUSES,
        status_changed_at__lte=now - sandbox.CLAIM_STEP,
    ).order_by("status_changed_at", "pk")
    for claim in list(due[:500]):
        step = sandbox.claim_next_step(claim)
        try:
            if step == "take":
                claim_take(claim=claim, agent=None)
                moved["taken"] += 1
            elif step == "accept":
                claim_accept(claim=claim, agent=None)
                moved["accepted"] += 1
            else:
                claim_refuse(
                    claim=claim,
                    agent=None,
                    reason_fr=sandbox.CLAIM_REFUSAL_FR,
                    reason_en=sandbox.CLAIM_REFUSAL_EN,
                )
                moved["refused"] += 1
        except DecisionConflict:
            continue
    return moved


def claim_read_by_agent(
    *, claim: AidClaim, agent: User, request: HttpRequest | None = None
) -> Eligibility:
    """An agent opens a claim to process it: the person's coverage on the aid's date (not their
    name or birth date), and one audit row naming the NAM, as every read of health data has."""
    coverage = selectors.claim_coverage(claim)
    record(
        action=Action.B2B_CLAIM_READ,
        actor=agent,
        target=claim,
        request=request,
        subject_key=claim.person.nam,
        details={"environment": claim.environment, "status": claim.status},
    )
    return coverage
