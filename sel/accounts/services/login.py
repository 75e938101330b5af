"""Login: password (with throttling), then the second factor if the account has one.

Whatever the name typed, the same work is done (one Argon2id verification, one audit row) and the
same answer is given, so the page does not tell whether an account exists, is locked or disabled.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.contrib import auth
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts import gates, secondfactor, throttle
from sel.accounts.backends import SelBackend, password_verify, user_find_by_identifier
from sel.accounts.models import LockReason, User
from sel.accounts.passwords import password_is_expired
from sel.accounts.services.account import account_lock, login_throttle_notify
from sel.accounts.services.password import password_expired_mark
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.counters import counter_increment
from sel.core.http import client_ip

BACKEND = "sel.accounts.backends.SelBackend"
PENDING_KEY = "sel_pending_second_factor"
PENDING_SECONDS = 5 * 60
SECOND_FACTOR_TRIES = 5  # codes per pending login, then the password again
AUTH_AT_KEY = "sel_auth_at"
SEEN_AT_KEY = "sel_seen_at"


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    wait_seconds: int = 0
    address_throttled: bool = False
    temporary_expired: bool = False
    second_factor_needed: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def _temporary_password_usable(user: User) -> bool:
    """Ours: the temporary password works once, until it expires. The seeds say only that it is
    temporary (seed 003: « Nous transmettrons par courriel à l'utilisateur son mot de passe
    temporaire »), not how many times it works."""
    if user.temporary_password_expires_at is None:
        return True
    return user.temporary_password_used_at is None and user.temporary_password_expires_at > (
        timezone.now()
    )


def failure_after(request: HttpRequest, user: User | None, attempt: throttle.Attempt) -> int:
    """A wrong secret: the wait grows (the user is emailed when one starts) and the account
    locks at the cap. Returns the wait now in force."""
    outcome = throttle.attempt_failed(attempt)
    if user is not None and outcome.wait_started:
        login_throttle_notify(user=user, wait_seconds=outcome.wait_seconds, request=request)
    if user is not None and outcome.account_locked and not user.is_locked:
        account_lock(user=user, reason=LockReason.FAILURES, request=request)
    return outcome.wait_seconds


def login_attempt(request: HttpRequest, identifier: str, password: str) -> LoginResult:
    """Checks a name and password against the throttles; on success either logs the user in or,
    when the account has a second factor, leaves the login pending in the session. The try is
    counted before the password is checked (concurrent guesses cannot slip through), and a right
    password resets nothing until the second factor has passed too."""
    address = client_ip(request)
    if throttle.address_rate_exceeded(address):
        record(action=Action.LOGIN_FAILED, request=request, details={"reason": "address_rate"})
        return LoginResult(address_throttled=True)
    user = user_find_by_identifier(identifier)
    attempt = throttle.attempt_begin(
        throttle.account_key(identifier, user.pk if user else None), address
    )
    right = password_verify(user, password)
    if user is not None and right and attempt.allowed and SelBackend.usable(user):
        if not _temporary_password_usable(user):
            throttle.attempt_release(attempt)
            record(
                action=Action.LOGIN_FAILED,
                target=user,
                request=request,
                details={"reason": "temporary_password_expired"},
            )
            return LoginResult(temporary_expired=True)
        if user.has_second_factor:
            throttle.attempt_release(attempt)
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "at": time.time(),
                "id": secrets.token_urlsafe(16),
            }
            return LoginResult(user=user, second_factor_needed=True)
        throttle.login_success_record(attempt.key, address)
        login_complete(request, user)
        return LoginResult(user=user)
    if right and attempt.allowed:  # a right password for an account that cannot log in
        throttle.attempt_release(attempt)
        wait = 0
    else:  # a wrong password, or any password during a wait: the same answer either way
        wait = failure_after(request, user, attempt)
    record(
        action=Action.LOGIN_FAILED,
        target=user,
        request=request,
        details={"identifier": identifier[:64], "waiting": wait > 0},
    )
    return LoginResult(wait_seconds=wait)


@dataclass(frozen=True)
class SecondFactorResult:
    ok: bool = False
    wait_seconds: int = 0
    address_throttled: bool = False
    start_again: bool = False  # the pending login used its tries: back to the password


def second_factor_attempt(request: HttpRequest, user: User, code: str) -> SecondFactorResult:
    """The second step of a pending login, under the password's throttles: the per-address
    limit, the account's waits and its lock, all applied before the code is checked, and at most
    ``SECOND_FACTOR_TRIES`` codes per pending login (then the password again)."""
    address = client_ip(request)
    if throttle.address_rate_exceeded(address):
        record(action=Action.SECOND_FACTOR_FAILED, target=user, request=request,
               details={"reason": "address_rate"})  # fmt: skip
        return SecondFactorResult(address_throttled=True)
    pending = request.session.get(PENDING_KEY) or {}
    tries = counter_increment(f"login:2fa:{pending.get('id')}", ttl=PENDING_SECONDS)
    attempt = throttle.attempt_begin(throttle.account_key(user.username, user.pk), address)
    right = (
        tries <= SECOND_FACTOR_TRIES
        and attempt.allowed
        and secondfactor.second_factor_verify(user=user, code=code, request=request)
    )
    if right:
        throttle.login_success_record(attempt.key, address)
        login_complete(request, user, second_factor=True)
        return SecondFactorResult(ok=True)
    wait = failure_after(request, user, attempt)
    if tries >= SECOND_FACTOR_TRIES:
        request.session.pop(PENDING_KEY, None)
    record(
        action=Action.SECOND_FACTOR_FAILED,
        target=user,
        request=request,
        details={"waiting": wait > 0, "tries": tries},
    )
    return SecondFactorResult(wait_seconds=wait, start_again=tries >= SECOND_FACTOR_TRIES)


def login_complete(request: HttpRequest, user: User, *, second_factor: bool = False) -> None:
    """New session key, time-out clocks, single use of a temporary password, expiry check;
    ``second_factor``: the code was verified, which the Régie's side asks of the session."""
    request.session.pop(PENDING_KEY, None)
    if user.temporary_password_expires_at is not None:
        User.objects.filter(pk=user.pk).update(temporary_password_used_at=timezone.now())
        user.temporary_password_used_at = timezone.now()
    elif password_is_expired(user) and not user.must_change_password:
        password_expired_mark(user=user, request=request)
    auth.login(request, user, backend=BACKEND)
    if second_factor:
        gates.second_factor_passed_mark(request, user)
    record(action=Action.LOGIN_SUCCEEDED, actor=user, target=user, request=request)


def pending_user(request: HttpRequest) -> User | None:
    """The account whose password was right and which still owes its second factor."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending.get("user")).first()
    if user is None or not SelBackend.usable(user):
        return None
    return user
