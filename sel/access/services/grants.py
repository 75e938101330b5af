"""Grants after approval: the Régie's withdrawal (seed 001), reminders before the end date, and
the authorizers' yearly confirmation."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sel.access.models import AccessLink, Grant, MailRoomLetter, OnlineService
from sel.access.services.access_requests import (
    LinkUnusable,
    _access_link_consume,
    _link_url,
    access_link_issue,
)
from sel.access.services.emails import email_user_and_authorizer
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.languages import Language
from sel.core.rules import RuleViolation
from sel.outbox.services import send_email_later


def _authorizer_language(grant: Grant) -> str:
    """The authorizer has no account here: the language they filled section 3 in."""
    request = grant.access_request
    return request.auth_language if request is not None else Language.FRENCH.value


def _tell_user_and_authorizer(
    grant: Grant,
    *,
    template: str,
    context: dict[str, Any],
    secret_context: dict[str, Any] | None = None,
) -> None:
    email_user_and_authorizer(
        user=(grant.user.email, grant.user.language),
        authorizer=(grant.authorizer_email, _authorizer_language(grant)),
        template=template,
        context={
            "valid_until": grant.valid_until.isoformat() if grant.valid_until else "",
            "user_name": grant.user.get_full_name(),
            **context,
        },
        context_in=lambda: {"service": grant.online_service.name},
        secret_context=secret_context,
    )


def _end(grant: Grant, *, by: User | None, reason: str, request: HttpRequest | None) -> None:
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.revoked_reason = reason[:500]
    grant.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    record(
        action=Action.GRANT_REVOKED,
        actor=by,
        target=grant,
        request=request,
        details={
            "service": grant.online_service.code,
            "user": grant.user_id,
            "reason": reason[:200],
        },
    )


@transaction.atomic
def grant_revoke(
    *, grant: Grant, agent: User, reason: str, request: HttpRequest | None = None
) -> Grant:
    """Seed 001: « la Régie se réserve le droit de retirer en tout temps et sans préavis l'accès
    aux services en ligne accordé ». Takes effect on the user's next request, even in an open
    session (``service_required`` checks the grant each time); user and authorizer are told."""
    locked = (
        Grant.objects.select_for_update().select_related("user", "online_service").get(pk=grant.pk)
    )
    if locked.revoked_at is not None:
        return locked
    _end(locked, by=agent, reason=reason, request=request)
    _tell_user_and_authorizer(locked, template="access/grant_revoked", context={"reason": reason})
    return locked


RENEWAL_SALT = "sel.access.grant_renewal"


def grant_renewal_url(grant: Grant) -> str:
    """The emailed link to a renewal of ``grant``, its form filled from the current grant."""
    token = signing.dumps(grant.pk, salt=RENEWAL_SALT)
    return absolute_url(reverse("access:request_renew", args=[token]))


def grant_for_renewal(token: str) -> Grant | None:
    """The grant a renewal link names, while the link is fresh and the grant was not withdrawn;
    None otherwise (a forged, stale or withdrawn link alike). Rule of ours: the link lasts the
    reminder's notice plus ``ACCESS_LINK_DAYS``, so that it still works a while after the end."""
    max_age = timedelta(days=settings.ACCESS_EXPIRY_REMINDER_DAYS + settings.ACCESS_LINK_DAYS)
    try:
        pk = signing.loads(token, salt=RENEWAL_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        Grant.objects.filter(pk=pk, revoked_at__isnull=True)
        .select_related("user", "online_service", "access_request__form_version__form_type")
        .first()
    )


def _tell_user(grant: Grant, *, template: str, reason: str) -> None:
    user = grant.user
    with translation.override(user.language):
        service = grant.online_service.name
    send_email_later(
        to=user.email,
        language=user.language,
        template=template,
        context={
            "service": service,
            "valid_until": grant.valid_until.isoformat() if grant.valid_until else "",
            "reason": reason,
            "login_url": absolute_url(reverse("accounts:login")),
        },
    )


