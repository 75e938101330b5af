"""The current password that every form of *Paramètres du compte* asks for again, checked against
the login page's counters: a wrong one is a failure of the account as at the login page (same
waits, same emails, same lock after 100 failures), so a stolen session is no way around them.

While a wait applies, the password is not even verified: the answer is the same whether the
guess is right or wrong, so guessing during a wait teaches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from sel.accounts import throttle
from sel.accounts.models import User
from sel.accounts.services import login
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import client_ip


@dataclass(frozen=True)
class CurrentPasswordCheck:
    right: bool  # verified right, and no wait applied
    waiting: bool = False  # refused unverified: a wait applied
    wait_seconds: int = 0  # the wait now in force (0 if none)

    @property
    def wait_minutes(self) -> int:
        return max(1, (self.wait_seconds + 59) // 60) if self.wait_seconds else 0


def current_password_check(
    *, request: HttpRequest, user: User, password: str
) -> CurrentPasswordCheck:
    """Checks the current password typed in a settings form, counting the try as a login failure
    of the account from this client address before the password is checked (as the login page
    does), and resetting the counts when it is right."""
    attempt = throttle.attempt_begin(
        throttle.account_key(user.username, user.pk), client_ip(request)
    )
    if attempt.allowed and user.check_password(password):
        throttle.login_success_record(attempt.key, attempt.address)
        return CurrentPasswordCheck(right=True)
    wait = login.failure_after(request, user, attempt)
    _refusal_record(request, user, waiting=not attempt.allowed)
    return CurrentPasswordCheck(right=False, waiting=not attempt.allowed, wait_seconds=wait)


def _refusal_record(request: HttpRequest, user: User, *, waiting: bool) -> None:
    record(
        action=Action.CURRENT_PASSWORD_FAILED,
        actor=user,
        target=user,
        request=request,
        details={"path": request.path[:200], "waiting": waiting},
    )
