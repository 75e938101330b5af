"""The account's password: temporary passwords, changes, expiry, and the "this was not me" link of
the password-changed email. One function per change, in a transaction, with its audit event and
its emails (STYLE.md §1)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sel.accounts.models import LockReason, PasswordHistory, User
from sel.accounts.passwords import PASSWORD_HISTORY_SIZE, temporary_password_generate
from sel.accounts.services.account import account_lock, account_unlock
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.outbox.services import send_email_later

NOT_ME_SALT = "sel.accounts.not-me"
NOT_ME_MAX_AGE = timedelta(days=10)


def _password_history_push(user: User) -> None:
    """Keeps the outgoing hash so the last 5 passwords cannot be reused."""
    if user.has_usable_password() and user.temporary_password_expires_at is None:
        PasswordHistory.objects.create(user=user, password_hash=user.password)
    stale = list(user.password_history.values_list("pk", flat=True)[PASSWORD_HISTORY_SIZE - 1 :])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()


@transaction.atomic
def temporary_password_issue(
    *, user: User, actor: User | None, request: HttpRequest | None = None, reason: str
) -> str:
    """Seeds 001 and 002: the Centre d'assistance gives « un mot de passe temporaire ». That it
    is random, works once, expires after TEMPORARY_PASSWORD_DAYS and is stored only as a hash is
    ours. At the first login with it the user must set
    a new password, then choose the secret questions. A locked account is unlocked
    (``account_unlock``): whoever issues the password has checked the identity. Returns the
    clear password to the caller, who emails it (secret_context) and never stores it."""
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
    user.save()
    if user.is_locked:
        account_unlock(user=user, actor=actor, reason="temporary_password", request=request)
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
    """Seed 002: an expired password sends the user to Questions secrètes first (« vous serez
    automatiquement dirigé vers la page Questions secrètes »), then to change it."""
    User.objects.filter(pk=user.pk).update(must_change_password=True, must_set_questions=True)
    user.must_change_password = True
    user.must_set_questions = True
    record(action=Action.PASSWORD_EXPIRED, actor=user, target=user, request=request)


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
    account_lock(user=user, reason=LockReason.NOT_ME, request=request)
    return user
