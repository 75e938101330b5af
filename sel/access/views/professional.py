"""Pages of a logged-in account holder about their own access: the renewal of a grant about to
end, and what a grant opens where the portal has no page of its own for it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sel.access import selectors
from sel.access.decorators import service_required
from sel.access.forms.public import UserSectionForm
from sel.access.models import ServiceCode
from sel.access.views.public import request_fill_page


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grant_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """The home page's « prolonger » link: the same renewal the expiry reminder links to (issue
    #12 item 13), sections 1–2 filled from the holder's own grant. Someone else's grant, or a
    withdrawn one, answers 404 like a grant that does not exist."""
    grant = selectors.grant_of_user_to_renew(request.user, pk)
    form_type = selectors.renewal_form_type(grant) if grant is not None else None
    if grant is None or form_type is None:
        raise Http404
    return request_fill_page(
        request, form_type, initial=UserSectionForm.initial_for_renewal(grant), renewal=grant
    )


@never_cache
@require_GET
@service_required(ServiceCode.SELAT)
def selat(request: HttpRequest) -> HttpResponse:
    """What a SELAT access gives and where it is used (issue #12 item 12): the dispenser it was
    given for, until when, how to renew it, and where claims go. Without a valid SELAT grant,
    403 (``service_required``), audited."""
    return render(
        request,
        "access/selat.html",
        {
            "grants": selectors.grants_of_service_valid_for(request.user, ServiceCode.SELAT),
            "vendor_form_code": "4134",
        },
    )