@transaction.atomic
def grant_give(
    *,
    user: User,
    service: OnlineService,
    valid_until: date | None,
    agent: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Grant:
    """An agent opens a service to an account outside any access request (a professional
    registered before the catalogue opened it, a correction), with a reason; the person is
    told by email. A grant already in force for that service is extended instead."""
    today = timezone.localdate()
    if valid_until is not None and valid_until < today:
        raise RuleViolation(
            {"valid_until": [ValidationError(_("La date de fin ne peut pas être passée."))]}
        )
    current = (
        Grant.objects.valid_on(today)
        .select_for_update()
        .filter(user=user, online_service=service)
        .first()
    )
    if current is not None:
        return grant_extend(
            grant=current, valid_until=valid_until, agent=agent, reason=reason, request=request
        )
    grant = Grant.objects.create(
        user=user,
        online_service=service,
        valid_from=today,
        valid_until=valid_until,
        granted_by=agent,
    )
    record(
        action=Action.GRANT_CREATED,
        actor=agent,
        target=grant,
        request=request,
        details={"service": service.code, "user": user.pk, "reason": reason[:200]},
    )
    _tell_user(grant, template="access/grant_given", reason=reason)
    return grant


@transaction.atomic
def grant_extend(
    *,
    grant: Grant,
    valid_until: date | None,
    agent: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Grant:
    """An agent moves the end date of a grant in force (None: no end date), with a reason; the
    person is told by email."""
    locked = (
        Grant.objects.select_for_update().select_related("user", "online_service").get(pk=grant.pk)
    )
    today = timezone.localdate()
    if locked.revoked_at is not None:
        raise ValidationError(
            {"valid_until": [_("Cet accès est retiré : accordez-le de nouveau.")]}
        )
    if valid_until is not None and valid_until < today:
        raise RuleViolation(
            {"valid_until": [ValidationError(_("La date de fin ne peut pas être passée."))]}
        )
    before = locked.valid_until
    locked.valid_until = valid_until
    locked.expiry_reminder_sent_at = None
    locked.save(update_fields=["valid_until", "expiry_reminder_sent_at"])
    record(
        action=Action.GRANT_EXTENDED,
        actor=agent,
        target=locked,
        request=request,
        details={
            "service": locked.online_service.code,
            "user": locked.user_id,
            "before": before.isoformat() if before else None,
            "after": valid_until.isoformat() if valid_until else None,
            "reason": reason[:200],
        },
    )
    _tell_user(locked, template="access/grant_extended", reason=reason)
    return locked


@transaction.atomic
def grant_expiry_remind() -> int:
    """User and authorizer get a reminder ``ACCESS_EXPIRY_REMINDER_DAYS`` (30) days before a
    grant's end date, once. Returns how many grants were reminded."""
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.ACCESS_EXPIRY_REMINDER_DAYS)
    due = (
        Grant.objects.valid_on(today)
        .select_for_update(of=("self",))
        .filter(valid_until__lte=horizon, expiry_reminder_sent_at__isnull=True)
        .select_related("user", "online_service")
    )
    count = 0
    for grant in due:
        grant.expiry_reminder_sent_at = timezone.now()
        grant.save(update_fields=["expiry_reminder_sent_at"])
        _tell_user_and_authorizer(
            grant,
            template="access/grant_expiry_reminder",
            context={},
            secret_context={"link": grant_renewal_url(grant)},
        )
        record(action=Action.GRANT_EXPIRY_REMINDED, target=grant, details={"user": grant.user_id})
        count += 1
    return count


@transaction.atomic
def grant_confirmation_request() -> int:
    """Once a year (``ACCESS_CONFIRMATION_EVERY_DAYS``) each authorizer receives, by a
    single-use emailed link, the grants they authorized, to confirm or end each one. Returns how
    many authorizers were asked."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.ACCESS_CONFIRMATION_EVERY_DAYS)
    due = (
        Grant.objects.valid_on(timezone.localdate())
        .select_for_update(of=("self",))
        .annotate(since=Coalesce("last_confirmed_at", "created_at"))
        .filter(confirmation_requested_at__isnull=True, since__lte=cutoff)
        .exclude(authorizer_email="")
    )
    by_authorizer: dict[str, list[Grant]] = defaultdict(list)
    for grant in due:
        by_authorizer[grant.authorizer_email.lower()].append(grant)
    for email, grants in by_authorizer.items():
        Grant.objects.filter(pk__in=[g.pk for g in grants]).update(confirmation_requested_at=now)
        token = access_link_issue(
            purpose=AccessLink.Purpose.YEARLY_CONFIRMATION,
            email=email,
            days=settings.ACCESS_CONFIRMATION_GRACE_DAYS,
        )
        latest = max(grants, key=lambda g: g.created_at)
        send_email_later(
            to=email,
            language=_authorizer_language(latest),
            template="access/yearly_confirmation",
            context={"count": len(grants), "days": settings.ACCESS_CONFIRMATION_GRACE_DAYS},
            secret_context={"link": _link_url("access:grant_confirm", token)},
        )
        for asked in grants:
            record(
                action=Action.GRANT_CONFIRMATION_REQUESTED,
                target=asked,
                details={"user": asked.user_id},
            )
    return len(by_authorizer)


@transaction.atomic
def grant_unconfirmed_end() -> int:
    """A grant not confirmed within ``ACCESS_CONFIRMATION_GRACE_DAYS`` (30) days of the request
    ends by itself, and the user is told. Returns how many ended."""
    cutoff = timezone.now() - timedelta(days=settings.ACCESS_CONFIRMATION_GRACE_DAYS)
    due = (
        Grant.objects.valid_on(timezone.localdate())
        .select_for_update(of=("self",))
        .filter(confirmation_requested_at__lte=cutoff)
        .select_related("user", "online_service")
    )
    count = 0
    for grant in due:
        _end(grant, by=None, reason="yearly confirmation not received", request=None)
        with translation.override(grant.user.language):
            service = grant.online_service.name
        send_email_later(
            to=grant.user.email,
            language=grant.user.language,
            template="access/grant_ended_unconfirmed",
            context={"service": service},
        )
        count += 1
    return count


def grants_to_confirm(email: str) -> list[Grant]:
    """The grants an authorizer is asked to confirm (a selector kept next to its service)."""
    return list(
        Grant.objects.valid_on(timezone.localdate())
        .filter(authorizer_email__iexact=email, confirmation_requested_at__isnull=False)
        .select_related("user", "online_service")
        .order_by("user__last_name", "online_service__name_fr")
    )


@transaction.atomic
def grant_confirmations_record(
    *, token: str, decisions: dict[int, bool], request: HttpRequest | None = None
) -> tuple[int, int]:
    """The authorizer's answer through the yearly link: True confirms a grant for another period,
    False ends it (the user is told). Returns (confirmed, ended)."""
    link = _access_link_consume(token, AccessLink.Purpose.YEARLY_CONFIRMATION)
    grants = {g.pk: g for g in grants_to_confirm(link.email)}
    if not grants:
        raise LinkUnusable
    confirmed = ended = 0
    for pk, grant in grants.items():
        if decisions.get(pk, True):
            grant.last_confirmed_at = timezone.now()
            grant.confirmation_requested_at = None
            grant.save(update_fields=["last_confirmed_at", "confirmation_requested_at"])
            record(
                action=Action.GRANT_CONFIRMED,
                target=grant,
                request=request,
                details={"user": grant.user_id, "authorizer": link.email},
            )
            confirmed += 1
        else:
            _end(grant, by=None, reason="ended by the authorizer", request=request)
            _tell_user_and_authorizer(
                grant, template="access/grant_revoked", context={"reason": ""}
            )
            ended += 1
    return confirmed, ended


@transaction.atomic
def mail_room_letter_mailed(
    *, letter: MailRoomLetter, agent: User, request: HttpRequest | None = None
) -> None:
    """The letter left by registered mail: its PDF, which holds a temporary password, is erased."""
    letter.mailed_at = timezone.now()
    letter.mailed_by = agent
    letter.pdf = b""
    letter.save(update_fields=["mailed_at", "mailed_by", "pdf"])
    record(
        action=Action.MAIL_LETTER_MAILED,
        actor=agent,
        target=letter.access_request,
        request=request,
        details={"reference": letter.access_request.reference},
    )
