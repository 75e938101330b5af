"""Pages for professionals: consultation by insured person, their requests, delegations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sel.access.decorators import service_required
from sel.access.models import ServiceCode
from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.audit.services import record
from sel.core.storage import StorageFull
from sel.core.uploads import stored_file_response
from sel.exception_drugs import services
from sel.exception_drugs.access import (
    access_attachment_by_id,
    access_delegation_by_id,
    access_exception_request_by_reference,
    access_own_exception_request_by_reference,
)
from sel.exception_drugs.forms.professional import (
    AnswerForm,
    ConsultForm,
    DelegationForm,
    RequestFieldsMixin,
    SubmitForm,
)
from sel.exception_drugs.models import ExceptionRequest, Status
from sel.exception_drugs.selectors import (
    RequestSummary,
    delegations_given_by,
    delegations_received_by,
    requests_followed_by,
    time_in_each_status,
)

exception_drugs_service = service_required(ServiceCode.EXCEPTION_DRUGS)


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """What the service offers and who may use it: the base template and no query beyond the
    session's user (also the floor page of ``bench/consult.py``)."""
    return render(request, "exception_drugs/about.html")


@exception_drugs_service
@require_http_methods(["GET", "POST"])
def consult(request: HttpRequest) -> HttpResponse:
    """*Consulter les demandes par personne assurée*: a POST form, so the NAM never appears in a
    URL; the results are rendered in the response."""
    form = ConsultForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = services.exception_requests_consult(
            user=request.user,  # type: ignore[arg-type]
            nam=form.cleaned_data["nam"],
            drug=form.cleaned_data["drug"],
            request=request,
        )
    return render(
        request,
        "exception_drugs/consult.html",
        {
            "form": form,
            "results": results,
        },
    )


