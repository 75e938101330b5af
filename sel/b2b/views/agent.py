"""The agents' pages of the B2B app: the clients (the same columns as the IT lead's page,
read-only, plus revocation and the practice numbers a client acts for, form 4058), and the
processing of SELAT claims (form 4134): the queue, a claim, and the decisions on it."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sel.accounts.gates import agent_required
from sel.audit.events import Action
from sel.b2b.access import PROCESS_CLAIMS, access_claim_by_public_id
from sel.b2b.forms.agent import (
    AgentRevokeForm,
    ClaimAcceptForm,
    ClaimFilterForm,
    ClaimRefuseForm,
    ClaimTakeForm,
    PracticeLinkForm,
)
from sel.b2b.models import B2BClient
from sel.b2b.selectors import ClaimFilters, claim_history, claims_queue, clients_for_agents
from sel.b2b.services.claims import claim_accept, claim_read_by_agent, claim_refuse, claim_take
from sel.b2b.services.clients import client_practice_link, client_revoke
from sel.core.rules import Decision, decision_post

view_required = agent_required("b2b.view_b2bclient")
revoke_required = agent_required("b2b.revoke_b2bclient")
claims_required = agent_required(PROCESS_CLAIMS)


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


# --- SELAT claims (form 4134) --------------------------------------------------------------------

QUEUE_ROWS = 200


def waited(since: datetime, now: datetime) -> str:
    """How long a claim has waited since it was received: in days, or in hours the first day."""
    spent = now - since
    if spent.days >= 1:
        return ngettext("%(days)s jour", "%(days)s jours", spent.days) % {"days": spent.days}
    hours = spent.seconds // 3600
    return ngettext("%(hours)s heure", "%(hours)s heures", hours) % {"hours": hours}


@claims_required
@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    """The SELAT queue, oldest first, each claim with how long it has waited; filters by
    status, environment (training claims under their own filter), dispenser and date."""
    form = ClaimFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else ClaimFilters()
    found = claims_queue(filters)
    now = timezone.now()
    rows = [(claim, waited(claim.created_at, now)) for claim in found[:QUEUE_ROWS]]
    return render(
        request,
        "b2b/agent_claims.html",
        {"form": form, "rows": rows, "total": found.count(), "shown": QUEUE_ROWS},
        status=400 if form.is_bound and form.errors else 200,
    )


# The agent's decisions on an open claim: one table, the shape of every app's
# (sel.core.rules.Decision). The form's fields are passed to the service by name.
DECISIONS: dict[str, Decision] = {
    "take": Decision(
        form=ClaimTakeForm,
        service=claim_take,
        action=Action.B2B_CLAIM_TAKEN,
        fields=(),
        done=gettext_lazy("Réclamation prise en traitement."),
        label=gettext_lazy("Prendre en traitement"),
    ),
    "accept": Decision(
        form=ClaimAcceptForm,
        service=claim_accept,
        action=Action.B2B_CLAIM_ACCEPTED,
        fields=(),
        done=gettext_lazy("Réclamation acceptée."),
        label=gettext_lazy("Accepter la réclamation"),
    ),
    "refuse": Decision(
        form=ClaimRefuseForm,
        service=claim_refuse,
        action=Action.B2B_CLAIM_REFUSED,
        fields=("reason_fr", "reason_en"),
        done=gettext_lazy("Réclamation refusée."),
        label=gettext_lazy("Refuser la réclamation"),
    ),
}


@claims_required
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, public_id: str) -> HttpResponse:
    """One claim: the aid, the dispenser, whether the person was covered on the aid's date (not
    who they are beyond the NAM), its history, and the decisions while it is open. The row lock
    makes one decision win; the agent who lost the race gets 409, the claim as it now stands and
    what they typed."""
    found = access_claim_by_public_id(request.user, public_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        name: decision.form(request.POST if action == name else None, prefix=name)
        for name, decision in DECISIONS.items()
    }
    outcome = None
    if request.method == "POST" and action not in forms:
        messages.error(request, _("Choisissez une des décisions de la page."))
        return redirect("b2b:agent_claim", public_id=found.public_id)
    if action in forms:
        outcome = decision_post(
            request, DECISIONS[action], forms[action], claim=found, agent=request.user
        )
        if outcome.done:
            return redirect("b2b:agent_claim", public_id=found.public_id)
        found = outcome.current or found
    coverage = claim_read_by_agent(
        claim=found,
        agent=request.user,  # type: ignore[arg-type]
        request=request,
    )
    return render(
        request,
        "b2b/agent_claim.html",
        {
            "claim": found,
            "waited": waited(found.created_at, timezone.now()),
            "coverage": coverage,
            "history": claim_history(found),
            "decisions": DECISIONS,
            "take_form": forms["take"],
            "accept_form": forms["accept"],
            "refuse_form": forms["refuse"],
            "conflict": outcome and outcome.conflict,
        },
        status=outcome.status if outcome else 200,
    )
