"""What the access app holds about a person (Law 25): their grants, and the access requests they
are named in, as user or as authorizer. Each request gives the person their own section and its
signatures only: the other person's section is that person's data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sel.access.models import AccessRequest, Grant, Signature
from sel.accounts.models import User

EXPORTED = {
    "access.Grant": "grants",
    "access.AccessRequest": "access_requests",
    "access.Signature": "access_requests",
}
NOT_EXPORTED = {
    "access.AccessLink": "A one-time link's token hash (a secret) sent to an address of the "
    "request, which is exported with it.",
    "access.MailRoomLetter": "The registered-mail letter carries the credentials themselves; the "
    "request it answers is exported, and the letter is mailed to the person.",
}

# The person's own section of a request, by the role they hold in it (sections 1 and 3).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    Signature.Role.USER: (
        "user_last_name", "user_first_name", "user_sex", "user_function",
        "user_existing_username", "organization_name", "organization_number", "user_address",
        "user_postal_code", "user_phone", "user_phone_ext", "user_fax", "user_email",
    ),
    Signature.Role.AUTHORIZER: (
        "auth_last_name", "auth_first_name", "auth_sex", "auth_function", "auth_practice_number",
        "auth_organization_name", "auth_address", "auth_postal_code", "auth_phone",
        "auth_phone_ext", "auth_fax", "auth_email",
    ),
}  # fmt: skip


def _requests_as(user: User, role: str) -> list[AccessRequest]:
    email_field = "user_email" if role == Signature.Role.USER else "auth_email"
    named = Q(pk__in=[])
    for address in (user.email, user.alias):
        if address:
            named |= Q(**{f"{email_field}__iexact": address})
    if role == Signature.Role.USER:
        named |= Q(account=user)
    return list(
        AccessRequest.objects.filter(named)
        .select_related("form_version__form_type")
        .prefetch_related("online_services", "signatures")
        .order_by("created_at")
    )


def _request_entry(access_request: AccessRequest, role: str) -> dict[str, Any]:
    return {
        "reference": access_request.reference,
        "role": role,
        "form": access_request.form_version.form_type.code,
        "status": access_request.status,
        "channel": access_request.channel,
        "created_at": access_request.created_at.isoformat(),
        "decided_at": (
            access_request.decided_at.isoformat() if access_request.decided_at else None
        ),
        "services": sorted(service.code for service in access_request.online_services.all()),
        **{name: getattr(access_request, name) for name in SECTION_FIELDS[role]},
        "signatures": [
            {
                "kind": signature.kind,
                "signed_at": signature.signed_at.isoformat(),
                "signer_address": signature.signer_address,
                "superseded": signature.superseded,
            }
            for signature in access_request.signatures.all()
            if signature.role == role
        ],
    }


def export(user: User) -> dict[str, Any]:
    return {
        "grants": [
            {
                "service": grant.online_service.code,
                "valid_from": grant.valid_from.isoformat(),
                "valid_until": grant.valid_until.isoformat() if grant.valid_until else None,
                "revoked_at": grant.revoked_at.isoformat() if grant.revoked_at else None,
            }
            for grant in Grant.objects.filter(user=user).select_related("online_service")
        ],
        "access_requests": [
            _request_entry(access_request, role)
            for role in (Signature.Role.USER, Signature.Role.AUTHORIZER)
            for access_request in _requests_as(user, role)
        ],
    }