@exception_drugs_service
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the user follows, as prescriber or delegated assistant (newest first)."""
    requests = (
        requests_followed_by(request.user)
        .select_related("drug", "prescriber")
        .order_by("-received_at")[:100]
    )
    return render(request, "exception_drugs/request_list.html", {"requests": requests})


def _render_detail(
    request: HttpRequest, exception_request: ExceptionRequest, answer_form: AnswerForm | None
) -> HttpResponse:
    is_prescriber = exception_request.prescriber_id == request.user.pk
    if (
        answer_form is None
        and is_prescriber
        and exception_request.status == Status.AWAITING_INFORMATION
    ):
        answer_form = AnswerForm()
    return render(
        request,
        "exception_drugs/request_detail.html",
        {
            "exception_request": exception_request,
            "summary": RequestSummary.of(exception_request),
            "history": exception_request.history.select_related("changed_by"),
            "durations": time_in_each_status(exception_request),
            "attachments": exception_request.attachments.all(),
            "is_prescriber": is_prescriber,
            "answer_form": answer_form,
        },
        status=400 if answer_form is not None and answer_form.errors else 200,
    )


@exception_drugs_service
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_detail(
        request, access_exception_request_by_reference(request.user, reference), None
    )


@exception_drugs_service
@require_POST
def request_answer(request: HttpRequest, reference: str) -> HttpResponse:
    """The prescriber answers the request for information (back to processing)."""
    exception_request = access_own_exception_request_by_reference(request.user, reference)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.exception_request_answer(
                exception_request=exception_request,
                prescriber=request.user,  # type: ignore[arg-type]
                answer=form.cleaned_data["answer"],
                attachments=form.cleaned_data["attachments"],
                request=request,
            )
        except StorageFull as full:
            form.add_error("attachments", full)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Votre réponse est transmise; la demande est en traitement.")
            )
            return redirect("exception_drugs:request_detail", reference=reference)
    return _render_detail(request, exception_request, form)


def request_create(
    request: HttpRequest,
    form: RequestFieldsMixin,
    service: Callable[..., ExceptionRequest],
    *,
    file_field: str,
    **arguments: Any,
) -> ExceptionRequest | None:
    """A request typed by its prescriber or recorded by an agent: the identity typed is checked
    against the register first (its own audited step, outside the service's transaction), then
    ``service`` creates the request with the form's fields and ``arguments``. A refusal goes on
    the form and gives None; a full disk, beside the form's ``file_field``."""
    try:
        services.insured_person_identity_require(
            actor=cast(User, request.user),
            nam=form.cleaned_data["nam"],
            identity=form.identity(),
            request=request,
        )
        return service(request=request, **arguments, **form.request_arguments())
    except StorageFull as full:
        form.add_error(file_field, full)
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def _submit(request: HttpRequest, initial: dict[str, Any], renewal_of: Any = None) -> HttpResponse:
    if request.user.role != Role.PRESCRIBER:  # type: ignore[union-attr]
        raise Http404
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        exception_request = request_create(
            request,
            form,
            services.exception_request_submit,
            file_field="attachments",
            prescriber=request.user,
            attachments=form.cleaned_data["attachments"],
            renewal_of=renewal_of,
        )
        if exception_request is not None:
            messages.success(
                request,
                _("Demande %(reference)s transmise à la Régie.")
                % {"reference": exception_request.reference},
            )
            return redirect("exception_drugs:request_detail", reference=exception_request.reference)
    return render(
        request,
        "exception_drugs/submit.html",
        {"form": form, "renewal_of": renewal_of},
        status=400 if form.is_bound and form.errors else 200,
    )


@exception_drugs_service
@require_http_methods(["GET", "POST"])
def request_submit(request: HttpRequest) -> HttpResponse:
    """A prescriber submits a request online."""
    return _submit(request, initial={"kind": "exception_drug"})


@exception_drugs_service
@require_http_methods(["GET", "POST"])
def request_renew(request: HttpRequest, reference: str) -> HttpResponse:
    """A renewal, pre-filled from the prescriber's own previous request: the NAM and identity it
    states, never the register's (identity.py); the pre-filled page is audited."""
    previous = access_own_exception_request_by_reference(request.user, reference)
    initial: dict[str, Any] = {}
    if request.method == "GET":
        initial = services.exception_request_renewal_initial(
            user=request.user,  # type: ignore[arg-type]
            previous=previous,
            request=request,
        )
    return _submit(request, initial=initial, renewal_of=previous)


@exception_drugs_service
def request_consultations(request: HttpRequest, reference: str) -> HttpResponse:
    """A prescriber sees who consulted the requests they submitted (issue #5)."""
    exception_request = access_own_exception_request_by_reference(request.user, reference)
    events = (
        AuditEvent.objects.filter(
            action=Action.EXCEPTION_REQUESTS_CONSULTED,
            subject_key=exception_request.insured_person.nam,
            target_type="exception_drugs.drug",
            target_id=str(exception_request.drug_id),
        )
        .select_related("actor")
        .order_by("-occurred_at")[:200]
    )
    return render(
        request,
        "exception_drugs/request_consultations.html",
        {"exception_request": exception_request, "events": events},
    )


@exception_drugs_service
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """A request's file, only for whoever may open the request; always as a download."""
    attachment = access_attachment_by_id(request.user, attachment_id)
    record(
        action=Action.EXCEPTION_ATTACHMENT_VIEWED,
        actor=request.user,
        target=attachment,
        request=request,
    )
    response = stored_file_response(
        attachment.file,
        content_type=attachment.content_type,
        download_name=attachment.original_name,
    )
    # A streamed file; typed as HttpResponse for the service decorator.
    return cast(HttpResponse, response)


# Who has a delegations page: the professionals others work for, and those who work for them.
PRINCIPAL_ROLES = (Role.PRESCRIBER, Role.PHARMACIST)
DELEGATE_ROLES = (Role.ADMIN_ASSISTANT, Role.NURSE, Role.PHARMACY_TECHNICIAN)


@login_required
@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    """Both sides of the links: a prescriber (or owner pharmacist) sees and ends those who work
    for them, and a prescriber delegates; an assistant, nurse or technician sees whom they work
    for, until when, and may end it. Open without the grant: a prescriber manages their
    assistants whether or not they consult themselves."""
    user = request.user
    role = user.role  # type: ignore[union-attr]
    if role not in PRINCIPAL_ROLES + DELEGATE_ROLES:
        raise Http404
    form = DelegationForm(request.POST or None) if role == Role.PRESCRIBER else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            assistant = User.objects.filter(
                username__iexact=form.cleaned_data["assistant_username"]
            ).first()
            try:
                if assistant is None:
                    raise ValidationError(
                        _("Ce compte n'est pas celui d'un adjoint administratif ou d'un infirmier.")
                    )
                services.delegation_create(
                    prescriber=user,  # type: ignore[arg-type]
                    assistant=assistant,
                    ends_on=form.cleaned_data["ends_on"],
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Délégation enregistrée."))
                return redirect("exception_drugs:delegations")
    template = (
        "exception_drugs/delegations.html"
        if role in PRINCIPAL_ROLES
        else "exception_drugs/delegations_received.html"
    )
    context = {
        "form": form,
        "delegations": delegations_given_by(user)
        if role in PRINCIPAL_ROLES
        else delegations_received_by(user),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


@login_required
@require_POST
def delegation_end(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """Either side ends a link (the other side is told by email)."""
    delegation = access_delegation_by_id(request.user, delegation_id)
    services.delegation_end(delegation=delegation, by=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, _("La délégation est terminée."))
    return redirect("exception_drugs:delegations")
