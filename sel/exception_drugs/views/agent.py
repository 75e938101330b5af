"""Pages of the Régie's agents: the queue, recording paper requests, decisions, the consultation
audit by NAM and the follow-up indicators. Behind the one agent gate (``sel.accounts.gates``):
anonymous visitors go to the login, any other account refused gets 403, audited."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sel.accounts import gates
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.audit.services import record
from sel.core.rules import Decision, decision_post
from sel.exception_drugs import services
from sel.exception_drugs.access import access_exception_request_by_reference
from sel.exception_drugs.forms.agent import (
    AcceptForm,
    AskInformationForm,
    AuditSearchForm,
    LinkEndForm,
    RecordForm,
    RefuseForm,
)
from sel.exception_drugs.models import Delegation
from sel.exception_drugs.selectors import (
    RequestSummary,
    queue_ageing,
    queue_requests,
    time_in_each_status,
    time_to_decision_by_drug,
)
from sel.exception_drugs.views.professional import request_create

agent_required = gates.agent_required("exception_drugs.process_exceptionrequest")
audit_search_required = gates.agent_required("exception_drugs.search_consultation_audit")


@agent_required
def queue(request: HttpRequest) -> HttpResponse:
    """The open requests, oldest first."""
    return render(request, "exception_drugs/agent_queue.html", {"requests": queue_requests()[:200]})


@agent_required
@require_http_methods(["GET", "POST"])
def record_paper(request: HttpRequest) -> HttpResponse:
    """An agent records a request received by fax or mail, with its scan."""
    form = RecordForm(
        request.POST or None, request.FILES or None, initial={"kind": "exception_drug"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exception_request = request_create(
            request,
            form,
            services.exception_request_record,
            file_field="scan",
            agent=request.user,
            channel=data["channel"],
            prescriber=data["prescriber_username"],
            received_at=timezone.make_aware(datetime.combine(data["received_on"], time(12))),
            scan=data["scan"],
        )
        if exception_request is not None:
            messages.success(
                request,
                _("Demande %(reference)s enregistrée.")
                % {"reference": exception_request.reference},
            )
            return redirect("exception_drugs:agent_request", reference=exception_request.reference)
    return render(
        request,
        "exception_drugs/agent_record.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# The agent's decisions on an open request: one table, one shape for every app
# (sel.core.rules.Decision). The form's fields are passed to the service by name.
DECISIONS: dict[str, Decision] = {
    "accept": Decision(
        form=AcceptForm,
        service=services.exception_request_accept,
        action=Action.EXCEPTION_REQUEST_ACCEPTED,
        fields=("authorized_from", "authorized_until"),
        done=gettext_lazy("Décision enregistrée."),
    ),
    "refuse": Decision(
        form=RefuseForm,
        service=services.exception_request_refuse,
        action=Action.EXCEPTION_REQUEST_REFUSED,
        fields=("reason",),
        done=gettext_lazy("Décision enregistrée."),
    ),
    "ask": Decision(
        form=AskInformationForm,
        service=services.exception_request_ask_information,
        action=Action.EXCEPTION_REQUEST_INFO_ASKED,
        fields=("information",),
        done=gettext_lazy("Décision enregistrée."),
    ),
}


@agent_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    """Accept with a period, refuse with a reason, or ask for additional information. The row
    lock makes one decision win; the one who lost the race sees the request as it now stands,
    with what they typed."""
    exception_request = access_exception_request_by_reference(request.user, reference)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        name: decision.form(request.POST if action == name else None, prefix=name)
        for name, decision in DECISIONS.items()
    }
    outcome = None
    if action in forms:
        outcome = decision_post(
            request,
            DECISIONS[action],
            forms[action],
            exception_request=exception_request,
            agent=request.user,
        )
        if outcome.done:
            return redirect("exception_drugs:agent_request", reference=reference)
        exception_request = outcome.current or exception_request
    stated, register = services.exception_request_identities_for_agent(
        agent=request.user,  # type: ignore[arg-type]
        exception_request=exception_request,
        request=request,
    )
    return render(
        request,
        "exception_drugs/agent_request.html",
        {
            "exception_request": exception_request,
            "summary": RequestSummary.of(exception_request),
            "stated": stated,
            "register": register,
            "history": exception_request.history.select_related("changed_by"),
            "durations": time_in_each_status(exception_request),
            "attachments": exception_request.attachments.all(),
            "accept_form": forms["accept"],
            "refuse_form": forms["refuse"],
            "ask_form": forms["ask"],
            "conflict": outcome and outcome.conflict,
        },
        status=outcome.status if outcome else 200,
    )


@agent_required
@audit_search_required
@require_http_methods(["GET", "POST"])
def audit_search(request: HttpRequest) -> HttpResponse:
    """Staff search the consultation trail by NAM (a POST: the NAM stays out of URLs)."""
    form = AuditSearchForm(request.POST or None)
    events = None
    if request.method == "POST" and form.is_valid():
        nam = form.cleaned_data["nam"]
        events = list(
            AuditEvent.objects.filter(
                action=Action.EXCEPTION_REQUESTS_CONSULTED, subject_key=nam
            ).select_related("actor")[:500]
        )
        record(
            action=Action.EXCEPTION_AUDIT_SEARCHED,
            actor=request.user,
            request=request,
            subject_key=nam,
            details={"results": len(events)},
        )
    return render(request, "exception_drugs/agent_audit.html", {"form": form, "events": events})


@agent_required
def indicators(request: HttpRequest) -> HttpResponse:
    """The queue's ageing and the time to decision per drug."""
    return render(
        request,
        "exception_drugs/agent_indicators.html",
        {"ageing": queue_ageing(), "by_drug": time_to_decision_by_drug()[:50]},
    )


links_required = gates.agent_required("access.revoke_grant")


@links_required
@require_http_methods(["GET", "POST"])
def links(request: HttpRequest) -> HttpResponse:
    """An account's delegation links, on either side, for the agent who manages its access
    (beside ``access:agent_grants``); each link in force ends with a reason (audited, both sides
    emailed)."""
    username = (request.POST or request.GET).get("utilisateur", "").strip().upper()[:12]
    account = User.objects.filter(username__iexact=username).first() if username else None
    form = LinkEndForm(request.POST or None)
    if request.method == "POST":
        if account is None:
            raise Http404
        delegation = get_object_or_404(
            Delegation.objects.filter(Q(prescriber=account) | Q(assistant=account)),
            pk=request.POST.get("delegation", ""),
        )
        if form.is_valid():
            services.delegation_end_by_agent(
                delegation=delegation,
                agent=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, _("Le lien a pris fin. Les deux personnes sont avisées."))
            return redirect(f"{reverse('exception_drugs:agent_links')}?utilisateur={username}")
    found = (
        Delegation.objects.filter(Q(prescriber=account) | Q(assistant=account)).select_related(
            "prescriber", "assistant"
        )
        if account is not None
        else Delegation.objects.none()
    )
    return render(
        request,
        "exception_drugs/agent_links.html",
        {"username": username, "account": account, "links": found, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
