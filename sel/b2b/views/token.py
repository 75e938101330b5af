"""The OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials): django-oauth-toolkit's,
behind a limit per client address, since each request checks a hashed secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import TokenView

from sel.core.http import client_ip
from sel.core.limits import limit_wait

_token_view = TokenView.as_view()
TOO_MANY = _("Trop de demandes de jeton depuis cette adresse : réessayez après le délai indiqué.")


@csrf_exempt
def token(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    wait = limit_wait(
        "b2b-token",
        client_ip(request),
        limit=settings.B2B_TOKEN_REQUESTS_PER_ADDRESS_PER_MINUTE,
        window_seconds=60,
    )
    if wait:
        from sel.b2b.views.api import ApiProblem, problem_response

        return problem_response(
            request,
            ApiProblem(
                429,
                "trop-de-jetons",
                "Too Many Requests",
                TOO_MANY,
                headers={"Retry-After": str(wait)},
            ),
        )
    response: HttpResponse = _token_view(request, *args, **kwargs)
    return response
