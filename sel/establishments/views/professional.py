"""The professional's payment requests: list with status and who decided, the form, one
request with its lines and history, and the correction of a returned one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sel.access.decorators import service_required
from sel.core.rules import RuleViolation
from sel.establishments.access import PAYMENT_REQUESTS, access_own_payment_request
from sel.establishments.forms.professional import (
    LineFormSet,
    PaymentRequestForm,
    errors_show,
    section_of,
)
from sel.establishments.models import ActivityRate, PaymentRequest, Status
from sel.establishments.selectors import PROFESSIONAL_ROLES, own_payment_requests
from sel.establishments.services.payment_requests import (
    payment_request_correct,
    payment_request_submit,
)

View = Callable[..., HttpResponse]


def professional_required(view: View) -> View:
    """Payment requests are a professional's: other accounts get the same 404 as a wrong URL. A
    professional needs the grant of the service (issue #14); without it, a 403 page says how to
    get it (registration with the PIN, or the support centre), audited as every refusal is."""
    granted = service_required(
        PAYMENT_REQUESTS, refusal_template="establishments/professional/no_access.html"
    )(view)

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", "") not in PROFESSIONAL_ROLES:
            raise Http404
        return granted(request, *args, **kwargs)

    return wrapped


@professional_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "establishments/professional/list.html",
        {"payment_requests": own_payment_requests(request.user)[:200]},  # type: ignore[arg-type]
    )


def _form_page(
    request: HttpRequest,
    *,
    template_context: dict[str, Any],
    initial: dict[str, Any] | None = None,
    lines_initial: list[dict[str, Any]] | None = None,
    save: Callable[..., PaymentRequest],
) -> HttpResponse:
    form = PaymentRequestForm(request.POST or None, initial=initial)
    lines = LineFormSet(request.POST or None, prefix="lines", initial=lines_initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and lines.is_valid():
            section, rows = section_of(form, lines)
            try:
                payment_request = save(section)
            except RuleViolation as violation:
                errors_show(form, lines, rows, violation.field_errors)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Demande %(reference)s transmise.")
                    % {"reference": payment_request.reference},
                )
                return redirect("establishments:my_request", reference=payment_request.reference)
    rates = ActivityRate.objects.order_by("mode", "code")
    return render(
        request,
        "establishments/professional/form.html",
        {"form": form, "lines": lines, "rates": rates, **template_context},
        status=status,
    )


@professional_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return _form_page(
        request,
        template_context={"title": _("Nouvelle demande de paiement")},
        save=lambda section: payment_request_submit(
            professional=user, section=section, request=request
        ),
    )


@professional_required
@require_GET
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    payment_request = access_own_payment_request(request.user, reference)  # type: ignore[arg-type]
    return render(
        request,
        "establishments/professional/detail.html",
        {
            "payment_request": payment_request,
            "lines": payment_request.lines.select_related("activity"),
            "steps": payment_request.steps.select_related("actor"),
            "can_correct": payment_request.status == Status.RETURNED,
        },
    )


@professional_required
@require_http_methods(["GET", "POST"])
def request_correct(request: HttpRequest, reference: str) -> HttpResponse:
    user: Any = request.user
    payment_request = access_own_payment_request(user, reference)
    if payment_request.status != Status.RETURNED:
        raise Http404
    initial = {
        "installation_number": payment_request.installation.number,
        "mode": payment_request.mode,
        "period_start": payment_request.period_start,
        "period_end": payment_request.period_end,
    }
    lines_initial = [
        {
            "day": line.day,
            "activity_code": line.activity_id and line.activity.code,
            "quantity": line.quantity,
        }
        for line in payment_request.lines.select_related("activity")
    ]
    return _form_page(
        request,
        template_context={
            "title": _("Corriger la demande %(reference)s") % {"reference": reference},
            "payment_request": payment_request,
        },
        initial=initial,
        lines_initial=lines_initial,
        save=lambda section: payment_request_correct(
            professional=user, payment_request=payment_request, section=section, request=request
        ),
    )
