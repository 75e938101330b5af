"""Every state change of an access request (seeds 001, 003, 004): submission and signatures,
the authorizer's emailed link, the agent's decisions (section 4), paper requests."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sel.access import rules
from sel.access.models import (
    AccessLink,
    AccessRequest,
    FormType,
    FormVersion,
    OnlineService,
    Signature,
)
from sel.access.rules import AuthorizerSection, SignatureInput, UserSection
from sel.access.services.emails import email_user_and_authorizer
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url, client_ip
from sel.core.languages import Language, language_current, language_supported
from sel.core.limits import email_normalised
from sel.core.rules import RuleViolation, decision_lock
from sel.core.signed_pdf import PdfSignatureCheck, pdf_signatures, pdf_signatures_must_be_sound
from sel.core.uploads import PDF_MAGIC, stored_file, upload_original_name
from sel.outbox.services import send_email_later


class LinkUnusable(Exception):
    """The emailed link is unknown, already used or expired."""


# --- emailed links ----------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_link_issue(
    *,
    purpose: str,
    email: str,
    access_request: AccessRequest | None = None,
    days: int | None = None,
    valid_for: timedelta | None = None,
) -> str:
    """A single-use link token, expiring after ``valid_for`` (by default ``days`` or
    ``ACCESS_LINK_DAYS``); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    AccessLink.objects.create(
        purpose=purpose,
        email=email,
        access_request=access_request,
        token_hash=_token_hash(token),
        expires_at=timezone.now()
        + (valid_for or timedelta(days=days or settings.ACCESS_LINK_DAYS)),
    )
    return token


def access_link_find(token: str, purpose: str) -> AccessLink | None:
    """The usable link for this token and purpose, or None (unknown, used, expired alike)."""
    link = (
        AccessLink.objects.filter(token_hash=_token_hash(token), purpose=purpose)
        .select_related("access_request__form_version__form_type")
        .first()
    )
    return link if link is not None and link.usable() else None


def _access_link_consume(token: str, purpose: str) -> AccessLink:
    link = (
        AccessLink.objects.select_for_update()
        .filter(token_hash=_token_hash(token), purpose=purpose)
        .first()
    )
    if link is None or not link.usable():
        raise LinkUnusable
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link


def _request_for_link(token: str, purpose: str, status: str) -> AccessRequest:
    """Consume the link and lock its request, which must still be in the state the link was
    sent for."""
    link = _access_link_consume(token, purpose)
    access_request = AccessRequest.objects.select_for_update().get(pk=link.access_request_id or 0)
    if access_request.status != status:
        raise LinkUnusable
    return access_request


def _link_url(name: str, token: str) -> str:
    return absolute_url(reverse(name, args=[token]))


# --- signatures -------------------------------------------------------------------------------


def content_hash(access_request: AccessRequest, *, through: int) -> str:
    """SHA-256 of the sections a signer vouches for: a later change to them is detectable."""
    content = access_request.section_content(through=through)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _sections_signed(role: str) -> int:
    """The user vouches for sections 1–2, the authorizer for 1–3 (and 5)."""
    return 2 if role == Signature.Role.USER else 3


def signature_intact(signature: Signature) -> bool:
    """Whether the request still holds what the signer signed."""
    through = _sections_signed(signature.role)
    return secrets.compare_digest(
        signature.content_hash, content_hash(signature.access_request, through=through)
    )


