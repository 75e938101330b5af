"""Pages of the establishments' staff, each behind its grant (checked on every request, so a
withdrawal closes them at once): the signatory's queue and decisions (*Autorisation des
demandes de paiement en ligne*), and the *Association* application."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import wraps
from typing import Any, ClassVar, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.renderers import get_default_renderer
from django.forms.utils import RenderableMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sel.access.decorators import service_required
from sel.access.selectors import mark_service_checked
from sel.audit.events import Action
from sel.core.formats import money
from sel.core.forms import database_key
from sel.core.rules import Decision, RuleViolation, decision_post
from sel.core.spreadsheets import csv_cell_safe
from sel.establishments.access import (
    ASSOCIATION,
    AUTHORIZATION,
    SignatoryContext,
    signatory_context,
    signatory_context_kept,
)
from sel.establishments.forms import rule_errors_show
from sel.establishments.forms.establishment import (
    AssociationChangeForm,
    AssociationEndForm,
    AssociationForm,
    AuthorizeForm,
    BulkConfirmForm,
    QueueFilterForm,
    ReasonForm,
    ReturnForm,
    SearchForm,
)
from sel.establishments.models import Mode
from sel.establishments.queue_sql import queue_page_sql, queue_sql_applies
from sel.establishments.selectors import (
    QueueFilters,
    association_in_scope,
    associations_in_scope,
    queue_page,
    queue_position_format,
    queue_position_parse,
    queue_request,
    queue_selection,
    signatory_queue,
)
from sel.establishments.services import associations as association_services
from sel.establishments.services import authorization

QUEUE_PAGE = 50


class QueueRow(NamedTuple):
    """One line of the queue, formatted once (the first page is read on every visit; a named
    tuple costs a third of a frozen dataclass to make)."""

    pk: str
    reference: str
    url: str
    professional: str
    installation: str
    period: str
    mode: str
    total: str
    waited: str


authorization_required = service_required(AUTHORIZATION)
association_required = service_required(ASSOCIATION)


def wait_words(days: int) -> str:
    """How long a request has waited, in words: « moins d'un jour », « 1 jour », « 12 jours »."""
    if days < 1:
        return _("moins d'un jour")
    return ngettext("%(days)s jour", "%(days)s jours", days) % {"days": days}


def _queue_rows(values: list[tuple[Any, ...]]) -> list[QueueRow]:
    """The page's rows formatted for display: the modes' names, the waits' words and the
    amounts are formatted once per distinct value of the page."""
    now, base = timezone.now(), reverse("establishments:queue")
    modes = {mode: str(label) for mode, label in Mode.choices}
    waits: dict[int, str] = {}
    totals: dict[Any, str] = {}
    rows = []
    for pk, reference, first, last, username, installation, start, end, mode, total, at in values:
        days = (now - at).days
        if days not in waits:
            waits[days] = wait_words(days)
        if total not in totals:
            totals[total] = money(total)
        rows.append(
            QueueRow(
                pk=str(pk),
                reference=reference,
                url=f"{base}{reference}/",
                professional=f"{first} {last} ({username})",
                installation=installation,
                period=f"{start.isoformat()} – {end.isoformat()}",
                mode=modes.get(mode, mode),
                total=totals[total],
                waited=waits[days],
            )
        )
    return rows


@dataclass(frozen=True)
class QueueRows(RenderableMixin):
    """The first page's rows, rendered with the form renderer's Jinja2 (as the exception-drug
    summary is: sel/core/renderers.py): the page every signatory opens first."""

    template_name: ClassVar[str] = "establishments/queue_rows.html"
    rows: list[QueueRow]

    @property
    def renderer(self) -> Any:
        return get_default_renderer()

    def get_context(self) -> dict[str, Any]:
        return {"rows": self.rows}


