"""Public pages: choose a form, fill and sign it, confirm one's address, the authorizer's link,
the correction link, the status page and the processing dates (no account needed).

Every page here that makes the portal send email is limited per client address and per
recipient (``sel.core.limits``): when a limit is reached, nothing is recorded or sent, and the
page comes back with what was typed and a 429 status."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sel.access import selectors, services
from sel.access.forms.public import AuthorizerSectionForm, StatusForm, UserSectionForm
from sel.access.models import AccessLink, AccessRequest, FormType, Grant
from sel.access.pdf import access_request_pdf
from sel.access.services.grants import (
    grant_confirmations_record,
    grant_for_renewal,
    grants_to_confirm,
)
from sel.core.http import client_ip
from sel.core.limits import LIMIT_MESSAGE, access_form_limit_reached, limit_exceeded

SUBMITTED_SESSION_KEY = "access_submitted_references"


def request_start(request: HttpRequest) -> HttpResponse:
    """Seed 000: « cliquez sur l'hyperlien Demander ou déléguer l'accès à un service en ligne
    spécifique »: the forms."""
    return render(
        request, "access/request_start.html", {"form_types": selectors.form_types_offered()}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_fill(request: HttpRequest, code: str) -> HttpResponse:
    """Sections 1 and 2 (and 5), signed by the user."""
    form_type = get_object_or_404(FormType, code=code, is_active=True)
    return request_fill_page(request, form_type)


@never_cache
@require_http_methods(["GET", "POST"])
def request_renew(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the grant-expiry reminder: a new request for the same service, sections 1–2
    filled from the current grant, to check, sign and send (issue #12 item 13)."""
    grant = grant_for_renewal(token)
    form_type = selectors.renewal_form_type(grant) if grant is not None else None
    if grant is None or form_type is None:
        return render(request, "access/link_unusable.html", status=410)
    return request_fill_page(
        request, form_type, initial=UserSectionForm.initial_for_renewal(grant), renewal=grant
    )