def _upload_bytes(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def scan_signatures(access_request: AccessRequest) -> list[PdfSignatureCheck] | None:
    """The certificate signatures embedded in the request's scanned PDF (seed 003: « une
    signature numérique (générée grâce à un certificat numérique produit au moyen d'un outil
    spécialisé) »), checked offline as ``sel.core.signed_pdf`` says: none for an image or an
    unsigned PDF, ``None`` when a signature cannot be read."""
    if not access_request.scan:
        return []
    try:
        with access_request.scan.open("rb") as stored:
            data = stored.read()
    except OSError:
        return None
    if not data.startswith(PDF_MAGIC):
        return []
    try:
        return pdf_signatures(data)
    except ValueError:
        return None


def signed_with_certificate(access_request: AccessRequest) -> bool:
    """The scan is a PDF whose every embedded signature is sound (at least one): the request was
    signed with a certificate, not on paper, and the paper directives do not apply to it."""
    found = scan_signatures(access_request)
    return bool(found) and all(check.sound for check in found or [])


def _sign(
    access_request: AccessRequest,
    *,
    role: str,
    signature: SignatureInput | None,
    request: HttpRequest | None,
) -> Signature:
    address = client_ip(request) if request is not None else ""
    return Signature.objects.create(
        access_request=access_request,
        role=role,
        kind=signature.kind if signature else Signature.Kind.PAPER,
        image=signature.image if signature else b"",
        image_type=signature.image_type if signature else "",
        signer_address=address or None,
        content_hash=content_hash(access_request, through=_sections_signed(role)),
    )


# --- submission -------------------------------------------------------------------------------


def _form_name(access_request: AccessRequest, language: str) -> str:
    with translation.override(language):
        return str(access_request.form_type.name)


def _email_link(
    access_request: AccessRequest,
    *,
    purpose: str,
    to_user: bool,
    template: str,
    url_name: str,
    valid_for: timedelta | None = None,
    context: dict[str, Any],
) -> None:
    """A single-use link about this request, emailed to its user or its authorizer in their
    language, with the reference and the form's name; only the link is secret."""
    to, language = (
        (access_request.user_email, access_request.user_language)
        if to_user
        else (access_request.auth_email, access_request.auth_language)
    )
    token = access_link_issue(
        purpose=purpose, email=to, access_request=access_request, valid_for=valid_for
    )
    send_email_later(
        to=to,
        language=language,
        template=template,
        context={
            "reference": access_request.reference,
            "form_name": _form_name(access_request, language),
            **context,
        },
        secret_context={"link": _link_url(url_name, token)},
    )


def _email_user_confirmation(access_request: AccessRequest) -> None:
    """A single-use link to the user's own address: until it is used, nobody else is written
    to and the request waits outside the Régie's queue."""
    hours = settings.ACCESS_USER_CONFIRMATION_HOURS
    _email_link(
        access_request,
        purpose=AccessLink.Purpose.USER_EMAIL,
        to_user=True,
        template="access/user_email_confirm",
        url_name="access:user_email_confirm",
        valid_for=timedelta(hours=hours),
        context={"hours": hours},
    )


def _email_authorizer_link(access_request: AccessRequest) -> None:
    """The authorizer's signing link. The email holds only the portal's words, the form's name,
    the reference and the link: nothing the requester typed (names, organisation, addresses),
    which the authorizer reads on the page behind the link."""
    _email_link(
        access_request,
        purpose=AccessLink.Purpose.AUTHORIZER_SIGN,
        to_user=False,
        template="access/authorizer_sign",
        url_name="access:authorizer_sign",
        context={
            "days": settings.ACCESS_LINK_DAYS,
            "status_url": absolute_url(reverse("access:status")),
        },
    )


def _email_user_and_authorizer(
    access_request: AccessRequest, *, template: str, context: dict[str, Any]
) -> None:
    """The same email to both signers, each in the language they filled their sections in."""
    email_user_and_authorizer(
        user=(access_request.user_email, access_request.user_language),
        authorizer=(access_request.auth_email, access_request.auth_language),
        template=template,
        context=context,
    )


def _request_create(
    *, received_on: date, online_services: list[OnlineService], **values: Any
) -> AccessRequest:
    """A new request with its reference, « DA<year>-<number> »: the number is the row's id, so a
    placeholder holds the unique column until the row is saved."""
    access_request = AccessRequest.objects.create(reference=f"TMP{secrets.token_hex(8)}", **values)
    access_request.reference = f"DA{received_on:%Y}-{access_request.pk:06d}"
    access_request.save(update_fields=["reference"])
    access_request.online_services.set(online_services)
    return access_request


def _signature_checked(signature: SignatureInput) -> SignatureInput:
    """The signature image passes ``rules.signature_image_verified`` (whoever built it)."""
    try:
        rules.signature_image_verified(signature.image)
    except ValidationError as error:
        raise RuleViolation({"signature_image": [error]}) from error
    return signature


@transaction.atomic
def access_request_submit(
    *,
    form_version: FormVersion,
    user_section: UserSection,
    signature: SignatureInput,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """Seeds 001 and 003: « Cette section doit être remplie par la personne désignée pour utiliser
    le service en ligne demandé »: the user fills sections 1 and 2 and signs. Ours: they are
    emailed a single-use link to confirm their own address (with the reference number), and only
    then is the authorizer written to (``access_request_user_email_confirm``).

    Every seed rule on the sections runs here (``rules.user_section_checked``): a section that
    breaks one raises ``RuleViolation`` naming each field at fault, and nothing is recorded."""
    today = timezone.localdate()
    rules.form_version_must_be_current(form_version, received_on=today)
    section = rules.user_section_checked(form_version.form_type, user_section)
    signature = _signature_checked(signature)
    # Until the authorizer fills section 3, they are written to in the user's language.
    language = language_current()
    access_request = _request_create(
        received_on=today,
        online_services=section.online_services,
        form_version=form_version,
        status=AccessRequest.Status.AWAITING_USER_EMAIL,
        user_language=language,
        auth_language=language,
        **section.model_fields(),
    )
    _sign(access_request, role=Signature.Role.USER, signature=signature, request=request)
    record(
        action=Action.ACCESS_REQUEST_SUBMITTED,
        target=access_request,
        request=request,
        details={"reference": access_request.reference, "form": form_version.form_type.code},
    )
    _email_user_confirmation(access_request)
    return access_request


@transaction.atomic
def access_request_user_email_confirm(
    *, token: str, request: HttpRequest | None = None
) -> AccessRequest:
    """The user opened the link sent to their own address: the authorizer now gets their
    signing link."""
    access_request = _request_for_link(
        token, AccessLink.Purpose.USER_EMAIL, AccessRequest.Status.AWAITING_USER_EMAIL
    )
    access_request.status = AccessRequest.Status.AWAITING_AUTHORIZER
    access_request.updated_at = timezone.now()
    access_request.save(update_fields=["status", "updated_at"])
    # Any other confirmation link of this request dies with this one.
    access_request.links.filter(purpose=AccessLink.Purpose.USER_EMAIL, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    record(
        action=Action.ACCESS_REQUEST_USER_EMAIL_CONFIRMED,
        target=access_request,
        request=request,
        details={"reference": access_request.reference},
    )
    _email_authorizer_link(access_request)
    return access_request


@transaction.atomic
def access_request_confirmation_resend(
    *, access_request: AccessRequest, request: HttpRequest | None = None
) -> AccessRequest:
    """A new confirmation link to the user's address, for a request still waiting for it (the
    earlier links keep working until they expire)."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status != AccessRequest.Status.AWAITING_USER_EMAIL:
        raise LinkUnusable
    record(
        action=Action.ACCESS_REQUEST_CONFIRMATION_RESENT,
        target=locked,
        request=request,
        details={"reference": locked.reference},
    )
    _email_user_confirmation(locked)
    return locked


@transaction.atomic
def access_requests_unconfirmed_expire() -> int:
    """Ours (the seeds ask for no confirmation): a request goes on only from a confirmed address,
    so one whose user did not confirm it before every confirmation link expired ends, and
    nobody else hears of it."""
    now = timezone.now()
    usable = AccessLink.objects.filter(
        purpose=AccessLink.Purpose.USER_EMAIL, used_at__isnull=True, expires_at__gt=now
    ).values("access_request_id")
    expired = list(
        AccessRequest.objects.select_for_update()
        .filter(status=AccessRequest.Status.AWAITING_USER_EMAIL)
        .exclude(pk__in=usable)
    )
    for access_request in expired:
        access_request.status = AccessRequest.Status.EXPIRED
        access_request.updated_at = now
        access_request.save(update_fields=["status", "updated_at"])
        record(
            action=Action.ACCESS_REQUEST_EXPIRED,
            target=access_request,
            details={"reference": access_request.reference},
        )
    return len(expired)


@transaction.atomic
def access_request_authorize(
    *,
    token: str,
    authorizer_section: AuthorizerSection,
    signature: SignatureInput,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """Seed 001, section 3: the authorizer reviews sections 1–2, fills section 3 and signs; only
    then does the request reach the Régie's queue. Section 3's seed rules run here
    (``rules.authorizer_section_checked``, ``RuleViolation``), before the link is used up."""
    link = access_link_find(token, AccessLink.Purpose.AUTHORIZER_SIGN)
    if link is None or link.access_request is None:
        raise LinkUnusable
    section = rules.authorizer_section_checked(link.access_request.form_type, authorizer_section)
    signature = _signature_checked(signature)
    access_request = _request_for_link(
        token, AccessLink.Purpose.AUTHORIZER_SIGN, AccessRequest.Status.AWAITING_AUTHORIZER
    )
    for name, value in section.model_fields().items():
        setattr(access_request, name, value)
    access_request.auth_language = language_current()
    access_request.status = AccessRequest.Status.SUBMITTED
    access_request.received_at = access_request.received_at or timezone.now()
    access_request.updated_at = timezone.now()
    access_request.save()
    _sign(access_request, role=Signature.Role.AUTHORIZER, signature=signature, request=request)
    record(
        action=Action.ACCESS_REQUEST_AUTHORIZED,
        target=access_request,
        request=request,
        details={"reference": access_request.reference},
    )
    _email_user_and_authorizer(
        access_request,
        template="access/request_in_queue",
        context={
            "reference": access_request.reference,
            "status_url": absolute_url(reverse("access:status")),
            "dates_url": absolute_url(reverse("access:processing_dates")),
        },
    )
    return access_request


@transaction.atomic
def access_request_correct(
    *,
    token: str,
    user_section: UserSection,
    signature: SignatureInput,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """A request returned as incomplete is corrected through its emailed link, the rest kept;
    the user signs again and the authorizer is asked to sign the corrected request. A new user
    address is confirmed first, as at submission. The seed rules run as at submission
    (``RuleViolation``), before the link is used up."""
    link = access_link_find(token, AccessLink.Purpose.CORRECTION)
    if link is None or link.access_request is None:
        raise LinkUnusable
    section = rules.user_section_checked(link.access_request.form_type, user_section)
    signature = _signature_checked(signature)
    fields = section.model_fields()
    access_request = _request_for_link(
        token, AccessLink.Purpose.CORRECTION, AccessRequest.Status.INCOMPLETE
    )
    address_changed = email_normalised(fields["user_email"]) != email_normalised(
        access_request.user_email
    )
    for name, value in fields.items():
        setattr(access_request, name, value)
    access_request.user_language = language_current()
    access_request.status = (
        AccessRequest.Status.AWAITING_USER_EMAIL
        if address_changed
        else AccessRequest.Status.AWAITING_AUTHORIZER
    )
    access_request.updated_at = timezone.now()
    access_request.save()
    access_request.online_services.set(section.online_services)
    access_request.signatures.update(superseded=True)
    _sign(access_request, role=Signature.Role.USER, signature=signature, request=request)
    record(
        action=Action.ACCESS_REQUEST_CORRECTED,
        target=access_request,
        request=request,
        details={"reference": access_request.reference, "user_email_changed": address_changed},
    )
    if address_changed:
        _email_user_confirmation(access_request)
    else:
        _email_authorizer_link(access_request)
    return access_request


def _paper_sections_checked(
    form_type: FormType, user_section: UserSection, authorizer_section: AuthorizerSection
) -> tuple[UserSection, AuthorizerSection]:
    """Both sections of a paper request, each through its rules; one ``RuleViolation`` names
    every field at fault in either (their names do not overlap)."""
    section_2, user_errors = rules.user_section_errors(form_type, user_section)
    section_3, authorizer_errors = rules.authorizer_section_errors(form_type, authorizer_section)
    if user_errors or authorizer_errors:
        raise RuleViolation({**user_errors, **authorizer_errors})
    return section_2, section_3


@transaction.atomic
def access_request_record_paper(
    *,
    agent: User,
    form_version: FormVersion,
    received_on: date,
    user_section: UserSection,
    authorizer_section: AuthorizerSection,
    scan: UploadedFile,
    user_language: str = Language.FRENCH,
    auth_language: str = Language.FRENCH,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """A paper or scanned request received by mail or email (seed 004: « la demande d'accès peut
    être signée, numérisée et transmise à l'adresse de courriel »), recorded by an agent with its
    scan; it then follows the same processing. Each signer's emails and letters are in the
    language the agent recorded for them (French unless said otherwise)."""
    rules.form_version_must_be_current(form_version, received_on=received_on)
    form_type = form_version.form_type
    section_2, section_3 = _paper_sections_checked(form_type, user_section, authorizer_section)
    certificate_signatures: list[PdfSignatureCheck] = []
    data = _upload_bytes(scan)
    if data.startswith(PDF_MAGIC):
        try:
            certificate_signatures = pdf_signatures_must_be_sound(
                data, name=upload_original_name(scan.name)
            )
        except ValidationError as broken:
            raise RuleViolation({"scan": [broken]}) from None
    received_at = timezone.make_aware(datetime.combine(received_on, time(12, 0)))
    access_request = _request_create(
        received_on=received_on,
        online_services=section_2.online_services,
        form_version=form_version,
        channel=AccessRequest.Channel.PAPER,
        status=AccessRequest.Status.SUBMITTED,
        received_at=received_at,
        scan=stored_file(scan),
        scan_original_name=upload_original_name(scan.name),
        user_language=language_supported(user_language),
        auth_language=language_supported(auth_language),
        **section_2.model_fields(),
        **section_3.model_fields(),
    )
    _sign(access_request, role=Signature.Role.USER, signature=None, request=None)
    _sign(access_request, role=Signature.Role.AUTHORIZER, signature=None, request=None)
    record(
        action=Action.ACCESS_REQUEST_PAPER_RECORDED,
        actor=agent,
        target=access_request,
        request=request,
        details={
            "reference": access_request.reference,
            "form": form_version.form_type.code,
            "certificate_signatures": [
                {"signer": check.signer_name, "fingerprint_sha256": check.fingerprint_sha256}
                for check in certificate_signatures
            ],
        },
    )
    return access_request


# --- agent decisions (section 4) --------------------------------------------------------------


def _lock_waiting(access_request: AccessRequest) -> AccessRequest:
    """Lock the request row; a request no longer in the queue means another agent decided
    (``sel.core.rules.DecisionConflict``)."""
    return decision_lock(access_request, waiting={AccessRequest.Status.SUBMITTED})


def _decide(access_request: AccessRequest, *, agent: User, status: str, note: str) -> AccessRequest:
    """Section 4 for a refusal or a return: the agent's decision and its note, on the locked row."""
    locked = _lock_waiting(access_request)
    locked.status = status
    locked.agent = agent
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save()
    return locked


@transaction.atomic
def access_request_refuse(
    *,
    access_request: AccessRequest,
    agent: User,
    reason: str,
    directives_broken: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> AccessRequest:
    """The Régie refuses the request, with its reason, or for the paper form's directives the
    scan broke (``rules.PAPER_DIRECTIVES``), or both; user and authorizer are told, each in
    their own language."""
    broken = [code for code in directives_broken if code in rules.PAPER_DIRECTIVE_CODES]
    if not reason.strip() and not broken:
        raise RuleViolation({"reason": [ValidationError(_("Inscrivez le motif du refus."))]})
    with translation.override(settings.LANGUAGE_CODE):
        note = "\n".join([*rules.paper_refusal_texts(broken), reason.strip()]).strip()
    locked = _decide(access_request, agent=agent, status=AccessRequest.Status.REFUSED, note=note)
    record(
        action=Action.ACCESS_REQUEST_REFUSED,
        actor=agent,
        target=locked,
        request=request,
        details={"reference": locked.reference, "directives_broken": broken},
    )
    email_user_and_authorizer(
        user=(locked.user_email, locked.user_language),
        authorizer=(locked.auth_email, locked.auth_language),
        template="access/request_refused",
        context={"reference": locked.reference, "reason": reason.strip()},
        context_in=lambda: {"directives": rules.paper_refusal_texts(broken)},
    )
    return locked


@transaction.atomic
def access_request_return_incomplete(
    *, access_request: AccessRequest, agent: User, note: str, request: HttpRequest | None = None
) -> AccessRequest:
    """The request waits for information: the user gets a link to correct it without retyping
    the rest (seed 001: « en attente de renseignements complémentaires »)."""
    if not note.strip():
        raise ValidationError("note required")
    locked = _decide(
        access_request, agent=agent, status=AccessRequest.Status.INCOMPLETE, note=note.strip()
    )
    record(
        action=Action.ACCESS_REQUEST_RETURNED,
        actor=agent,
        target=locked,
        request=request,
        details={"reference": locked.reference},
    )
    _email_link(
        locked,
        purpose=AccessLink.Purpose.CORRECTION,
        to_user=True,
        template="access/request_incomplete",
        url_name="access:request_correct",
        context={"note": locked.decision_note, "days": settings.ACCESS_LINK_DAYS},
    )
    return locked
