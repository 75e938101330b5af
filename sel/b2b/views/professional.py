"""The vendor's IT lead's page: their clients (id, environment, scopes, created, last used, calls
this month), a new secret with a grace period for the old one, and revocation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sel.b2b.forms.professional import ClientRevokeForm, SecretRotateForm
from sel.b2b.selectors import client_of_it_lead, clients_of_it_lead
from sel.b2b.services.clients import client_revoke, client_secret_rotate
from sel.core.rules import RuleViolation


def _page(
    request: HttpRequest,
    *,
    new_secret: str = "",
    for_client: int | None = None,
    rotate_form: SecretRotateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = clients_of_it_lead(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "b2b/clients.html",
        {
            "rows": rows,
            "new_secret": new_secret,
            "for_client": for_client,
            "rotate_form": rotate_form or SecretRotateForm(),
            "revoke_form": ClientRevokeForm(),
        },
        status=status,
    )


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def secret_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """The new secret is shown once, on this answer (never stored in clear, never emailed)."""
    client = client_of_it_lead(request.user, pk)  # type: ignore[arg-type]
    if client is None:
        raise Http404
    # The initial secret is replaced without grace: it never opened anything.
    form = SecretRotateForm(request.POST if not client.secret_must_change else {"grace_days": 0})
    if not form.is_valid():
        return _page(request, rotate_form=form, for_client=pk, status=400)
    try:
        secret = client_secret_rotate(
            client=client,
            actor=request.user,  # type: ignore[arg-type]
            grace_days=form.cleaned_data["grace_days"],
            request=request,
        )
    except RuleViolation as error:
        form.add_error(None, error)
        return _page(request, rotate_form=form, for_client=pk, status=400)
    return _page(request, new_secret=secret, for_client=pk)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_of_it_lead(request.user, pk)  # type: ignore[arg-type]
    if client is None:
        raise Http404
    form = ClientRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case pour confirmer la révocation."))
        return redirect("b2b:clients")
    client_revoke(client=client, actor=request.user, reason="it_lead", request=request)  # type: ignore[arg-type]
    messages.success(request, _("Client révoqué : ses jetons ne fonctionnent plus."))
    return redirect("b2b:clients")
