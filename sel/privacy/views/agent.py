"""The Régie's privacy office answers an insured person's request for access to their personal
information (Law 25): insured persons have no account in SEL, so an agent holding
``privacy.answer_insured_person_request`` enters the NAM, the identity the requester proved and
the request's reference, and gets every read of that NAM the apps record, on the page and as a
CSV or JSON file in French or English. Behind the one agent gate (``sel.accounts.gates``). A NAM
travels in POST bodies only, never in a URL."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sel.accounts import gates
from sel.core.limits import HOUR, limit_exceeded
from sel.core.rules import RuleViolation, show_rule_errors
from sel.core.spreadsheets import csv_cell_safe
from sel.privacy.forms.agent import InsuredPersonExportForm, InsuredPersonRequestForm
from sel.privacy.services import (
    InsuredPersonReads,
    insured_person_reads_export,
    insured_person_reads_search,
)

answer_required = gates.agent_required("privacy.answer_insured_person_request")

PAGE = "privacy/insured_requests.html"
SHOWN = 200  # the page shows the latest reads; the download has them all


def _limit_reached(request: HttpRequest) -> bool:
    """Each search and each download counts, per agent (``INSURED_PERSON_SEARCHES_PER_HOUR``):
    one account cannot walk through the NAMs."""
    return limit_exceeded(
        "privacy-insured-reads",
        str(request.user.pk),
        limit=settings.INSURED_PERSON_SEARCHES_PER_HOUR,
        window_seconds=HOUR,
    )


def _limit_message() -> str:
    return _(
        "Trop de recherches en peu de temps : réessayez dans une heure. Ce que vous avez inscrit "
        "est conservé."
    )


def _page(
    request: HttpRequest,
    form: InsuredPersonRequestForm,
    found: InsuredPersonReads | None = None,
    status: int = 200,
) -> HttpResponse:
    export_form = None
    if found is not None:
        export_form = InsuredPersonExportForm(initial={**asdict(found.asked), "language": "fr-ca"})
    return render(
        request,
        PAGE,
        {
            "form": form,
            "found": found,
            "shown": list(reversed(found.reads))[:SHOWN] if found else [],
            "shown_limit": SHOWN,
            "export_form": export_form,
        },
        status=status,
    )


@never_cache
@answer_required
@require_http_methods(["GET", "POST"])
def insured_requests(request: HttpRequest) -> HttpResponse:
    """« Demandes d'accès d'une personne assurée »: the form, then the reads of the NAM."""
    if request.method != "POST":
        return _page(request, InsuredPersonRequestForm())
    form = InsuredPersonRequestForm(request.POST)
    if _limit_reached(request):
        form.is_valid()
        form.add_error(None, _limit_message())
        return _page(request, form, status=429)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        found = insured_person_reads_search(
            agent=request.user,  # type: ignore[arg-type]
            asked=form.asked(),
            request=request,
        )
    except RuleViolation as refused:
        show_rule_errors(form, refused.field_errors)
        return _page(request, form, status=400)
    return _page(request, form, found)


def _csv(found: InsuredPersonReads) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date et heure"),
            _("Source"),
            _("Organisation ou personne"),
            _("Identifiant du client"),
            _("Environnement"),
            _("Service"),
            _("Résultat"),
        ]
    )
    for row in found.reads:
        writer.writerow(
            [
                timezone.localtime(row["at"]).strftime("%Y-%m-%d %H:%M:%S"),
                *(
                    csv_cell_safe(str(row[key]))
                    for key in ("source", "reader", "client_id", "environment", "service")
                ),
                csv_cell_safe(str(row["outcome"])),
            ]
        )
    # A byte-order mark, so that spreadsheets read the accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json(found: InsuredPersonReads, language: str) -> bytes:
    asked = found.asked
    document = {
        "reference": asked.reference,
        "received_on": asked.received_on.isoformat(),
        "nam": asked.nam,
        "exported_at": timezone.localtime().isoformat(),
        "language": language,
        "identity_checked": found.checked,
        "reads": [
            {
                "at": timezone.localtime(row["at"]).isoformat(),
                **{key: str(value) for key, value in row.items() if key != "at"},
            }
            for row in found.reads
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


@never_cache
@answer_required
@require_POST
def insured_requests_export(request: HttpRequest) -> HttpResponse:
    """The reads as a file for the person (CSV or JSON, French or English); the request's
    fields come back hidden and are checked again, the download is audited."""
    form = InsuredPersonExportForm(request.POST)
    search = InsuredPersonRequestForm(request.POST)
    if _limit_reached(request):
        search.is_valid()
        search.add_error(None, _limit_message())
        return _page(request, search, status=429)
    if not form.is_valid():
        search.is_valid()  # the request's fields show their own errors
        for name in ("language", "file_format"):
            for error in form.errors.get(name, []):
                search.add_error(None, f"{form.fields[name].label} : {error}")
        return _page(request, search, status=400)
    language, file_format = form.cleaned_data["language"], form.cleaned_data["file_format"]
    try:
        found = insured_person_reads_export(
            agent=request.user,  # type: ignore[arg-type]
            asked=form.asked(),
            file_format=file_format,
            language=language,
            request=request,
        )
    except RuleViolation as refused:
        search.is_valid()
        show_rule_errors(search, refused.field_errors)
        return _page(request, search, status=400)
    with translation.override(language):
        body = _csv(found) if file_format == "csv" else _json(found, language)
    response = HttpResponse(
        body,
        content_type="text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/json; charset=utf-8",
    )
    name = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in found.asked.reference
    )
    response["Content-Disposition"] = (
        f'attachment; filename="lectures-nam-{name[:40]}-{language}.{file_format}"'
    )
    return response
