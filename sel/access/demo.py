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
        form_type = FormType.objects.get(code=code)
        version = form_type.current_version()
        if version is None or AccessRequest.objects.filter(reference=reference).exists():
            continue
        access_request = AccessRequest.objects.create(
            reference=reference,
            form_version=version,
            status=AccessRequest.Status.SUBMITTED,
            channel=AccessRequest.Channel.PAPER,
            received_at=timezone.now() - timedelta(days=days),
            credentials="production" if form_type.family == "b2b" else "",
            user_last_name=last,
            user_first_name=first,
            user_sex="F",
            user_function=function,
            organization_name="PHARMACIE DÉMO" if code == "4313" else "LOGICIELS DÉMO INC.",
            organization_number="01234" if code == "4313" else "",
            user_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
            user_postal_code="G1S 1E7",
            user_phone="418 555-0100",
            user_email=email,
            auth_last_name="MORIN",
            auth_first_name="LUC",
            auth_sex="M",
            auth_function=form_type.authorizer_functions[0],
            auth_practice_number="123456" if code == "4313" else "",
            auth_organization_name="PHARMACIE DÉMO" if code == "4313" else "LOGICIELS DÉMO INC.",
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
