"""The doors of the Régie's side: the agent pages of the portal and the staff console.

A session is worth something on that side only if it was opened by the portal's login and, for an
account with a second factor, passed it (``second_factor_passed_mark``, called when the code is
verified at login or when the factor is set up). The account must still be active and unlocked.
Every refusal of a logged-in account writes one audit row (SECURITY.md #32).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record

View = Callable[..., HttpResponse]
logger = logging.getLogger("sel.audit")

SECOND_FACTOR_KEY = "sel_second_factor_passed"


def second_factor_passed_mark(request: HttpRequest, user: User) -> None:
    """This session proved the account's second factor (at login, or by setting it up)."""
    request.session[SECOND_FACTOR_KEY] = {"user": user.pk, "at": time.time()}


def second_factor_passed(request: HttpRequest) -> bool:
    marker = request.session.get(SECOND_FACTOR_KEY)
    return isinstance(marker, dict) and marker.get("user") == getattr(request.user, "pk", None)


def session_owes_second_factor(request: HttpRequest) -> bool:
    """A logged-in session of an account with a second factor that this session never passed:
    opened by some other door than the portal's login (the old console login, for one)."""
    user: Any = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_second_factor
        and not second_factor_passed(request)
    )


def staff_refusal(request: HttpRequest, permission: str = "", *, agent: bool = True) -> str:
    """Why this request may not pass a door of the Régie's side ("" when it may): the account
    must be logged in, active, unlocked, through the second factor, staff, an agent (unless
    ``agent`` is false, as for the console) and hold ``permission`` (if one is named)."""
    user: Any = request.user
    if not user.is_authenticated:
        return "anonymous"
    if not user.is_active:
        return "inactive"
    if user.is_locked:
        return "locked"
    if user.needs_second_factor and not user.has_second_factor:
        return "second_factor"
    if user.has_second_factor and not second_factor_passed(request):
        return "second_factor"
    if not user.is_staff:
        return "not_staff"
    if agent and not user.is_agent:
        return "not_agent"
    if permission and not user.has_perm(permission):
        return "permission"
    return ""


def authorization_refused_record(
    request: HttpRequest, *, reason: str, permission: str = ""
) -> None:
    """One audit row per refusal of a logged-in account (who, which page, which permission, why);
    a refused anonymous visitor is only logged, so that a scanner cannot fill the audit trail.
    No secret is recorded, and the log line neutralises CR/LF from the path."""
    match = getattr(request, "resolver_match", None)
    details = {
        "reason": reason,
        "permission": permission,
        "view": match.view_name if match is not None else "",
        "path": request.path[:200],
    }
    if request.user.is_authenticated:
        record(
            action=Action.AUTHORIZATION_REFUSED,
            actor=request.user,
            request=request,
            details=details,
        )
    else:
        logger.info(
            "audit %s",
            json.dumps(
                {"action": Action.AUTHORIZATION_REFUSED.value, **details}, ensure_ascii=True
            ),
        )


def agent_required(permission: str) -> Callable[[View], View]:
    """The one gate for « a Régie agent with this permission »: an active, unlocked account with
    the agent role and staff status, whose session passed the second factor, holding
    ``permission``.

    Its one policy, the same for every agent page (docs/architecture.md, « Gates »):
    - an anonymous visitor is sent to the portal's login (``next`` kept);
    - any logged-in account refused gets 403 (agent URLs are public knowledge: hiding them buys
      nothing), and the refusal writes one ``authorization.refused`` audit row.
    An object missing or outside the agent's scope is the page's own 404, after the gate.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            reason = staff_refusal(request, permission)
            if reason:
                authorization_refused_record(request, reason=reason, permission=permission)
                if reason == "anonymous":
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