def request_fill_page(
    request: HttpRequest,
    form_type: FormType,
    *,
    initial: dict[str, Any] | None = None,
    renewal: Grant | None = None,
) -> HttpResponse:
    """Sections 1–2 of ``form_type`` to fill and sign: blank, or a renewal filled from a grant
    (the reminder's link and the holder's own « prolonger » link)."""
    version = form_type.current_version()
    if version is None:
        raise Http404
    form = UserSectionForm(
        request.POST or None, request.FILES or None, form_type=form_type, initial=initial
    )
    context = {"form": form, "form_type": form_type, "version": version, "renewal": renewal}
    if request.method == "POST" and form.is_valid():
        assert form.signature is not None and form.user_section is not None
        if access_form_limit_reached(
            request, form.cleaned_data["email"], form.cleaned_data["authorizer_email"]
        ):
            form.add_error(None, LIMIT_MESSAGE)
            return render(request, "access/request_form.html", context, status=429)
        # The version the page was printed with: a page opened before a cut-off is refused after.
        posted = form_type.versions.filter(number=request.POST.get("form_version", "")).first()
        try:
            access_request = services.access_request_submit(
                form_version=posted or version,
                user_section=form.user_section,
                signature=form.signature,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            submitted = request.session.get(SUBMITTED_SESSION_KEY, [])
            request.session[SUBMITTED_SESSION_KEY] = [*submitted[-9:], access_request.reference]
            return redirect("access:request_submitted", reference=access_request.reference)
    return render(request, "access/request_form.html", context)


def _submitted_in_this_session(request: HttpRequest, reference: str) -> AccessRequest:
    if reference not in request.session.get(SUBMITTED_SESSION_KEY, []):
        raise Http404
    return get_object_or_404(AccessRequest, reference=reference)


@never_cache
def request_submitted(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt (ours; seed 000 says only « Votre demande sera traitée dans les meilleurs
    délais »), and, while the user's address is not confirmed, what to do next."""
    access_request = _submitted_in_this_session(request, reference)
    return _submitted_page(request, access_request)


def _submitted_page(
    request: HttpRequest, access_request: AccessRequest, *, limit_reached: bool = False
) -> HttpResponse:
    context = {
        "access_request": access_request,
        "confirmation_hours": settings.ACCESS_USER_CONFIRMATION_HOURS,
        "limit_message": LIMIT_MESSAGE if limit_reached else "",
    }
    return render(
        request, "access/request_submitted.html", context, status=429 if limit_reached else 200
    )


@never_cache
@require_http_methods(["POST"])
def request_link_resend(request: HttpRequest, reference: str) -> HttpResponse:
    """A new link to confirm the user's address, within the same limits as a submission."""
    access_request = _submitted_in_this_session(request, reference)
    if access_request.status != AccessRequest.Status.AWAITING_USER_EMAIL:
        return redirect("access:request_submitted", reference=reference)
    if access_form_limit_reached(request, access_request.user_email):
        return _submitted_page(request, access_request, limit_reached=True)
    services.access_request_confirmation_resend(access_request=access_request, request=request)
    messages.success(
        request, _("Un nouveau lien est envoyé à votre adresse électronique. Vérifiez votre boîte.")
    )
    return redirect("access:request_submitted", reference=reference)


@never_cache
def request_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The printable form, for the signer who wants to mail it (seed 000: « remplir, signer et
    poster ce formulaire »)."""
    access_request = _submitted_in_this_session(request, reference)
    return access_request_pdf(access_request)


def _link_or_gone(request: HttpRequest, token: str, purpose: str) -> AccessLink | HttpResponse:
    link = services.access_link_find(token, purpose)
    if link is None:
        return render(request, "access/link_unusable.html", status=410)
    return link


def _request_behind_link(
    request: HttpRequest, token: str, purpose: str, status: str
) -> AccessRequest | HttpResponse:
    """The request a usable link leads to, while it is still in the state the link was sent
    for; otherwise the same 410 page as for an unusable link."""
    link = _link_or_gone(request, token, purpose)
    if isinstance(link, HttpResponse):
        return link
    if link.access_request is None or link.access_request.status != status:
        return render(request, "access/link_unusable.html", status=410)
    return link.access_request


@never_cache
@require_http_methods(["GET", "POST"])
def user_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link emailed to the user's own address: a button confirms it (opening the link alone
    does not, so that a mail scanner fetching it confirms nothing)."""
    access_request = _request_behind_link(
        request, token, AccessLink.Purpose.USER_EMAIL, AccessRequest.Status.AWAITING_USER_EMAIL
    )
    if isinstance(access_request, HttpResponse):
        return access_request
    if request.method == "POST":
        try:
            access_request = services.access_request_user_email_confirm(
                token=token, request=request
            )
        except services.LinkUnusable:
            return render(request, "access/link_unusable.html", status=410)
        return render(
            request, "access/user_email_confirmed.html", {"access_request": access_request}
        )
    return render(request, "access/user_email_confirm.html", {"access_request": access_request})


@never_cache
@require_http_methods(["GET", "POST"])
def authorizer_sign(request: HttpRequest, token: str) -> HttpResponse:
    """The authorizer's single-use link: review sections 1–2, fill section 3, sign."""
    access_request = _request_behind_link(
        request,
        token,
        AccessLink.Purpose.AUTHORIZER_SIGN,
        AccessRequest.Status.AWAITING_AUTHORIZER,
    )
    if isinstance(access_request, HttpResponse):
        return access_request
    initial = {
        name: getattr(access_request, name)
        for name in AuthorizerSectionForm.base_fields
        if name.startswith("auth_") and hasattr(access_request, name)
    }
    form = AuthorizerSectionForm(
        request.POST or None,
        request.FILES or None,
        form_type=access_request.form_type,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        assert form.signature is not None and form.authorizer_section is not None
        try:
            services.access_request_authorize(
                token=token,
                authorizer_section=form.authorizer_section,
                signature=form.signature,
                request=request,
            )
        except services.LinkUnusable:
            return render(request, "access/link_unusable.html", status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request, "access/authorizer_done.html", {"access_request": access_request}
            )
    return render(
        request,
        "access/authorizer_form.html",
        {"form": form, "access_request": access_request, "token": token},
    )


@never_cache
def authorizer_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_gone(request, token, AccessLink.Purpose.AUTHORIZER_SIGN)
    if isinstance(link, HttpResponse):
        return link
    assert link.access_request is not None
    return access_request_pdf(link.access_request)


@never_cache
@require_http_methods(["GET", "POST"])
def request_correct(request: HttpRequest, token: str) -> HttpResponse:
    """Correct a request returned as incomplete: every section comes back filled in."""
    access_request = _request_behind_link(
        request, token, AccessLink.Purpose.CORRECTION, AccessRequest.Status.INCOMPLETE
    )
    if isinstance(access_request, HttpResponse):
        return access_request
    form = UserSectionForm(
        request.POST or None,
        request.FILES or None,
        form_type=access_request.form_type,
        initial=UserSectionForm.initial_from(access_request),
    )
    context = {
        "form": form,
        "form_type": access_request.form_type,
        "version": access_request.form_version,
        "correction": access_request,
    }
    if request.method == "POST" and form.is_valid():
        assert form.signature is not None and form.user_section is not None
        if access_form_limit_reached(
            request, form.cleaned_data["email"], form.cleaned_data["authorizer_email"]
        ):
            form.add_error(None, LIMIT_MESSAGE)
            return render(request, "access/request_form.html", context, status=429)
        try:
            corrected = services.access_request_correct(
                token=token,
                user_section=form.user_section,
                signature=form.signature,
                request=request,
            )
        except services.LinkUnusable:
            return render(request, "access/link_unusable.html", status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if corrected.status == AccessRequest.Status.AWAITING_USER_EMAIL:
                messages.success(
                    request,
                    _(
                        "Votre demande corrigée est enregistrée. Vérifiez votre boîte de "
                        "courriel : ouvrez le lien envoyé à votre nouvelle adresse pour la "
                        "confirmer. La personne qui autorise la demande recevra ensuite un lien "
                        "pour la signer de nouveau."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande corrigée est enregistrée. La personne qui autorise la "
                        "demande a reçu un lien pour la signer de nouveau."
                    ),
                )
            return redirect("access:status")
    return render(request, "access/request_form.html", context)


STATUS_LOOKUPS_PER_WINDOW = 20
STATUS_WINDOW_SECONDS = 15 * 60


def _status_lookups_exhausted(request: HttpRequest) -> bool:
    """Guessing references is throttled per client address."""
    return limit_exceeded(
        "access-status-lookups",
        client_ip(request),
        limit=STATUS_LOOKUPS_PER_WINDOW,
        window_seconds=STATUS_WINDOW_SECONDS,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The public status page: reference + email give the state, nothing else."""
    form = StatusForm(request.POST or None)
    found = None
    if request.method == "POST" and _status_lookups_exhausted(request):
        form.is_valid()
        form.add_error(
            None, _("Trop de recherches en peu de temps. Réessayez dans quelques minutes.")
        )
    elif request.method == "POST" and form.is_valid():
        found = selectors.access_request_status(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
        )
        if found is None:
            form.add_error(
                None,
                _("Aucune demande ne correspond à ce numéro de référence et à cette adresse."),
            )
    return render(request, "access/status.html", {"form": form, "found": found})


def processing_dates(request: HttpRequest) -> HttpResponse:
    """Seed 004: « consultez régulièrement le tableau des dates de traitement des demandes »."""
    return render(request, "access/processing_dates.html", {"rows": selectors.processing_dates()})


@never_cache
@require_http_methods(["GET", "POST"])
def grant_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The authorizer's yearly link: confirm or end each grant they authorized."""
    link = _link_or_gone(request, token, AccessLink.Purpose.YEARLY_CONFIRMATION)
    if isinstance(link, HttpResponse):
        return link
    grants = grants_to_confirm(link.email)
    if request.method == "POST":
        decisions = {
            grant.pk: request.POST.get(f"grant-{grant.pk}", "confirm") != "end" for grant in grants
        }
        try:
            confirmed, ended = grant_confirmations_record(
                token=token, decisions=decisions, request=request
            )
        except services.LinkUnusable:
            return render(request, "access/link_unusable.html", status=410)
        return render(
            request, "access/grant_confirm_done.html", {"confirmed": confirmed, "ended": ended}
        )
    return render(request, "access/grant_confirm.html", {"grants": grants})
