"""A vendor's credentials, from the approval of its access request to their revocation (seed
004): the client id to the authorizer, the initial secret to the IT lead, who replaces it before
any use; rotation with a grace period; revocation by the IT lead or an agent."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import get_access_token_model, get_application_model

from sel.access.models import AccessRequest, FormFamily, MailRoomLetter
from sel.access.pdf import labelled_credentials_letter_pdf_bytes
from sel.access.services.approval import credentials_by_registered_mail
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.b2b import grants
from sel.b2b.models import B2BClient, ClientPractice, Environment
from sel.core.http import absolute_url
from sel.core.rules import RuleViolation
from sel.outbox.services import send_email_later

MAX_GRACE_DAYS = (
    7  # issue #15: the old secret stays valid « for a grace period they choose, at most 7 days »
)


def secret_new() -> str:
    """A client secret: 256 bits from the CSPRNG."""
    return secrets.token_urlsafe(32)


def _environment_of(access_request: AccessRequest) -> str:
    if access_request.credentials == AccessRequest.Credentials.TRAINING:
        return Environment.TRAINING
    return Environment.PRODUCTION


def client_create(
    *,
    access_request: AccessRequest,
    it_lead: User,
    environment: str,
    actor: User | None,
    request: HttpRequest | None = None,
) -> tuple[B2BClient, str]:
    """The OAuth client of one approved request and environment, with its initial secret
    (returned once, stored hashed). Called inside the approval's transaction."""
    application = get_application_model()(
        name=f"{access_request.reference} {environment}"[:255],
        user=it_lead,
        client_type="confidential",
        authorization_grant_type="client-credentials",
        redirect_uris="",
        skip_authorization=True,
    )
    secret = secret_new()
    application.client_secret = secret
    application.save()
    client = B2BClient.objects.create(
        application=application,
        access_request=access_request,
        environment=environment,
        it_lead=it_lead,
        organization_name=access_request.organization_name,
    )
    record(
        action=Action.B2B_CLIENT_CREATED,
        actor=actor,
        target=client,
        request=request,
        details={"environment": environment, "reference": access_request.reference},
    )
    return client, secret


