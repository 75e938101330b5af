"""The agents' view of the B2B clients: the same columns as the IT lead's page, read-only, plus
revocation and the practice numbers a client acts for (form 4058)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sel.accounts.gates import agent_required
from sel.b2b.forms.agent import AgentRevokeForm, PracticeLinkForm
from sel.b2b.models import B2BClient
from sel.b2b.selectors import clients_for_agents
from sel.b2b.services.clients import client_practice_link, client_revoke

view_required = agent_required("b2b.view_b2bclient")
revoke_required = agent_required("b2b.revoke_b2bclient")


def _page(
    request: HttpRequest,
    *,
    link_form: PracticeLinkForm | None = None,
    revoke_form: AgentRevokeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "b2b/agent_clients.html",
        {
            "rows": clients_for_agents(search=search),
            "q": search,
            "link_form": link_form or PracticeLinkForm(),
            "revoke_form": revoke_form or AgentRevokeForm(),
        },
        status=status,
    )


@view_required
def clients(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@revoke_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(B2BClient, pk=pk)
    form = AgentRevokeForm(request.POST)
    if not form.is_valid():
        return _page(request, revoke_form=form, status=400)
    client_revoke(
        client=client,
        actor=request.user,  # type: ignore[arg-type]
        reason=form.cleaned_data["reason"],
        request=request,
    )
    messages.success(request, _("Client révoqué : ses jetons ne fonctionnent plus."))
    return redirect("b2b:agent_clients")


@require_POST
@revoke_required
def practice_link(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(B2BClient, pk=pk)
    form = PracticeLinkForm(request.POST)
    if not form.is_valid():
        return _page(request, link_form=form, status=400)
    client_practice_link(
        client=client,
        practice_number=form.cleaned_data["practice_number"],
        agent=request.user,  # type: ignore[arg-type]
        request=request,
    )
    messages.success(request, _("Numéro de pratique lié au client."))
    return redirect("b2b:agent_clients")
