"""Read queries of the exception-drugs service, already filtered by who is asking (STYLE.md §1)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.forms.renderers import get_default_renderer
from django.forms.utils import RenderableMixin
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sel.access.models import ServiceCode
from sel.access.selectors import service_checked, service_granted
from sel.accounts.models import Role, User
from sel.exception_drugs.models import (
    OPEN_STATUSES,
    Channel,
    Delegation,
    Drug,
    ExceptionRequest,
    RequestKind,
    Status,
    indication_text,
)

CONSULTING_PHARMACY_ROLES = (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)


def follows_a_prescriber_by_delegation(role: str) -> bool:
    """Who follows the requests of the health professional they work for, through a delegation.

    Seed 000: « tous les adjoints administratifs et les adjointes administratives travaillant
    auprès d'un prescripteur autorisé pourront avoir accès au panorama Consulter les demandes par
    personne assurée ». Seed 001's form 4313 asks the same access for « Fonction ☐ Adjoint
    administratif ☐ Infirmier ☐ Technicien en pharmacie », authorized by a « Pharmacien
    propriétaire » or a « Professionnel de la santé »: a nurse authorized by a health
    professional works for that professional as the administrative assistant does. (The
    technician works for a pharmacy and consults as the pharmacist does:
    ``CONSULTING_PHARMACY_ROLES``.)
    """
    return role in (Role.ADMIN_ASSISTANT, Role.NURSE)


def authorizer_role_linked_to(role: str) -> str | None:
    """Whom the user of an approved 4313 request works for: the role of the authorizer whose
    practice number section 3 gives, or None when approval links nothing.

    Seed 001, section 3: « Cette partie doit être remplie par un pharmacien propriétaire ou un
    professionnel de la santé. Celui-ci recevra les éléments d'identification de l'utilisateur ».
    The pairing is ours (issue #12): the authorizer vouched for the user, so an administrative
    assistant or a nurse works for the authorizing health professional (a prescriber), a pharmacy
    technician for the pharmacy of the authorizing owner pharmacist.
    """
    if follows_a_prescriber_by_delegation(role):
        return Role.PRESCRIBER
    if role == Role.PHARMACY_TECHNICIAN:
        return Role.PHARMACIST
    return None


def delegations_received_by(user: User | AnonymousUser) -> QuerySet[Delegation, Delegation]:
    """The links of the person who works for others: whom, since and until when (newest first)."""
    if not user.is_authenticated or not user.is_active:
        return Delegation.objects.none()
    return Delegation.objects.filter(assistant_id=user.pk).select_related("prescriber")


def delegations_given_by(user: User | AnonymousUser) -> QuerySet[Delegation, Delegation]:
    """The links of the professional others work for (prescriber or owner pharmacist)."""
    if not user.is_authenticated or not user.is_active:
        return Delegation.objects.none()
    return Delegation.objects.filter(prescriber_id=user.pk).select_related("assistant")


def prescribers_delegating_to(user: User) -> QuerySet[Delegation, Any]:
    """Seed 000: an assistant follows « des demandes soumises à la Régie par un prescripteur » who
    delegated to them; a delegation ended or past its end date stops at the next request."""
    return Delegation.objects.in_force().filter(assistant=user).values("prescriber")


def requests_followed_by(
    user: User | AnonymousUser, requests: QuerySet[ExceptionRequest] | None = None
) -> QuerySet[ExceptionRequest]:
    """The requests a professional follows as prescriber or as delegated assistant or nurse.

    Seed 000: assistants « travaillant auprès d'un prescripteur autorisé » see that prescriber's
    requests only (``follows_a_prescriber_by_delegation``); everyone needs the service granted.
    """
    requests = ExceptionRequest.objects.all() if requests is None else requests
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if user.role != Role.PRESCRIBER and not follows_a_prescriber_by_delegation(user.role):
        return requests.none()
    if not service_checked(user, ServiceCode.EXCEPTION_DRUGS):
        requests = requests.filter(service_granted(user, ServiceCode.EXCEPTION_DRUGS))
    if user.role == Role.PRESCRIBER:
        return requests.filter(prescriber=user)
    return requests.filter(prescriber__in=prescribers_delegating_to(user))


def consultation_oldest_received_at() -> datetime | None:
    """Seed 001: « depuis décembre 2017, la consultation n'est plus restreinte aux 90 derniers
    jours ». EXCEPTION_CONSULTATION_MAX_AGE_DAYS (default 0: no limit) can restore one."""
    days = settings.EXCEPTION_CONSULTATION_MAX_AGE_DAYS
    return timezone.now() - timedelta(days=days) if days > 0 else None


# The summary's headings (seed 000: « l'état et au résumé »), translated when rendered.
SUMMARY_LABELS = {
    "reference": gettext_lazy("Numéro de référence"),
    "kind": gettext_lazy("Type"),
    "drug": gettext_lazy("Médicament"),
    "received": gettext_lazy("Reçue le"),
    "channel": gettext_lazy("Mode de transmission"),
    "prescriber": gettext_lazy("Prescripteur"),
    "indication": gettext_lazy("Indication"),
    "status": gettext_lazy("État"),
    "decided": gettext_lazy("Date de la décision"),
    "authorized": gettext_lazy("Période autorisée"),
    "refusal_reason": gettext_lazy("Motif du refus"),
    "information_requested": gettext_lazy("Renseignements attendus"),
}


@functools.cache
def _summary_labels(language: str | None) -> dict[str, str]:
    """The headings translated once per language (a summary is shown on every consultation)."""
    return {key: str(label) for key, label in SUMMARY_LABELS.items()}


@functools.cache
def _choice_labels(choices: Any, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


@dataclass(frozen=True)
class RequestSummary(RenderableMixin):
    """What a consultation shows of one request (seed 000: « l'état et au résumé »): these
    columns are all it reads, so a template cannot reach anything else of the request.

    Renders itself (``{{ summary }}``) as a form's field group does, with the form renderer's
    Jinja2 templates (sel/core/renderers.py): sel/exception_drugs/jinja2/exception_drugs/.
    """

    template_name: ClassVar[str] = "exception_drugs/summary.html"

    drug: Drug  # the drug consulted: every result is for it
    reference: str
    kind: str
    received_at: datetime
    channel: str
    status: str
    decided_at: datetime | None
    authorized_from: date | None
    authorized_until: date | None
    refusal_reason: str
    information_requested: str
    justification: str
    prescriber_first_name: str
    prescriber_last_name: str
    indication_code: str | None
    indication_text_fr: str | None
    indication_text_en: str | None

    @classmethod
    def of(cls, request: ExceptionRequest) -> RequestSummary:
        """The same summary for one request already read (its detail pages)."""
        indication = request.indication
        return cls(
            drug=request.drug,
            **{name: getattr(request, name) for name in SUMMARY_REQUEST_FIELDS},
            prescriber_first_name=request.prescriber.first_name,
            prescriber_last_name=request.prescriber.last_name,
            indication_code=indication.code if indication else None,
            indication_text_fr=indication.text_fr if indication else None,
            indication_text_en=indication.text_en if indication else None,
        )

    @property
    def renderer(self) -> Any:
        return get_default_renderer()

    def get_context(self) -> dict[str, Any]:
        return {"r": self, "labels": _summary_labels(get_language())}

    @property
    def authorized_period(self) -> str:
        if self.authorized_from is None or self.authorized_until is None:
            return ""
        return _("du %(start)s au %(end)s") % {
            "start": self.authorized_from.isoformat(),
            "end": self.authorized_until.isoformat(),
        }

    def get_kind_display(self) -> str:
        return _choice_labels(RequestKind, get_language())[self.kind]

    def get_channel_display(self) -> str:
        return _choice_labels(Channel, get_language())[self.channel]

    def get_status_display(self) -> str:
        return _choice_labels(Status, get_language())[self.status]

    @property
    def received_on(self) -> str:
        return timezone.localdate(self.received_at).isoformat()

    @property
    def decided_on(self) -> str:
        return timezone.localdate(self.decided_at).isoformat() if self.decided_at else ""

    @property
    def prescriber_name(self) -> str:
        return f"{self.prescriber_first_name} {self.prescriber_last_name}".strip()

    @property
    def indication(self) -> str:
        if self.indication_code is None or self.indication_text_fr is None:
            return ""
        text = indication_text(self.indication_text_fr, self.indication_text_en)
        return f"{self.indication_code} – {text}"


# The request's own columns in RequestSummary, in order (the prescriber and indication follow).
SUMMARY_REQUEST_FIELDS = (
    "reference",
    "kind",
    "received_at",
    "channel",
    "status",
    "decided_at",
    "authorized_from",
    "authorized_until",
    "refusal_reason",
    "information_requested",
    "justification",
)


def exception_requests_visible_to(
    user: User | AnonymousUser, *, nam: str, drug: Drug
) -> list[RequestSummary]:
    """The requests for one NAM and one drug that ``user`` may consult (seeds 000, 001):

    - a prescriber: the requests they submitted;
    - an administrative assistant or a nurse: those of the prescribers whose delegation to them is
      in force (``follows_a_prescriber_by_delegation``);
    - a pharmacist or pharmacy technician (ATP) with the service granted: every request for that
      NAM and drug, « peu importe le mode de transmission utilisé »;
    - anyone else, or without the service granted today: none, exactly as for a NAM that has no
      request.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    # One statement: the request's columns, the prescriber's name and the indication, no model
    # built; the scope, the grant (unless service_required checked it) and the age limit in it.
    conditions: list[Q | Exists] = []
    if user.role in CONSULTING_PHARMACY_ROLES:
        pass
    elif user.role == Role.PRESCRIBER:
        conditions.append(Q(prescriber_id=user.pk))
    elif follows_a_prescriber_by_delegation(user.role):
        conditions.append(Q(prescriber__in=prescribers_delegating_to(user)))
    else:
        return []
    if not service_checked(user, ServiceCode.EXCEPTION_DRUGS):
        conditions.append(service_granted(user, ServiceCode.EXCEPTION_DRUGS))
    oldest = consultation_oldest_received_at()
    if oldest is not None:
        conditions.append(Q(received_at__gte=oldest))
    rows = _summary_rows().filter(*conditions, insured_person__nam=nam, drug=drug)
    return [RequestSummary(drug, *row) for row in rows]


@functools.cache
def _summary_rows() -> QuerySet[ExceptionRequest, tuple[Any, ...]]:
    """The summary's columns, newest first, set up once per process: each consultation filters
    a copy (a QuerySet is never changed by ``filter``) and reads it afresh."""
    return ExceptionRequest.objects.order_by("-received_at", "-id").values_list(
        *SUMMARY_REQUEST_FIELDS,
        "prescriber__first_name",
        "prescriber__last_name",
        "indication__code",
        "indication__text_fr",
        "indication__text_en",
    )


def drugs_matching(query: str, *, limit: int = 10) -> list[Drug]:
    """Drugs found by DIN (all digits) or by name (case-insensitive, part of the name)."""
    query = " ".join((query or "").split())
    if not query:
        return []
    compact = query.replace(" ", "")
    if compact.isdigit():
        return drug_by_din(compact.zfill(8))
    return list(Drug.objects.filter(name__icontains=query).order_by("name", "strength")[:limit])


def drug_by_din(din: str) -> list[Drug]:
    """The drug with this DIN, if any."""
    return list(Drug.objects.filter(din=din))


def time_in_each_status(exception_request: ExceptionRequest) -> list[tuple[str, timedelta]]:
    """How long the request spent in each status, from its history (the current one until now)."""
    changes = list(exception_request.history.all())
    totals: dict[str, timedelta] = {}
    for index, change in enumerate(changes):
        end = changes[index + 1].changed_at if index + 1 < len(changes) else timezone.now()
        totals[change.to_status] = totals.get(change.to_status, timedelta()) + (
            end - change.changed_at
        )
    if exception_request.status not in OPEN_STATUSES and changes:
        totals[exception_request.status] = timedelta()
    labels = dict(Status.choices)
    return [(str(labels[status]), duration) for status, duration in totals.items()]


def queue_requests() -> QuerySet[ExceptionRequest]:
    """Open requests, oldest first (agents only: the caller checks)."""
    return (
        ExceptionRequest.objects.filter(status__in=OPEN_STATUSES)
        .select_related("drug", "prescriber")
        .order_by("received_at", "pk")
    )


AGEING_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, None))


