"""Required steps and session time-outs, checked on every request of a logged-in user.

Required steps: a temporary password must be replaced, then the 8 secret questions chosen (seeds
001 and 002: « Après le changement de mot de passe, vous serez automatiquement dirigé vers la page
Questions secrètes »); an expired password sends the user to the questions first (seed 002: « Si
votre mot de passe est expiré lors de votre prochaine connexion aux services en ligne, vous serez
automatiquement dirigé vers la page Questions secrètes »), then to a new password. Agents and
Régie staff must set up a second factor (ours). Until then every other
page redirects to the step. The steps are explicit flags on the account.

A session of an account with a second factor that never passed it (not opened by the portal's
login) is ended at its first request (sel.accounts.gates).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sel.accounts.gates import authorization_refused_record, session_owes_second_factor
from sel.accounts.services.login import AUTH_AT_KEY, SEEN_AT_KEY

# Pages a user with a pending step may still reach.
ALWAYS_OPEN = ("accounts:logout", "set_language", "core:healthz")
SEEN_WRITE_INTERVAL = 60


def expired_password_goes_to_questions_first(user: object) -> bool:
    """Seed 002: « Si votre mot de passe est expiré lors de votre prochaine connexion aux services
    en ligne, vous serez automatiquement dirigé vers la page *Questions secrètes* ». An expired
    password (not a temporary one) owes the questions first, then the new password."""
    return (
        getattr(user, "must_change_password", False)
        and getattr(user, "must_set_questions", False)
        and getattr(user, "temporary_password_expires_at", None) is None
    )


def required_step(user: object) -> str | None:
    """The URL name of the step the user owes, in order, or None: a temporary password is
    replaced first, then the questions chosen (seeds 001, 002); an expired one the other way
    round (seed 002)."""
    if expired_password_goes_to_questions_first(user):
        return "accounts:questions"
    if getattr(user, "must_change_password", False):
        return "accounts:password_required"
    if getattr(user, "must_set_questions", False):
        return "accounts:questions"
    if getattr(user, "needs_second_factor", False) and not getattr(
        user, "has_second_factor", False
    ):
        return "accounts:second_factor_setup"
    return None


class AccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _open_paths(self) -> set[str]:
        return {reverse(name) for name in ALWAYS_OPEN}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self._timed_out(request):
                auth.logout(request)
                messages.info(request, _("Votre session a expiré. Veuillez vous reconnecter."))
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if session_owes_second_factor(request):
                # Opened by another door than the portal's login: it is worth nothing.
                authorization_refused_record(request, reason="second_factor")
                auth.logout(request)
                return redirect_to_login(request.path)
            step = required_step(user)
            if step is not None:
                target = reverse(step)
                if request.path != target and request.path not in self._open_paths():
                    return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _timed_out(request: HttpRequest) -> bool:
        """Idle (30 min) and absolute (12 h) time-outs, from clocks kept in the session itself
        (server-side), so an old cookie is useless once they pass."""
        now = time.time()
        session = request.session
        auth_at = session.get(AUTH_AT_KEY)
        seen_at = session.get(SEEN_AT_KEY)
        if auth_at is None or seen_at is None:
            session[AUTH_AT_KEY] = auth_at or now
            session[SEEN_AT_KEY] = now
            return False
        if now - float(auth_at) > settings.SESSION_COOKIE_AGE:
            return True
        if now - float(seen_at) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
            return True
        if now - float(seen_at) > SEEN_WRITE_INTERVAL:
            session[SEEN_AT_KEY] = now
        return False
