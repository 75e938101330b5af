from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sel.access.models import OnlineService
from sel.access.selectors import mark_service_checked, user_has_service
from sel.audit.events import Action
from sel.audit.services import record

View = Callable[..., HttpResponse]


def service_required(
    service_code: str, *, refusal_template: str = "access/service_refused.html"
) -> Callable[[View], View]:
    """Every page of a service refuses an account without a valid grant for it (checked on each
    request, so a withdrawal takes effect at once, even in an open session), with a page (403)
    that names the service and says how to ask for it: ``refusal_template`` extends
    ``access/service_refused.html`` for a service obtained otherwise than by an access request."""

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
                return render(
                    request,
                    refusal_template,
                    {"service": OnlineService.objects.filter(code=service_code).first()},
                    status=403,
                )
            mark_service_checked(request.user, service_code)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
