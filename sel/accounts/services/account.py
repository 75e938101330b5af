"""The account itself: creation, lock and unlock, alias and language. One function per change, in a
transaction, with its audit event and its emails (STYLE.md §1)."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts import codes, throttle
from sel.accounts.models import EmailCode, LockReason, Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.languages import Language, language_supported
from sel.notices import contacts
from sel.outbox.services import send_email_later

_CE_NUMBER = re.compile(r"^CE(\d+)$")


def _next_username(prefix: str, *, agent: bool = False) -> str:
    """The next free IP/CE number after the highest one in use; CE9xxxxx is kept for the
    Régie's own staff, CE2xxxxx-CE8xxxxx for the accounts created from access requests."""
    low, high = (900000, 999999) if agent else (200000, 899999)
    numbers = [
        int(name[2:])
        for name in User.objects.filter(username__startswith=prefix).values_list(
            "username", flat=True
        )
        if name[2:].isdigit() and low <= int(name[2:]) <= high
    ]
    return f"{prefix}{max([low, *numbers]) + 1:06d}"


@transaction.atomic
def account_create(
    *,
    username: str | None,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    practice_number: str = "",
    language: str = Language.FRENCH,
    actor: User | None,
    request: HttpRequest | None = None,
) -> User:
    """Seed 003, section 4: the Régie creates the account (« Nom d'utilisateur »); a CE number is
    allocated when no username is given. The account has no usable password until a temporary
    password is issued, and must choose its secret questions at first login."""
    for _attempt in range(5):
        name = (username or _next_username("CE", agent=role == Role.AGENT)).upper()
        user = User(
            username=name,
            email=email.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=role,
            practice_number=practice_number,
            language=language_supported(language),
            is_staff=role == Role.AGENT,
            must_set_questions=True,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            if username:
                raise
            continue  # another process took that number at the same moment
        record(action=Action.ACCOUNT_CREATED, actor=actor, target=user, request=request)
        return user
    raise IntegrityError("no free username after 5 tries")


def _lock_email(user: User, template: str, context: dict[str, Any] | None = None) -> None:
    send_email_later(
        to=user.email,
        language=user.language,
        template=f"accounts/{template}",
        context={"first_name": user.first_name, **(context or {})},
    )


def _support_phones() -> list[str]:
    """The support centre's numbers, from the one contact source (``sel.notices.contacts``)."""
    phones = contacts.support_centre_current()["phones"]
    return [f"{line.place} {line.number}" for line in phones]  # type: ignore[attr-defined]


@transaction.atomic
def account_lock(
    *,
    user: User,
    reason: LockReason,
    note: str = "",
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """The one place that locks an account: every session ends, the user is emailed, and the
    account stays locked until ``account_unlock`` (seed 002: « pour un compte verrouillé […]
    veuillez joindre le Centre d'assistance aux professionnels »). Recovery never unlocks it.
    ``note``: the agent's words when a person locks it."""
    User.objects.filter(pk=user.pk).update(
        locked_at=timezone.now(),
        lock_reason=LockReason(reason),
        session_generation=F("session_generation") + 1,
    )
    user.refresh_from_db(fields=["locked_at", "lock_reason", "session_generation"])
    record(
        action=Action.ACCOUNT_LOCKED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": LockReason(reason).value, "note": note.strip()[:500]},
    )
    _lock_email(user, "account_locked", {"phones": _support_phones()})


@transaction.atomic
def account_unlock(
    *, user: User, actor: User | None, reason: str, request: HttpRequest | None = None
) -> None:
    """The one place that lifts a lock, whatever its reason, and restarts the counts that lead
    to one: the account-wide login failures (``throttle.login_counters_clear``) and the
    recovery failures and their 24-hour lock. ``reason``: why (the agent's words, or the
    service that calls it)."""
    previous = User.objects.filter(pk=user.pk).values_list("lock_reason", flat=True).first()
    User.objects.filter(pk=user.pk).update(locked_at=None, lock_reason="")
    user.locked_at, user.lock_reason = None, ""
    throttle.login_counters_clear(throttle.account_key(user.username, user.pk))
    throttle.recovery_counters_clear(user.pk)
    record(
        action=Action.ACCOUNT_UNLOCKED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason.strip()[:500], "lock_reason": previous or ""},
    )


@transaction.atomic
def login_throttle_notify(*, user: User, wait_seconds: int, request: HttpRequest | None) -> None:
    """Each lock emails the user (the wait after 5 failures included)."""
    record(
        action=Action.LOGIN_THROTTLED,
        target=user,
        request=request,
        details={"wait_minutes": wait_seconds // 60},
    )
    _lock_email(user, "login_throttled", {"wait_minutes": wait_seconds // 60})


@transaction.atomic
def alias_request(*, user: User, alias: str, request: HttpRequest | None = None) -> EmailCode:
    """Seed 002: the user may replace the IP/CE name by an email address of their choice; it
    becomes active once the one-time code sent to that address is entered."""
    EmailCode.objects.filter(
        user=user, purpose=EmailCode.Purpose.ALIAS, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    attempt, code = codes.email_code_new(
        purpose=EmailCode.Purpose.ALIAS, user=user, target_email=alias
    )
    send_email_later(
        to=alias,
        language=user.language,
        template="accounts/alias_code",
        context={"first_name": user.first_name, "minutes": 15},
        secret_context={"code": code},
    )
    record(action=Action.ALIAS_REQUESTED, actor=user, target=user, request=request)
    return attempt


class AliasTaken(Exception):
    pass


@transaction.atomic
def alias_confirm(
    *, user: User, attempt: EmailCode, code: str, request: HttpRequest | None = None
) -> bool:
    """Activates the alias if the code is right; the user is told at the account's address.
    Raises AliasTaken if someone confirmed the same address meanwhile."""
    if attempt.user_id != user.pk or attempt.purpose != EmailCode.Purpose.ALIAS:
        return False
    if not codes.email_code_check(attempt, code):
        return False
    alias = attempt.target_email.lower()
    if User.objects.filter(alias__iexact=alias).exclude(pk=user.pk).exists():
        raise AliasTaken(alias)
    User.objects.filter(pk=user.pk).update(alias=alias)
    user.alias = alias
    EmailCode.objects.filter(pk=attempt.pk).update(completed_at=timezone.now())
    record(action=Action.ALIAS_SET, actor=user, target=user, request=request)
    send_email_later(
        to=user.email,
        language=user.language,
        template="accounts/alias_set",
        context={"first_name": user.first_name, "alias": alias, "username": user.username},
    )
    return True


@transaction.atomic
def alias_remove(*, user: User, request: HttpRequest | None = None) -> None:
    User.objects.filter(pk=user.pk).update(alias=None)
    user.alias = None
    record(action=Action.ALIAS_REMOVED, actor=user, target=user, request=request)


@transaction.atomic
def account_language_set(
    *, user: User, language: str, via: str, request: HttpRequest | None = None
) -> bool:
    """The account's language: the portal's at each login and every email's to this person
    (French unless the user chose English). Returns whether it changed; no change, no event."""
    language = language_supported(language)
    changed = User.objects.filter(pk=user.pk).exclude(language=language).update(language=language)
    user.language = language
    if changed:
        record(
            action=Action.LANGUAGE_SET,
            actor=user,
            target=user,
            request=request,
            details={"language": language, "via": via},
        )
    return bool(changed)
