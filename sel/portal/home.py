"""What the two home pages show: for a newcomer, the services, how to get access, the latest
newsletters and the support centre; for a logged-in person, what is waiting for them. Every count
comes from a selector of the app that owns the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sel.access.catalogue import services_by_audience
from sel.access.models import Grant, ServiceCode
from sel.access.selectors import (
    agent_queue,
    grants_ending_soon,
    processing_dates,
    user_has_service,
)
from sel.accounts.models import Role, User
from sel.b2b.access import user_processes_claims
from sel.b2b.selectors import claims_queue
from sel.establishments.selectors import (
    access_requests_to_register,
    payment_requests_awaiting_authorization,
    payment_requests_without_signatory,
)
from sel.exception_drugs.access import user_is_agent
from sel.exception_drugs.selectors import awaiting_information_count, queue_requests
from sel.messaging.models import Status as ThreadStatus
from sel.messaging.selectors import is_messaging_agent, queue_threads, unread_total
from sel.notices import contacts
from sel.notices.selectors import newsletters_published

LATEST_NEWSLETTERS = 3

# Seed 000: the exception-drug requests are followed by prescribers and their assistants.
FOLLOWS_EXCEPTION_REQUESTS = (Role.PRESCRIBER, Role.ADMIN_ASSISTANT)


@dataclass(frozen=True)
class QueueSummary:
    """One of an agent's work queues: how many items wait, and since when the oldest does."""

    name: Promise
    url: str
    count: int
    oldest: datetime | None

    @property
    def oldest_age_days(self) -> int | None:
        if self.oldest is None:
            return None
        return (timezone.now() - self.oldest).days


@dataclass
class Waiting:
    """What waits for one person; ``None`` where a count does not concern them."""

    horizon_days: int = 0  # grants ending within this many days are listed
    unread_messages: int | None = None
    awaiting_information: int | None = None
    grants_ending: list[Grant] = field(default_factory=list)
    queues: list[QueueSummary] = field(default_factory=list)


def _summary(name: Promise, url_name: str, items: QuerySet[Any], since: str) -> QueueSummary:
    """A queue's size and its oldest item's date, in one query over the app's queue selector."""
    row = items.order_by().aggregate(count=Count("pk"), oldest=Min(since))
    return QueueSummary(name=name, url=reverse(url_name), count=row["count"], oldest=row["oldest"])


def agent_queues(user: User) -> list[QueueSummary]:
    """The queues this agent works in, each only with the permission that opens it."""
    queues = []
    if user.is_agent_with("access.process_accessrequest"):
        queues.append(
            _summary(
                _("Demandes d'accès à traiter"), "access:agent_queue", agent_queue(), "received_at"
            )
        )
    if user_is_agent(user):
        queues.append(
            _summary(
                _("Demandes d'autorisation de paiement ouvertes"),
                "exception_drugs:agent_queue",
                queue_requests(),
                "received_at",
            )
        )
    if user_processes_claims(user):
        queues.append(
            _summary(
                _("Réclamations SELAT à traiter"), "b2b:agent_claims", claims_queue(), "created_at"
            )
        )
    if user.is_agent_with("establishments.keep_signatory_register"):
        queues.append(
            _summary(
                _("Signataires autorisés à inscrire au registre"),
                "establishments:agent_signatory_new",
                access_requests_to_register(),
                "decided_at",
            )
        )
    if user.is_agent_with("establishments.view_establishment_data"):
        queues.append(
            _summary(
                _("Demandes de paiement en attente d'autorisation"),
                "establishments:agent_establishments",
                payment_requests_awaiting_authorization(),
                "submitted_at",
            )
        )
        queues.append(
            _summary(
                _("Demandes de paiement soumises sans signataire associé"),
                "establishments:agent_establishments",
                payment_requests_without_signatory(),
                "submitted_at",
            )
        )
    if is_messaging_agent(user):
        queues.append(
            _summary(
                _("Messages en attente de la Régie"),
                "messaging:queue",
                queue_threads(user, status=ThreadStatus.AWAITING_REGIE),
                "last_message_at",
            )
        )
    return queues


def waiting_for(user: User) -> Waiting:
    """Unread messages, exception requests awaiting information, grants about to end and, for an
    agent, their queues."""
    if not user.is_authenticated:
        return Waiting()
    waiting = Waiting(
        horizon_days=settings.ACCESS_EXPIRY_REMINDER_DAYS,
        grants_ending=grants_ending_soon(user),
        queues=agent_queues(user),
    )
    if not waiting.queues:
        waiting.unread_messages = unread_total(user)
    if user.role in FOLLOWS_EXCEPTION_REQUESTS and user_has_service(
        user, ServiceCode.EXCEPTION_DRUGS
    ):
        waiting.awaiting_information = awaiting_information_count(user)
    return waiting


def front_page() -> dict[str, Any]:
    """The public home page: services by audience with their forms, processing dates, the latest
    newsletters and the support centre."""
    return {
        "newsletters": list(newsletters_published()[:LATEST_NEWSLETTERS]),
        "audiences": services_by_audience(),
        "processing_dates": processing_dates(),
        "support": contacts.support_centre_current(),
    }