def _context_kept(view: Any) -> Any:
    """Outside ``authorization_required``: the signatory's context kept between requests
    (``signatory_context_kept``) is handed to the view as ``context``, and answers the grant
    check when it finds the grant in force (its generation ends with any grant's change), so
    that a visit to the queue reads no grant; without it, the decorator checks afresh."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        context = signatory_context_kept(request.user)
        if context.grant_in_force:
            mark_service_checked(request.user, AUTHORIZATION)
        return view(request, *args, context=context, **kwargs)

    return wrapped


# --- the signatory's queue ---------------------------------------------------------------------


@_context_kept
@authorization_required
@require_GET
def queue(request: HttpRequest, context: SignatoryContext) -> HttpResponse:
    """Oldest first, each with how long it has waited; filters by installation, professional,
    period, mode and age. Pages go on from the last one shown (« Page suivante »), without
    counting the whole queue."""
    # Without a query, the form is the same for everyone: rendered once per language.
    filters_form = QueueFilterForm(request.GET) if request.GET else None
    filters = QueueFilters()
    if filters_form is not None and filters_form.is_valid():
        filters = QueueFilters(
            **{k: v for k, v in filters_form.cleaned_data.items() if v not in ("", None)}
        )
    after = queue_position_parse(request.GET.get("after", ""))
    if filters == QueueFilters() and queue_sql_applies():
        values = queue_page_sql(context, after=after, size=QUEUE_PAGE)
    else:
        values = queue_page(signatory_queue(context, filters), after=after, size=QUEUE_PAGE)
    shown = QueueRows(_queue_rows(values[:QUEUE_PAGE]))
    query = request.GET.copy()
    query.pop("after", None)
    following = ""
    if len(values) > QUEUE_PAGE:
        last = values[QUEUE_PAGE - 1]
        following = queue_position_format(last[-1], last[0])
    return render(
        request,
        "establishments/establishment/queue.html",
        {
            "filters": filters_form,
            "filters_empty": SimpleLazyObject(QueueFilterForm),
            "rows": shown,
            "query": query.urlencode(),
            "following": following,
            "later": after is not None,
        },
        status=400 if filters_form is not None and filters_form.errors else 200,
    )


@authorization_required
@require_POST
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    """Step 1: the chosen requests' count and total, to confirm. Step 2 (``confirm``): authorize
    them all in one transaction, or none if anything changed (the service reads the signatory's
    context itself, inside its transaction)."""
    if "confirm" in request.POST:
        form = BulkConfirmForm(request.POST)
        if form.is_valid():
            try:
                done = authorization.payment_requests_bulk_authorize(
                    signatory=request.user,  # type: ignore[arg-type]
                    request_ids=form.cleaned_data["ids"],
                    confirmed_count=form.cleaned_data["count"],
                    confirmed_total=form.cleaned_data["total"],
                    request=request,
                )
            except RuleViolation as violation:
                messages.error(request, " ".join(violation.messages))
            else:
                messages.success(request, _("%(count)s demandes autorisées.") % {"count": done})
        else:
            messages.error(request, _("La confirmation est illisible : rien n'a été autorisé."))
        return redirect("establishments:queue")
    keys = (database_key(pk) for pk in request.POST.getlist("ids"))
    chosen = [key for key in keys if key is not None][:1000]
    selection = queue_selection(signatory_context(request.user), chosen)  # type: ignore[arg-type]
    if not selection.count:
        messages.error(request, _("Cochez au moins une demande de votre file."))
        return redirect("establishments:queue")
    confirm = BulkConfirmForm(
        initial={
            "ids": ",".join(str(pk) for pk in selection.ids),
            "count": selection.count,
            "total": selection.total,
        }
    )
    return render(
        request,
        "establishments/establishment/bulk_confirm.html",
        {"selection": selection, "form": confirm},
    )


DECISIONS: dict[str, Decision] = {
    "authorize": Decision(
        form=AuthorizeForm,
        service=authorization.payment_request_authorize,
        action=Action.PAYMENT_REQUEST_AUTHORIZED,
        fields=(),
        done=gettext_lazy("Demande autorisée."),
        label=gettext_lazy("Autoriser"),
    ),
    "refuse": Decision(
        form=ReasonForm,
        service=authorization.payment_request_refuse,
        action=Action.PAYMENT_REQUEST_REFUSED,
        fields=("reason",),
        done=gettext_lazy("Demande refusée."),
        label=gettext_lazy("Refuser"),
    ),
    "return": Decision(
        form=ReturnForm,
        service=authorization.payment_request_return,
        action=Action.PAYMENT_REQUEST_RETURNED,
        fields=("reason",),
        done=gettext_lazy("Demande retournée pour correction."),
        label=gettext_lazy("Retourner pour correction"),
    ),
}


@authorization_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One request of the queue with its lines; authorize, refuse (reason) or return it."""
    context = signatory_context(request.user)  # type: ignore[arg-type]
    payment_request = queue_request(context, reference)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        name: decision.form(request.POST if action == name else None, prefix=name)
        for name, decision in DECISIONS.items()
    }
    conflict = None
    status = 200
    if action in forms:
        outcome = decision_post(
            request,
            DECISIONS[action],
            forms[action],
            payment_request=payment_request,
            signatory=request.user,
        )
        if outcome.done:
            return redirect("establishments:queue")
        status, conflict = outcome.status, outcome.conflict
        payment_request = outcome.current or payment_request
    return render(
        request,
        "establishments/establishment/request.html",
        {
            "payment_request": payment_request,
            "lines": payment_request.lines.select_related("activity"),
            "waited": wait_words((timezone.now() - payment_request.submitted_at).days),
            "forms": forms,
            "conflict": conflict,
        },
        status=status,
    )


