from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sel.access.selectors import mark_service_checked, user_has_service
from sel.audit.events import Action
from sel.audit.services import record

View = Callable[..., HttpResponse]


def service_required(
    service_code: str, *, refusal_template: str | None = None
) -> Callable[[View], View]:
    """Every page of a service refuses an account without a valid grant for it (checked on each
    request, so a withdrawal takes effect at once, even in an open session). The refusal is a
    403: the generic page, or ``refusal_template`` when the service says how to get access."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_service(request.user, service_code):
                record(
                    action=Action.ACCESS_REFUSED,
                    actor=request.user,
                    request=request,
                    details={"service": service_code},
                )
                if refusal_template is not None:
                    return render(request, refusal_template, status=403)
                raise PermissionDenied
            mark_service_checked(request.user, service_code)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
