"""Demo data: the agents' permissions, the demo accounts' grants, and requests in the queue."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.access.models import (
    AccessRequest,
    FormType,
    Grant,
    OnlineService,
    ServiceCode,
    Signature,
)
from sel.access.services import content_hash

AGENTS_GROUP = "Agents de la Régie"

DEMO_GRANTS = {
    "IP100001": [ServiceCode.EXCEPTION_DRUGS],
    "IP100002": [ServiceCode.EXCEPTION_DRUGS],
    "CE200001": [ServiceCode.EXCEPTION_DRUGS],
    "CE200002": [ServiceCode.EXCEPTION_DRUGS],
    "CE200003": [
        ServiceCode.ONLINE_PAYMENT_AUTHORIZATION,
        ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION,
    ],
    "CE200004": [
        ServiceCode.B2B_CLIENTELE_REGISTRATION,
        ServiceCode.B2B_ELIGIBILITY,
        ServiceCode.B2B_SELAT,
        ServiceCode.B2B_FAMILY_DOCTOR,
    ],
}

DEMO_REQUESTS = [
    # reference, form type, user (last, first, function, email), authorizer email, days ago
    (
        "DEMO-000001",
        "4313",
        ("BÉLANGER", "SOPHIE", "pharmacy_technician", "sophie.belanger@exemple.qc.ca"),
        "luc.morin@pharmacie.qc.ca",
        12,
    ),
    (
        "DEMO-000002",
        "4123",
        ("NGUYEN", "ANH", "vendor_it_lead", "anh.nguyen@logiciels.exemple.ca"),
        "claire.roy@logiciels.exemple.ca",
        5,
    ),
    (
        "DEMO-000003",
        "selat",
        ("CÔTÉ", "MARIE", "aids_technician", "marie.cote@orthesesfleuve.exemple.ca"),
        "luc.morin@orthesesfleuve.exemple.ca",
        3,
    ),
]


def load() -> None:
    group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="access",
            codename__in=["process_accessrequest", "revoke_grant", "view_accessrequest"],
        )
    )
    User = get_user_model()
    today = timezone.localdate()
    for username, codes in DEMO_GRANTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for code in codes:
            Grant.objects.get_or_create(
                user=user,
                online_service=OnlineService.objects.get(code=code),
                revoked_at=None,
                defaults={
                    "valid_until": today + timedelta(days=365),
                    "authorizer_email": "autorisation.demo@exemple.qc.ca",
                    "last_confirmed_at": timezone.now(),
                },
            )
    for reference, code, (last, first, function, email), auth_email, days in DEMO_REQUESTS:
        _demo_request(reference, code, (last, first, function, email), auth_email, days)
    _selat_user_approved()


# The demo's dispenser of technical aids (SELAT, seed 002).
SELAT_DISPENSER = ("LABORATOIRE D'ORTHÈSES DU FLEUVE", "54321")
SELAT_USERNAME = "CE200006"


def _organization(code: str) -> tuple[str, str]:
    if code == "4313":
        return "PHARMACIE DÉMO", "01234"
    if code == "selat":
        return SELAT_DISPENSER
    return "LOGICIELS DÉMO INC.", ""


def _demo_request(
    reference: str,
    code: str,
    user: tuple[str, str, str, str],
    auth_email: str,
    days: int,
    *,
    status: str = AccessRequest.Status.SUBMITTED,
) -> AccessRequest | None:
    """A request signed on paper by both sides (the demo has no drawn signatures), in the queue
    unless ``status`` says otherwise; None when it exists already or its form has no version."""
    last, first, function, email = user
    form_type = FormType.objects.get(code=code)
    version = form_type.current_version()
    if version is None or AccessRequest.objects.filter(reference=reference).exists():
        return None
    organization, number = _organization(code)
    access_request = AccessRequest.objects.create(
        reference=reference,
        form_version=version,
        status=status,
        channel=AccessRequest.Channel.PAPER,
        received_at=timezone.now() - timedelta(days=days),
        credentials="production" if form_type.family == "b2b" else "",
        user_last_name=last,
        user_first_name=first,
        user_sex="F",
        user_function=function,
        organization_name=organization,
        organization_number=number,
        user_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        user_postal_code="G1S 1E7",
        user_phone="418 555-0100",
        user_email=email,
        auth_last_name="MORIN",
        auth_first_name="LUC",
        auth_sex="M",
        auth_function=form_type.authorizer_functions[0],
        auth_practice_number="123456" if code in ("4313", "selat") else "",
        auth_organization_name=organization,
        auth_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        auth_postal_code="G1S 1E7",
        auth_phone="418 555-0101",
        auth_email=auth_email,
    )
    access_request.online_services.set(form_type.online_services.all())
    for role, through in ((Signature.Role.USER, 2), (Signature.Role.AUTHORIZER, 3)):
        Signature.objects.create(
            access_request=access_request,
            role=role,
            kind=Signature.Kind.PAPER,
            content_hash=content_hash(access_request, through=through),
        )
    return access_request


def _selat_user_approved() -> None:
    """CE200006's SELAT access, approved from its request, so that /acces/selat/ names the
    dispenser it was given for (issue #12 item 12)."""
    User = get_user_model()
    user = User.objects.filter(username=SELAT_USERNAME).first()
    if (
        user is None
        or Grant.objects.filter(user=user, online_service__code=ServiceCode.SELAT).exists()
    ):
        return
    access_request = _demo_request(
        "DEMO-000004",
        "selat",
        (user.last_name.upper(), user.first_name.upper(), "aids_admin_staff", user.email),
        "luc.morin@orthesesfleuve.exemple.ca",
        40,
        status=AccessRequest.Status.APPROVED,
    )
    if access_request is None:
        return
    today = timezone.localdate()
    valid_until = today + timedelta(days=365)
    AccessRequest.objects.filter(pk=access_request.pk).update(
        account=user,
        username_issued=user.username,
        registration_date=today - timedelta(days=30),
        decided_at=timezone.now() - timedelta(days=30),
        valid_until=valid_until,
    )
    Grant.objects.create(
        user=user,
        online_service=OnlineService.objects.get(code=ServiceCode.SELAT),
        valid_from=today - timedelta(days=30),
        valid_until=valid_until,
        access_request=access_request,
        authorizer_email=access_request.auth_email,
        last_confirmed_at=timezone.now(),
    )