# --- the Association application ---------------------------------------------------------------


@association_required
@require_GET
def associations(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    found = associations_in_scope(request.user, search=text)  # type: ignore[arg-type]
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "establishments/establishment/associations.html",
        {"search": search, "page": page, "query": text, "today": timezone.localdate()},
    )


@association_required
@require_http_methods(["GET", "POST"])
def association_new(request: HttpRequest) -> HttpResponse:
    form = AssociationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                association = association_services.association_create(
                    user=request.user,  # type: ignore[arg-type]
                    request=request,
                    **form.cleaned_data,
                )
            except RuleViolation as violation:
                rule_errors_show(form, violation.field_errors)
            else:
                messages.success(
                    request,
                    _("Association créée ; %(name)s en est informé par courriel.")
                    % {"name": association.signatory.user.get_full_name()},
                )
                return redirect("establishments:associations")
    return render(
        request, "establishments/establishment/association_form.html", {"form": form}, status=status
    )


@association_required
@require_GET
def association_detail(request: HttpRequest, association_id: int) -> HttpResponse:
    """One association of the scope with its history (created, each change, ended)."""
    association = association_in_scope(request.user, association_id)  # type: ignore[arg-type]
    return render(
        request,
        "establishments/establishment/association.html",
        {
            "association": association,
            "history": association.history.select_related("actor"),
            "today": timezone.localdate(),
        },
    )


@association_required
@require_http_methods(["GET", "POST"])
def association_change(request: HttpRequest, association_id: int) -> HttpResponse:
    """Change the signatory or the dates of an association in force; a refusal keeps what
    was typed."""
    association = association_in_scope(request.user, association_id)  # type: ignore[arg-type]
    form = AssociationChangeForm(
        request.POST or None,
        initial={
            "signatory_username": association.signatory.user.username,
            "valid_from": association.valid_from,
            "valid_until": association.valid_until,
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                association_services.association_change(
                    user=request.user,  # type: ignore[arg-type]
                    association=association,
                    request=request,
                    **form.cleaned_data,
                )
            except RuleViolation as violation:
                rule_errors_show(form, violation.field_errors)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Association modifiée ; le signataire en est informé par courriel.")
                )
                return redirect("establishments:association", association_id=association.pk)
    return render(
        request,
        "establishments/establishment/association_change.html",
        {"form": form, "association": association},
        status=status,
    )


@association_required
@require_http_methods(["GET", "POST"])
def association_end(request: HttpRequest, association_id: int) -> HttpResponse:
    association = association_in_scope(request.user, association_id)  # type: ignore[arg-type]
    form = AssociationEndForm(request.POST or None, initial={"end_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                association_services.association_end(
                    user=request.user,  # type: ignore[arg-type]
                    association=association,
                    end_on=form.cleaned_data["end_on"],
                    request=request,
                )
            except RuleViolation as violation:
                rule_errors_show(form, violation.field_errors)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Association terminée."))
                return redirect("establishments:associations")
    return render(
        request,
        "establishments/establishment/association_end.html",
        {"form": form, "association": association},
        status=status,
    )


@association_required
@require_GET
def associations_export(request: HttpRequest) -> HttpResponse:
    """The associations of the scope (the search applied), as CSV."""
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    found = list(associations_in_scope(request.user, search=text))  # type: ignore[arg-type]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="associations.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            "installation",
            "professionnel",
            "nom",
            "signataire",
            "nom_signataire",
            "debut",
            "fin",
            "terminee_le",
        ]
    )
    for a in found:
        writer.writerow(
            [
                a.installation.number,
                a.professional.username,
                csv_cell_safe(a.professional.get_full_name()),
                a.signatory.user.username,
                csv_cell_safe(a.signatory.user.get_full_name()),
                a.valid_from.isoformat(),
                a.valid_until.isoformat() if a.valid_until else "",
                a.ended_at.date().isoformat() if a.ended_at else "",
            ]
        )
    association_services.associations_exported(user=request.user, count=len(found), request=request)  # type: ignore[arg-type]
    return response
