"""The online services offered, grouped by who they are for, as the public home page lists them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sel.access.models import FormFamily, FormType, Grant, OnlineService, ServiceCode
from sel.access.selectors import form_types_offered


@dataclass(frozen=True)
class Audience:
    slug: str
    name: Promise
    summary: Promise
    family: str


# Seed 001 names both sides of the 4313 form: prescribers (and their administrative assistants)
# and pharmacist owners (and their technicians); seeds 003 and 004 the establishments and the
# software vendors; seed 002 the users of SELAT.
AUDIENCES = [
    Audience(
        "professionals",
        _("Professionnels de la santé"),
        _(
            "Les prescripteurs suivent leurs demandes d'autorisation de paiement et délèguent "
            "ce suivi à leurs adjoints administratifs."
        ),
        FormFamily.PROFESSIONAL,
    ),
    Audience(
        "pharmacies",
        _("Pharmacies"),
        _(
            "Les pharmaciens et leurs assistants techniques consultent l'état des demandes par "
            "personne assurée et par médicament."
        ),
        FormFamily.PROFESSIONAL,
    ),
    Audience(
        "establishments",
        _("Établissements du réseau de la santé"),
        _(
            "Les signataires autorisés des établissements, des grappes OPTILAB et des GMF "
            "autorisent les demandes de paiement en ligne."
        ),
        FormFamily.ESTABLISHMENT,
    ),
    # Seed 002 names SELAT's users; who they are is ours: the dispensers of technical aids
    # among seed 004's audiences (« Audioprothésistes », « Distributeurs d'aides de suppléance à
    # l'audition », « Laboratoires d'orthèses-prothèses », « Ocularistes »).
    Audience(
        "technical-aids",
        _("Dispensateurs d'aides techniques"),
        _(
            "Les audioprothésistes, les distributeurs d'aides de suppléance à l'audition, les "
            "laboratoires d'orthèses-prothèses et les ocularistes utilisent le service en ligne "
            "des aides techniques (SELAT)."
        ),
        FormFamily.TECHNICAL_AIDS,
    ),
    Audience(
        "software-vendors",
        _("Développeurs de logiciels"),
        _(
            "Le responsable informatique d'un développeur de logiciels obtient les identifiants "
            "des services B2B."
        ),
        FormFamily.B2B,
    ),
]


@dataclass(frozen=True)
class OfferedService:
    service: OnlineService
    form_type: FormType  # the access-request form that asks for it


@dataclass
class AudienceServices:
    audience: Audience
    services: list[OfferedService] = field(default_factory=list)


def services_by_audience() -> list[AudienceServices]:
    """Each audience with the services it may ask for, each with the form that asks for it (the
    forms offered today: two queries)."""
    groups = [AudienceServices(audience) for audience in AUDIENCES]
    for form_type in form_types_offered():
        for group in groups:
            if group.audience.family == form_type.family:
                group.services.extend(
                    OfferedService(service, form_type)
                    for service in form_type.online_services.all()
                    if service.is_active
                )
    return groups


# The page each service opens, for the services that have one in the portal.
SERVICE_PAGES = {
    ServiceCode.EXCEPTION_DRUGS: "exception_drugs:consult",
    ServiceCode.SELAT: "access:selat",
    ServiceCode.ONLINE_PAYMENT_AUTHORIZATION: "establishments:queue",
    ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION: "establishments:associations",
    ServiceCode.PAYMENT_REQUESTS: "establishments:my_requests",
}


@dataclass(frozen=True)
class GrantWithPage:
    grant: Grant
    url: str  # empty when the service has no page of its own here


def grants_with_pages(grants: list[Grant]) -> list[GrantWithPage]:
    """Each grant with the page its service opens, so that a grant leads somewhere."""
    return [
        GrantWithPage(
            grant,
            reverse(SERVICE_PAGES[grant.online_service.code])
            if grant.online_service.code in SERVICE_PAGES
            else "",
        )
        for grant in grants
    ]
