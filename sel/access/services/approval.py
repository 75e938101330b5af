"""Approval (section 4): the account, the grants and the credentials, split between two emails
or sent by registered mail (seeds 003, 004)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.access import rules
from sel.access.models import AccessRequest, Function, Grant, MailRoomLetter
from sel.access.pdf import credentials_letter_pdf_bytes
from sel.access.rules import numbers_by_regie_errors
from sel.access.services.access_requests import _lock_waiting, signed_with_certificate
from sel.access.signals import access_request_approved
from sel.accounts.models import Role, User
from sel.accounts.services.account import account_create
from sel.accounts.services.password import temporary_password_issue
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.rules import RuleViolation
from sel.outbox.services import send_email_later

ROLE_FOR_FUNCTION: dict[str, Role] = {
    Function.ADMIN_ASSISTANT: Role.ADMIN_ASSISTANT,
    Function.NURSE: Role.NURSE,
    Function.PHARMACY_TECHNICIAN: Role.PHARMACY_TECHNICIAN,
    Function.VENDOR_IT_LEAD: Role.SOFTWARE_VENDOR,
    Function.AIDS_ADMIN_STAFF: Role.TECHNICAL_AIDS_STAFF,
    Function.AIDS_TECHNICIAN: Role.TECHNICAL_AIDS_STAFF,
    Function.AIDS_PROFESSIONAL: Role.TECHNICAL_AIDS_STAFF,
}


def credentials_by_registered_mail(access_request: AccessRequest) -> bool:
    """Seed 004: « Seules les demandes pour des identifiants de production [...] seront touchées.
    Les identifiants de formation [...] ne sont pas touchés par ce changement » and « Pour les
    demandes reçues avant le 31 mars 2022, les informations seront transmises par courrier
    recommandé. » True when the credentials go by registered mail, not by email."""
    if access_request.credentials == AccessRequest.Credentials.TRAINING:
        return True
    cut_off = access_request.form_type.email_delivery_from
    received = access_request.received_at or access_request.created_at
    return cut_off is not None and timezone.localdate(received) < cut_off


def _account_for(
    access_request: AccessRequest, *, agent: User, request: HttpRequest | None
) -> tuple[User, bool]:
    """The existing account the user named (seed 001: « Si oui, donnez le nom d'utilisateur »),
    or a new CE account. Returns (account, created)."""
    if access_request.user_existing_username:
        # Only the named account of this same person: a mistyped or borrowed username must not
        # hand the grants to someone else.
        existing = User.objects.filter(
            username__iexact=access_request.user_existing_username,
            is_active=True,
            last_name__iexact=access_request.user_last_name,
            first_name__iexact=access_request.user_first_name,
        ).first()
        if existing is not None:
            return existing, False
    account = account_create(
        username=None,
        email=access_request.user_email,
        first_name=access_request.user_first_name,
        last_name=access_request.user_last_name,
        # An establishment's function is free text (seed 003): it maps to no role of its own.
        role=ROLE_FOR_FUNCTION.get(access_request.user_function, Role.ESTABLISHMENT_STAFF),
        practice_number="",
        language=access_request.user_language,
        actor=agent,
        request=request,
    )
    return account, True


@transaction.atomic
def access_request_approve(
    *,
    access_request: AccessRequest,
    agent: User,
    valid_until: date,
    directives_confirmed: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> AccessRequest:
    """Seed 003, section 4: the Régie records reference, username, registration date, validity
    and its agent, grants the applications and sends « par courriel à l'utilisateur son mot de
    passe temporaire. Toutefois, c'est à la personne qui autorise la demande d'accès que nous
    fournirons le nom d'utilisateur » – two emails, neither holding both.

    A request received on paper is accepted only once the agent confirmed, on its scan, each
    directive the form prints (``rules.paper_document_must_follow_directives``), unless the scan
    is a PDF signed with a certificate (seed 003's « signature numérique »)."""
    locked = _lock_waiting(access_request)
    on_paper = locked.channel == AccessRequest.Channel.PAPER and not signed_with_certificate(locked)
    if on_paper:
        try:
            rules.paper_document_must_follow_directives(directives_confirmed)
        except ValidationError as error:
            raise RuleViolation({"directives_confirmed": [error]}) from None
    account, created = _account_for(locked, agent=agent, request=request)
    today = timezone.localdate()
    services = list(locked.online_services.all())
    for service in services:
        grant = Grant.objects.create(
            user=account,
            online_service=service,
            valid_from=today,
            valid_until=valid_until,
            granted_by=agent,
            access_request=locked,
            authorizer_email=locked.auth_email,
            last_confirmed_at=timezone.now(),
        )
        record(
            action=Action.GRANT_CREATED,
            actor=agent,
            target=grant,
            request=request,
            details={"service": service.code, "reference": locked.reference, "user": account.pk},
        )
    locked.status = AccessRequest.Status.APPROVED
    locked.agent = agent
    locked.decided_at = timezone.now()
    locked.account = account
    locked.username_issued = account.username
    locked.registration_date = today
    locked.valid_until = valid_until
    locked.save()
    access_request_approved.send(
        sender=AccessRequest, access_request=locked, account=account, agent=agent, request=request
    )
    record(
        action=Action.ACCESS_REQUEST_APPROVED,
        actor=agent,
        target=locked,
        request=request,
        details={
            "reference": locked.reference,
            "new_account": created,
            "paper_directives_confirmed": sorted(directives_confirmed) if on_paper else [],
        },
    )
    password = (
        temporary_password_issue(
            user=account, actor=agent, request=request, reason="access_request"
        )
        if created
        else None
    )
    if credentials_by_registered_mail(locked):
        MailRoomLetter.objects.create(
            access_request=locked,
            pdf=credentials_letter_pdf_bytes(
                locked, username=account.username, temporary_password=password
            ),
        )
        return locked
    context = {
        "reference": locked.reference,
        "services": [service.name_fr for service in services],
        "valid_until": valid_until.isoformat(),
        "login_url": absolute_url(reverse("accounts:login")),
    }
    send_email_later(
        to=locked.auth_email,
        language=locked.auth_language,
        template="access/username_to_authorizer",
        context={
            **context,
            "user_name": f"{locked.user_first_name} {locked.user_last_name}",
            "new_account": created,
        },
        secret_context={"username": account.username},
    )
    if password is not None:
        send_email_later(
            to=locked.user_email,
            language=account.language,
            template="access/password_to_user",
            context=context,
            secret_context={"temporary_password": password},
        )
    else:
        send_email_later(
            to=locked.user_email,
            language=account.language,
            template="access/access_added",
            context=context,
        )
    return locked


@transaction.atomic
def access_request_numbers_complete(
    *,
    access_request: AccessRequest,
    agent: User,
    organization_number: str = "",
    auth_practice_number: str = "",
    request: HttpRequest | None = None,
) -> AccessRequest:
    """The agent completes, while the request waits in the queue, the numbers the requester could
    leave blank (``rules.numbers_completed_by_regie``). They are kept apart from the signed
    sections, so the signatures stay intact; an empty value leaves the number as it was."""
    locked = _lock_waiting(access_request)
    cleaned, errors = numbers_by_regie_errors(
        locked,
        organization_number=organization_number,
        auth_practice_number=auth_practice_number,
    )
    if not cleaned and not errors:
        errors["__all__"] = [
            ValidationError(_("Inscrivez le numéro à compléter."), code="no_number")
        ]
    if errors:
        raise RuleViolation(errors)
    if "organization_number" in cleaned:
        locked.organization_number_by_regie = cleaned["organization_number"]
    if "auth_practice_number" in cleaned:
        locked.auth_practice_number_by_regie = cleaned["auth_practice_number"]
    locked.updated_at = timezone.now()
    locked.save(
        update_fields=[
            "organization_number_by_regie",
            "auth_practice_number_by_regie",
            "updated_at",
        ]
    )
    record(
        action=Action.ACCESS_REQUEST_NUMBERS_COMPLETED,
        actor=agent,
        target=locked,
        request=request,
        details={"reference": locked.reference, "fields": sorted(cleaned)},
    )
    return locked