def clients_from_approval(
    sender: Any,
    *,
    access_request: AccessRequest,
    account: User,
    agent: User,
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """Receiver of ``access_request_approved``: a B2B request gets its client. Seed 004: « la
    personne qui autorise la demande d'accès recevra par courriel l'identifiant à remettre au
    responsable informatique [...]. Toutefois, ce sera le responsable informatique qui recevra le
    mot de passe temporaire de l'identifiant émis » – here the client id and the initial secret.
    Training credentials and requests received before the cut-off go by registered mail, as the
    approval's own letter does (``credentials_by_registered_mail``)."""
    if access_request.family != FormFamily.B2B:
        return
    services = grants.b2b_services_requested(
        list(access_request.online_services.values_list("code", flat=True))
    )
    if not services:
        return
    client, secret = client_create(
        access_request=access_request,
        it_lead=account,
        environment=_environment_of(access_request),
        actor=agent,
        request=request,
    )
    if credentials_by_registered_mail(access_request):
        MailRoomLetter.objects.create(
            access_request=access_request,
            recipient="it_lead",
            pdf=client_credentials_letter_pdf_bytes(
                access_request, client_id=client.client_id, secret=secret
            ),
        )
        return
    context = {
        "reference": access_request.reference,
        "environment": client.environment,
        "services": services,
        "clients_url": absolute_url(reverse("b2b:clients")),
    }
    send_email_later(
        to=access_request.auth_email,
        language=access_request.auth_language,
        template="b2b/client_id_to_authorizer",
        context={**context, "client_id": client.client_id},
    )
    send_email_later(
        to=access_request.user_email,
        language=account.language,
        template="b2b/secret_to_it_lead",
        context=context,
        secret_context={"client_secret": secret},
    )


def client_credentials_letter_pdf_bytes(
    access_request: AccessRequest, *, client_id: str, secret: str
) -> bytes:
    """The registered-mail letter of a client's credentials (training ones, or a request received
    before the cut-off): its own labels, not an account's username and temporary password."""
    return labelled_credentials_letter_pdf_bytes(
        access_request,
        credentials=[(_("Identifiant du client"), client_id), (_("Secret initial"), secret)],
        closing=_(
            "Le secret initial n'ouvre aucun service : remplacez-le d'abord dans la page Services "
            "B2B du portail, où vous gérez aussi ce client."
        ),
    )


def previous_secret_matches(*, client: B2BClient, secret: str) -> bool:
    """The secret is the one replaced by the last rotation, and its grace period runs."""
    until = client.previous_secret_until
    if not secret or not client.previous_secret_hash or until is None or until <= timezone.now():
        return False
    return check_password(secret, client.previous_secret_hash)


def _locked(client: B2BClient) -> B2BClient:
    return B2BClient.objects.select_for_update().select_related("application").get(pk=client.pk)


@transaction.atomic
def client_secret_rotate(
    *, client: B2BClient, actor: User, grace_days: int, request: HttpRequest | None = None
) -> str:
    """A new secret, returned once. The initial secret is replaced without grace (it never
    opened anything); otherwise the old one keeps working for ``grace_days`` (0 to 7), chosen by
    the IT lead (issue #15)."""
    locked = _locked(client)
    if locked.revoked_at is not None:
        raise RuleViolation({"__all__": [_revoked_error()]})
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise RuleViolation(
            {
                "grace_days": [
                    ValidationError(
                        _("La période de grâce va de 0 à %(max)d jours."),
                        code="grace_days",
                        params={"max": MAX_GRACE_DAYS},
                    )
                ]
            }
        )
    initial = locked.secret_must_change
    now = timezone.now()
    application = locked.application
    if initial or grace_days == 0:
        locked.previous_secret_hash = ""
        locked.previous_secret_until = None
    else:
        locked.previous_secret_hash = application.client_secret  # already hashed
        locked.previous_secret_until = now + timedelta(days=grace_days)
    secret = secret_new()
    application.client_secret = secret
    application.save(update_fields=["client_secret", "updated"])
    locked.secret_must_change = False
    locked.secret_changed_at = now
    locked.save(
        update_fields=[
            "previous_secret_hash",
            "previous_secret_until",
            "secret_must_change",
            "secret_changed_at",
        ]
    )
    record(
        action=Action.B2B_SECRET_REPLACED if initial else Action.B2B_SECRET_ROTATED,
        actor=actor,
        target=locked,
        request=request,
        details={"grace_days": 0 if initial else grace_days},
    )
    return secret


def _revoked_error() -> ValidationError:
    return ValidationError(_("Ce client est révoqué."), code="revoked")


@transaction.atomic
def client_revoke(
    *, client: B2BClient, actor: User, reason: str = "", request: HttpRequest | None = None
) -> B2BClient:
    """The client opens nothing from now on: its tokens are deleted and no new one is issued.
    By its IT lead or an agent; revoking twice changes nothing."""
    locked = _locked(client)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    deleted, _by_model = (
        get_access_token_model().objects.filter(application=locked.application).delete()
    )
    record(
        action=Action.B2B_CLIENT_REVOKED,
        actor=actor,
        target=locked,
        request=request,
        details={"bearers_deleted": deleted, "reason": reason[:200]},
    )
    return locked


@transaction.atomic
def client_practice_link(
    *, client: B2BClient, practice_number: str, agent: User, request: HttpRequest | None = None
) -> ClientPractice:
    """An agent links a physician's practice number to the client of that physician's software
    (form 4058: only it may register, end or list the physician's clientele)."""
    link, _new = ClientPractice.objects.get_or_create(
        client=client, practice_number=practice_number, defaults={"linked_by": agent}
    )
    record(
        action=Action.B2B_PRACTICE_LINKED,
        actor=agent,
        target=client,
        request=request,
        details={"practice": practice_number},
    )
    return link


def token_issue_record(*, client: B2BClient, refusal: str, scopes: str = "") -> None:
    """The audit row of a token issued to a client, or refused to a known one."""
    if refusal:
        record(action=Action.B2B_TOKEN_REFUSED, target=client, details={"why": refusal})
    else:
        record(action=Action.B2B_TOKEN_ISSUED, target=client, details={"scopes": scopes})
