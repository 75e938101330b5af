"""Demo data of the establishments' applications: reference data and rates (the CSV files of
``data/``), the demo accounts' grants with their scope (from an approved establishments' access
request), the register, associations and a few payment requests waiting.

Accounts (created by sel/accounts/demo.py): CE200020 signatory of the CISSS (board resolution),
CE200021 the *Association* user of the CISSS, IP100020 a professional at both the CISSS and the
GMF (with the grant of the payment requests, as an agent gives it), IP100021 the GMF's
responsible physician (no resolution: seed 003's NOTE)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.access.models import AccessRequest, FormType, Grant, OnlineService, ServiceCode
from sel.accounts.models import User
from sel.establishments.models import (
    ActivityRate,
    Association,
    AssociationChange,
    Establishment,
    Installation,
    PaymentRequest,
    Signatory,
)
from sel.establishments.rules import LineInput, PaymentRequestSection
from sel.establishments.services.payment_requests import payment_request_submit
from sel.establishments.services.reference import activity_rates_import, establishments_import

DATA = Path(__file__).resolve().parent / "data"
AGENTS_GROUP = "Agents de la Régie"
CISSS, GMF = "11045", "60123"

# username, service, scope, organization number, reference of the approved access request
DEMO_GRANTS = [
    ("CE200020", ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, "all", CISSS, "DEMO-ETAB-01"),
    ("CE200021", ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION, "all", CISSS, "DEMO-ETAB-02"),
    ("IP100021", ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, "all", GMF, "DEMO-ETAB-03"),
    ("IP100021", ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION, "all", GMF, "DEMO-ETAB-04"),
]


def _establishment_grant(user: User, code: str, scope: str, number: str, reference: str) -> None:
    """An approved establishments' access request with its scope, and the grant it gave."""
    if AccessRequest.objects.filter(reference=reference).exists():
        return
    form_type = FormType.objects.get(code="etablissements")
    version = form_type.current_version()
    if version is None:
        return
    now = timezone.now()
    access_request = AccessRequest.objects.create(
        reference=reference,
        form_version=version,
        status=AccessRequest.Status.APPROVED,
        channel=AccessRequest.Channel.PAPER,
        received_at=now - timedelta(days=20),
        decided_at=now - timedelta(days=10),
        scope=scope,
        board_resolution=user.username == "CE200020",
        user_last_name=user.last_name.upper(),
        user_first_name=user.first_name.upper(),
        user_sex="F",
        user_function="DIRECTEUR" if user.username != "CE200021" else "SECRÉTAIRE ADMINISTRATIF",
        organization_name=Establishment.objects.get(number=number).name,
        organization_number=number,
        user_address="2525 CHEMIN SAINTE-FOY, QUÉBEC",
        user_postal_code="G1V 4T3",
        user_phone="418 555-0130",
        user_email=user.email,
        auth_last_name="PARADIS",
        auth_first_name="ANNE",
        auth_sex="F",
        auth_function="dg",
        auth_address="2525 CHEMIN SAINTE-FOY, QUÉBEC",
        auth_postal_code="G1V 4T3",
        auth_phone="418 555-0131",
        auth_email="direction.generale@demo.sel.example",
        account=user,
        username_issued=user.username,
        registration_date=timezone.localdate() - timedelta(days=10),
    )
    access_request.online_services.set(OnlineService.objects.filter(code=code))
    Grant.objects.create(
        user=user,
        online_service=OnlineService.objects.get(code=code),
        valid_until=timezone.localdate() + timedelta(days=365),
        access_request=access_request,
        authorizer_email=access_request.auth_email,
        last_confirmed_at=now,
    )


def _payment_requests_grant(professional: User, agent: User) -> None:
    """The professional's grant of the payment requests, as an agent gives it (``grant_give``)."""
    service = OnlineService.objects.get(code=ServiceCode.PAYMENT_REQUESTS)
    if not Grant.objects.filter(user=professional, online_service=service).exists():
        Grant.objects.create(user=professional, online_service=service, granted_by=agent)


def _signatory(user: User, number: str, function: str, resolution: str, agent: User) -> Signatory:
    establishment = Establishment.objects.get(number=number)
    found = Signatory.objects.filter(user=user, establishment=establishment).first()
    if found is not None:
        return found
    return Signatory.objects.create(
        user=user,
        establishment=establishment,
        function=function,
        resolution_number=resolution,
        resolution_date=timezone.localdate() - timedelta(days=60) if resolution else None,
        access_request=AccessRequest.objects.get(
            reference="DEMO-ETAB-01" if resolution else "DEMO-ETAB-03"
        ),
        valid_from=timezone.localdate() - timedelta(days=30),
        recorded_by=agent,
    )


def _association(
    signatory: Signatory, professional: User, installation: str, creator: User
) -> None:
    place = Installation.objects.get(number=installation)
    if Association.objects.filter(professional=professional, installation=place).exists():
        return
    association = Association.objects.create(
        signatory=signatory,
        professional=professional,
        installation=place,
        valid_from=timezone.localdate() - timedelta(days=90),
        created_by=creator,
    )
    # Its history starts as the service's does (the agents' and the *Association* pages show it).
    AssociationChange.objects.create(
        association=association,
        kind=AssociationChange.Kind.CREATED,
        actor=creator,
        at=association.created_at,
    )


def _requests(professional: User, installation: str, weeks: list[int]) -> None:
    if PaymentRequest.objects.filter(
        professional=professional, installation__number=installation
    ).exists():
        return
    for week in weeks:
        start = timezone.localdate() - timedelta(days=7 * week + 6)
        payment_request_submit(
            professional=professional,
            section=PaymentRequestSection(
                installation_number=installation,
                mode="hourly",
                period_start=start,
                period_end=start + timedelta(days=6),
                lines=(
                    LineInput(day=start, activity_code="H001", quantity=Decimal("7.5")),
                    LineInput(
                        day=start + timedelta(days=1), activity_code="H001", quantity=Decimal(8)
                    ),
                    LineInput(
                        day=start + timedelta(days=2), activity_code="H002", quantity=Decimal(4)
                    ),
                ),
            ),
        )


def load() -> None:
    if not Establishment.objects.filter(number=CISSS).exists():
        establishments_import(rows=(DATA / "demo_reference.csv").read_text("utf-8").splitlines())
    if not ActivityRate.objects.exists():
        activity_rates_import(rows=(DATA / "demo_rates.csv").read_text("utf-8").splitlines())
    group, _created = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="establishments",
            codename__in=[
                "view_establishment_data",
                "keep_signatory_register",
                "import_payment_requests",
            ],
        )
    )
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["CE200020", "CE200021", "IP100020", "IP100021", "CE900001"]
        )
    }
    if len(users) < 5:
        return
    for username, code, scope, number, reference in DEMO_GRANTS:
        _establishment_grant(users[username], code, scope, number, reference)
    agent = users["CE900001"]
    _payment_requests_grant(users["IP100020"], agent)
    cisss = _signatory(users["CE200020"], CISSS, "dsp", "CA-2026-041", agent)
    gmf = _signatory(users["IP100021"], GMF, "gmf_responsible", "", agent)
    _association(cisss, users["IP100020"], "51234", users["CE200021"])
    _association(gmf, users["IP100020"], "60124", users["IP100021"])
    _requests(users["IP100020"], "51234", [2, 3, 4])
    _requests(users["IP100020"], "60124", [2])