def queue_ageing() -> list[dict[str, Any]]:
    """Open requests per status and age bucket (days since received)."""
    now = timezone.now()
    rows = []
    for low, high in AGEING_BUCKETS:
        bucket = ExceptionRequest.objects.filter(
            status__in=OPEN_STATUSES, received_at__lte=now - timedelta(days=low)
        )
        if high is not None:
            bucket = bucket.filter(received_at__gt=now - timedelta(days=high + 1))
        counts = dict(bucket.values_list("status").annotate(n=Count("pk")).order_by())
        rows.append(
            {
                "low": low,
                "high": high,
                "in_processing": counts.get(Status.IN_PROCESSING, 0),
                "awaiting_information": counts.get(Status.AWAITING_INFORMATION, 0),
            }
        )
    return rows


def time_to_decision_by_drug() -> list[dict[str, Any]]:
    """For each drug with decided requests: how many, and the mean time from receipt to decision."""
    duration = ExpressionWrapper(F("decided_at") - F("received_at"), output_field=DurationField())
    rows = (
        ExceptionRequest.objects.filter(decided_at__isnull=False)
        .values("drug__din", "drug__name", "drug__strength")
        .annotate(decided=Count("pk"), mean=Avg(duration))
        .order_by("-decided", "drug__name")
    )
    return [dict(row) for row in rows]


def awaiting_information_count(user: User | AnonymousUser) -> int:
    """Seed 001: a request may be « en attente de renseignements complémentaires »: how many of
    the requests this professional follows (as prescriber or delegated assistant) wait for them."""
    return requests_followed_by(user).filter(status=Status.AWAITING_INFORMATION).count()
