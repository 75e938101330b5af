"""Every state change of an account: one function each, in a transaction, with its audit event
and its emails (STYLE.md §1)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sel.accounts import codes, questions, throttle
from sel.accounts.models import EmailCode, PasswordHistory, Role, SecretAnswer, User
from sel.accounts.passwords import PASSWORD_HISTORY_SIZE, temporary_password_generate
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.languages import Language, language_supported
from sel.outbox.services import send_email_later

NOT_ME_SALT = "sel.accounts.not-me"
NOT_ME_MAX_AGE = timedelta(days=10)
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
    actor: Any,
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


def _password_history_push(user: User) -> None:
    """Keeps the outgoing hash so the last 5 passwords cannot be reused."""
    if user.has_usable_password() and user.temporary_password_expires_at is None:
        PasswordHistory.objects.create(user=user, password_hash=user.password)
    stale = list(user.password_history.values_list("pk", flat=True)[PASSWORD_HISTORY_SIZE - 1 :])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()


@transaction.atomic
def temporary_password_issue(
    *, user: User, actor: Any, request: HttpRequest | None = None, reason: str
) -> str:
    """Seeds 001/002: a temporary password, random, single-use, expiring after
    TEMPORARY_PASSWORD_DAYS, stored only as a hash. At the first login with it the user must set
    a new password, then choose the secret questions. Returns the clear password to the caller,
    who emails it (secret_context) and never stores it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    password = temporary_password_generate()
    _password_history_push(user)
    user.set_password(password)
    now = timezone.now()
    user.temporary_password_expires_at = now + timedelta(days=settings.TEMPORARY_PASSWORD_DAYS)
    user.temporary_password_used_at = None
    user.must_change_password = True
    user.must_set_questions = True
    user.password_changed_at = now
    user.session_generation += 1
    user.locked_at = None
    user.lock_reason = ""
    user.save()
    throttle.login_counters_clear(throttle.account_key(user.username, user.pk))
    record(
        action=Action.TEMPORARY_PASSWORD_ISSUED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason[:500]},
    )
    return password


def not_me_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "g": user.session_generation}, salt=NOT_ME_SALT)


@transaction.atomic
def password_change(
    *,
    user: User,
    new_password: str,
    request: HttpRequest | None = None,
    keep_current_session: bool = False,
    via: str = "settings",
) -> User:
    """Sets a new password: the previous one goes to the history, every other session ends, the
    required password step is done, and an email tells the user, with a "this was not me" link
    valid 10 days."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _password_history_push(user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.temporary_password_expires_at = None
    user.temporary_password_used_at = None
    user.password_expiry_reminded_at = None
    user.session_generation += 1
    user.save()
    if keep_current_session and request is not None:
        update_session_auth_hash(request, user)
    record(
        action=Action.PASSWORD_CHANGED,
        actor=user,
        target=user,
        request=request,
        details={"via": via},
    )
    send_email_later(
        to=user.email,
        language=user.language,
        template="accounts/password_changed",
        context={
            "first_name": user.first_name,
            "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "not_me_days": NOT_ME_MAX_AGE.days,
        },
        secret_context={
            "not_me_url": absolute_url(reverse("accounts:not_me", args=[not_me_token(user)]))
        },
    )
    return user


@transaction.atomic
def password_expired_mark(*, user: User, request: HttpRequest | None = None) -> None:
    """Seed 002: an expired password sends the user to change it, then to Questions secrètes."""
    User.objects.filter(pk=user.pk).update(must_change_password=True, must_set_questions=True)
    user.must_change_password = True
    user.must_set_questions = True
    record(action=Action.PASSWORD_EXPIRED, actor=user, target=user, request=request)


@transaction.atomic
def secret_questions_set(
    *, user: User, answers: dict[str, str], request: HttpRequest | None = None
) -> None:
    """Seed 001: « choisir et répondre de façon confidentielle à huit questions secrètes ».
    The answers must already be valid (questions.answers_validate); only hashes are kept."""
    questions.answers_validate(user, answers)
    SecretAnswer.objects.filter(user=user).delete()
    SecretAnswer.objects.bulk_create(
        SecretAnswer(user=user, question=code, answer_hash=questions.answer_hash(answer))
        for code, answer in answers.items()
    )
    User.objects.filter(pk=user.pk).update(must_set_questions=False)
    user.must_set_questions = False
    record(
        action=Action.QUESTIONS_SET,
        actor=user,
        target=user,
        request=request,
        details={"questions": sorted(answers)},
    )


@transaction.atomic
def secret_questions_keep(*, user: User, request: HttpRequest | None = None) -> None:
    """After recovery the user reviews the questions; keeping them clears the required step."""
    if not user.secret_answers.count() >= questions.QUESTIONS_REQUIRED:
        raise ValueError("the user has no complete set of questions to keep")
    User.objects.filter(pk=user.pk).update(must_set_questions=False)
    user.must_set_questions = False


def _lock_email(user: User, template: str, context: dict[str, Any] | None = None) -> None:
    send_email_later(
        to=user.email,
        language=user.language,
        template=f"accounts/{template}",
        context={"first_name": user.first_name, **(context or {})},
    )


@transaction.atomic
def account_lock(
    *, user: User, reason: str, actor: Any = None, request: HttpRequest | None = None
) -> None:
    """Locks the account until a support agent unlocks it or the user recovers it."""
    User.objects.filter(pk=user.pk).update(
        locked_at=timezone.now(),
        lock_reason=reason[:32],
        session_generation=user.session_generation + 1,
    )
    user.session_generation += 1
    record(
        action=Action.ACCOUNT_LOCKED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason[:500]},
    )
    _lock_email(user, "account_locked")


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


def _not_me_link_user(token: str, *, for_update: bool = False) -> User | None:
    """The account a "this was not me" link names, if the link is genuine, under 10 days old and
    of the account's current security generation: the generation moves at every password change,
    lock (this link's own use included) and disabling, so an older link is dead."""
    try:
        data = signing.loads(token, salt=NOT_ME_SALT, max_age=NOT_ME_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "ug"):
        return None
    users = User.objects.select_for_update() if for_update else User.objects.all()
    user = users.filter(pk=data["u"]).first()
    if user is None or user.session_generation != data["g"]:
        return None
    return user


def not_me_user(token: str) -> User | None:
    """The account whose "this was not me" link this is, while the link still works."""
    return _not_me_link_user(token)


@transaction.atomic
def not_me_report(*, token: str, request: HttpRequest | None = None) -> User | None:
    """ "This was not me": every session ends and the account stays blocked until the support
    centre has checked the user's identity. The link works once: the lock moves the account's
    security generation, which the link is bound to (checked under a row lock, so two clicks at
    the same moment lock once). Returns None, changing nothing, for a dead link."""
    user = _not_me_link_user(token, for_update=True)
    if user is None:
        return None
    account_lock(user=user, reason="not_me", request=request)
    return user


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
