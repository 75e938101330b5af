"""Pages of the Régie's agents: the register of authorized signatories (kept by them), and
read-only views of an establishment's associations and queues and of a request's history,
every read audited; the CSV import of software's payment requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sel.accounts.gates import agent_required
from sel.core.rules import RuleViolation
from sel.establishments.forms import rule_errors_show
from sel.establishments.forms.agent import (
    HistoryForm,
    ImportForm,
    SearchForm,
    SignatoryForm,
    SignatoryLinkForm,
)
from sel.establishments.models import Signatory
from sel.establishments.selectors import (
    access_requests_designating,
    access_requests_to_register,
    association_for_agent,
    establishment_for_agent,
    establishments_for_agent,
    queue_for_agent,
    register_entry,
    request_history_for_agent,
    signatories_without_access_request,
    waiting_by_establishment,
)
from sel.establishments.services.payment_requests import payment_requests_import
from sel.establishments.services.register import (
    signatory_access_request_link,
    signatory_end,
    signatory_record,
)

read_required = agent_required("establishments.view_establishment_data")
register_required = agent_required("establishments.keep_signatory_register")
import_required = agent_required("establishments.import_payment_requests")


@read_required
@require_GET
def establishments(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        "establishments/agent/establishments.html",
        {
            "search": search,
            "establishments": establishments_for_agent(request.user, search=text, request=request),  # type: ignore[arg-type]
            "history_form": HistoryForm(),
            "waiting": waiting_by_establishment(),
        },
    )


@read_required
@require_GET
def establishment(request: HttpRequest, number: str) -> HttpResponse:
    view = establishment_for_agent(request.user, number, request=request)  # type: ignore[arg-type]
    return render(request, "establishments/agent/establishment.html", {"view": view})


@read_required
@require_GET
def association(request: HttpRequest, association_id: int) -> HttpResponse:
    """One association, read-only: its history and the requests submitted under it."""
    view = association_for_agent(request.user, association_id, request=request)  # type: ignore[arg-type]
    return render(
        request,
        "establishments/agent/association.html",
        {"view": view, "association": view.association, "today": timezone.localdate()},
    )


@read_required
@require_GET
def signatory_queue(request: HttpRequest, signatory_id: int) -> HttpResponse:
    signatory, waiting = queue_for_agent(request.user, signatory_id, request=request)  # type: ignore[arg-type]
    return render(
        request,
        "establishments/agent/queue.html",
        {"signatory": signatory, "waiting": waiting},
    )


@read_required
@require_GET
def request_history(request: HttpRequest) -> HttpResponse:
    form = HistoryForm(request.GET or None)
    payment_request = None
    status = 200
    if form.is_valid():
        try:
            payment_request = request_history_for_agent(
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["reference"],
                request=request,
            )
        except Http404:
            form.add_error("reference", _("Aucune demande de paiement ne porte ce numéro."))
            status = 404
    elif form.is_bound:
        status = 400
    return render(
        request,
        "establishments/agent/history.html",
        {
            "form": form,
            "payment_request": payment_request,
            "lines": payment_request.lines.select_related("activity") if payment_request else [],
            "steps": payment_request.steps.select_related("actor") if payment_request else [],
        },
        status=status,
    )


@register_required
@require_http_methods(["GET", "POST"])
def signatory_new(request: HttpRequest) -> HttpResponse:
    """Enter a signatory in the register from the access request that designated them: the
    accepted requests the register lacks are listed, and choosing one fills the form."""
    to_register = list(access_requests_to_register()[:100])
    chosen = next((r for r in to_register if r.reference == request.GET.get("reference")), None)
    initial = {}
    if chosen is not None and chosen.account is not None:
        initial = {
            "username": chosen.account.username,
            "establishment_number": chosen.organization_number_known,
            "access_request_reference": chosen.reference,
        }
    form = SignatoryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                signatory = signatory_record(
                    agent=request.user,  # type: ignore[arg-type]
                    user=data["username"],
                    establishment=data["establishment_number"],
                    function=data["function"],
                    resolution_number=data["resolution_number"],
                    resolution_date=data["resolution_date"],
                    access_request_reference=data["access_request_reference"],
                    request=request,
                )
            except RuleViolation as violation:
                rule_errors_show(form, violation.field_errors)
            else:
                messages.success(request, _("Signataire inscrit au registre."))
                return redirect(
                    "establishments:agent_establishment", number=signatory.establishment.number
                )
    return render(
        request,
        "establishments/agent/signatory_form.html",
        {
            "form": form,
            "to_register": to_register,
            "unlinked": list(signatories_without_access_request()[:100]),
        },
        status=status,
    )


@register_required
@require_http_methods(["GET", "POST"])
def signatory_link(request: HttpRequest, signatory_id: int) -> HttpResponse:
    """Link an entry of the register made before entries named their access request to the
    accepted request that designated the signatory: the requests naming that person are
    listed, and choosing one fills the form."""
    signatory = register_entry(signatory_id)
    candidates = list(access_requests_designating(signatory.user)[:20])
    chosen = request.GET.get("reference", "")
    initial = (
        {"access_request_reference": chosen} if chosen in {c.reference for c in candidates} else {}
    )
    form = SignatoryLinkForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signatory_access_request_link(
                    agent=request.user,  # type: ignore[arg-type]
                    signatory=signatory,
                    access_request_reference=form.cleaned_data["access_request_reference"],
                    request=request,
                )
            except RuleViolation as violation:
                rule_errors_show(form, violation.field_errors)
            else:
                messages.success(
                    request, _("Inscription liée à la demande d'accès qui l'a désigné.")
                )
                return redirect(
                    "establishments:agent_establishment", number=signatory.establishment.number
                )
    return render(
        request,
        "establishments/agent/signatory_link.html",
        {"form": form, "signatory": signatory, "candidates": candidates},
        status=status,
    )


@register_required
@require_POST
def signatory_remove(request: HttpRequest, signatory_id: int) -> HttpResponse:
    signatory = Signatory.objects.filter(pk=signatory_id).select_related("establishment").first()
    if signatory is None:
        raise Http404
    signatory_end(agent=request.user, signatory=signatory, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Signataire retiré du registre : sa file est fermée."))
    return redirect("establishments:agent_establishment", number=signatory.establishment.number)


@import_required
@require_http_methods(["GET", "POST"])
def payment_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = payment_requests_import(
                    agent=request.user,  # type: ignore[arg-type]
                    rows=form.cleaned_data["file"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if not result.errors:
                    status = 200
    return render(
        request, "establishments/agent/import.html", {"form": form, "result": result}, status=status
    )
