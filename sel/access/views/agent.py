"""Section 4, « à l'usage de la Régie »: the queue, decisions, paper requests, letters, withdrawals.
Every view asks for an agent of the Régie with this app's permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sel.access import rules, selectors, services
from sel.access.forms.agent import (
    ApproveForm,
    GrantExtendForm,
    GrantGiveForm,
    NumbersForm,
    PaperMetaForm,
    ProfessionServicesForm,
    RefuseForm,
    ReturnForm,
    RevokeForm,
)
from sel.access.forms.public import (
    AuthorizerSectionForm,
    UserSectionForm,
    _refresh_after_customising,
)
from sel.access.models import AccessRequest, FormType, Grant, MailRoomLetter, OnlineService
from sel.access.pdf import access_request_pdf
from sel.access.services import grants as grant_services
from sel.access.services.registration import services_opened_by_registration
from sel.accounts.gates import agent_required
from sel.accounts.models import Profession, User
from sel.accounts.services.professions import profession_registration_services_set
from sel.audit.events import Action
from sel.core.rules import (
    Decision,
    DecisionConflict,
    RuleViolation,
    decision_post,
    show_rule_errors,
)
from sel.core.storage import StorageFull
from sel.core.uploads import content_type_of_stored_name, stored_file_response

View = Callable[..., HttpResponse]


process_required = agent_required("access.process_accessrequest")


@process_required
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "access/agent/queue.html",
        {"requests": selectors.agent_queue(), "form_types": FormType.objects.all()},
    )


def _detail_context(access_request: AccessRequest, **forms: Any) -> dict[str, Any]:
    signatures = [
        (signature, services.signature_intact(signature))
        for signature in access_request.signatures.filter(superseded=False)
    ]
    on_paper = access_request.channel == AccessRequest.Channel.PAPER
    certificate_signatures = services.scan_signatures(access_request) if on_paper else []
    return {
        "access_request": access_request,
        "signatures": signatures,
        # Seed 003's « signature numérique »: what the scanned PDF's certificates say, checked
        # offline; trusting the certificate is the agent's call (sel.core.signed_pdf).
        "certificate_signatures": certificate_signatures,
        # A paper scan (not signed with a certificate): the agent checks the form's directives.
        "paper_directives": on_paper
        and not (certificate_signatures and all(c.sound for c in certificate_signatures)),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "revoke_form": RevokeForm(),
        "grants": access_request.grants.select_related("online_service", "user"),
        "conflict": forms.get("conflict"),
        # Found by the practice number, the agent's completed one included (issue #12 item 8).
        "authorizer_accounts": selectors.authorizer_accounts(access_request),
        "numbers_form": forms.get("numbers_form")
        or NumbersForm(completed=rules.numbers_completed_by_regie(access_request)),
    }


@process_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_object_or_404(AccessRequest, pk=pk)
    return render(request, "access/agent/detail.html", _detail_context(access_request))


# The agent's decisions on a waiting request (section 4): one table, one shape for every app
# (sel.core.rules.Decision). The form's fields are passed to the service by name.
DECISIONS: dict[str, Decision] = {
    "approve": Decision(
        form=ApproveForm,
        service=services.access_request_approve,
        action=Action.ACCESS_REQUEST_APPROVED,
        fields=("valid_until", "directives_confirmed"),
        done=gettext_lazy("Demande acceptée : les accès sont accordés."),
    ),
    "refuse": Decision(
        form=RefuseForm,
        service=services.access_request_refuse,
        action=Action.ACCESS_REQUEST_REFUSED,
        fields=("reason", "directives_broken"),
        done=gettext_lazy("Demande refusée."),
    ),
    "return": Decision(
        form=ReturnForm,
        service=services.access_request_return_incomplete,
        action=Action.ACCESS_REQUEST_RETURNED,
        fields=("note",),
        done=gettext_lazy("Demande retournée pour correction."),
    ),
}


@require_POST
@process_required
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Approve, refuse or return as incomplete; the row lock makes exactly one decision win. The
    one who lost the race sees the request as decided, with what they typed."""
    access_request = get_object_or_404(AccessRequest, pk=pk)
    chosen = DECISIONS.get(decision)
    if chosen is None:
        raise Http404
    form = chosen.form(request.POST)
    outcome = decision_post(
        request, chosen, form, access_request=access_request, agent=request.user
    )
    if outcome.done:
        return redirect("access:agent_queue")
    if outcome.conflict:
        context = _detail_context(outcome.current, conflict=outcome.conflict)
    else:
        context = _detail_context(access_request, **{f"{decision}_form": form})
    return render(request, "access/agent/detail.html", context, status=outcome.status)


@require_POST
@process_required
def numbers(request: HttpRequest, pk: int) -> HttpResponse:
    """The agent completes the numbers the requester could leave blank (issue #12, item 8)."""
    access_request = get_object_or_404(AccessRequest, pk=pk)
    form = NumbersForm(request.POST, completed=rules.numbers_completed_by_regie(access_request))
    if form.is_valid():
        try:
            services.access_request_numbers_complete(
                access_request=access_request,
                agent=request.user,  # type: ignore[arg-type]
                organization_number=form.cleaned_data.get("organization_number", ""),
                auth_practice_number=form.cleaned_data.get("auth_practice_number", ""),
                request=request,
            )
        except DecisionConflict as error:
            form.add_error(
                None, _("La demande n'est plus en attente : les numéros ne sont pas modifiés.")
            )
            context = _detail_context(error.current, numbers_form=form)
            return render(request, "access/agent/detail.html", context, status=409)
        except RuleViolation as error:
            show_rule_errors(form, error.field_errors)
        else:
            messages.success(request, _("Numéros complétés."))
            return redirect("access:agent_detail", pk=access_request.pk)
    context = _detail_context(access_request, numbers_form=form)
    return render(request, "access/agent/detail.html", context, status=400)


@process_required
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return access_request_pdf(get_object_or_404(AccessRequest, pk=pk))


@process_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_object_or_404(AccessRequest, pk=pk)
    if not access_request.scan:
        return HttpResponse(status=404)
    # The scan is stored under a random name whose extension comes from its checked content; it
    # downloads under the sanitized name it had (scans stored before: a name from the reference).
    response = stored_file_response(
        access_request.scan,
        content_type=content_type_of_stored_name(access_request.scan.name or ""),
        download_name=access_request.scan_original_name
        or f"numerisation-{access_request.reference}",
    )
    # A streamed file; typed as HttpResponse like the other views.
    return cast(HttpResponse, response)


@require_http_methods(["GET", "POST"])
@process_required
def paper(request: HttpRequest, code: str) -> HttpResponse:
    """Record a request received on paper or scanned (seed 004), with its scan."""
    form_type = get_object_or_404(FormType, code=code)
    data = request.POST or None
    files = request.FILES or None
    meta = PaperMetaForm(data, files, prefix="meta")
    meta.fields["form_version"].queryset = form_type.versions.all()  # type: ignore[attr-defined]
    user_form = UserSectionForm(data, files, form_type=form_type, prefix="user")
    auth_form = AuthorizerSectionForm(data, files, form_type=form_type, prefix="auth")
    for form in (user_form, auth_form):
        # The signatures are on the paper: the scan carries them.
        for name in ("signature_drawn", "signature_image", "commitment"):
            del form.fields[name]
        form.clean_signature_fields = lambda: None  # type: ignore[method-assign]
        _refresh_after_customising(form)
    _refresh_after_customising(meta)
    if (
        request.method == "POST"
        and meta.is_valid()
        and user_form.is_valid()
        and auth_form.is_valid()
    ):
        assert user_form.user_section is not None
        assert auth_form.authorizer_section is not None
        try:
            access_request = services.access_request_record_paper(
                agent=cast(User, request.user),
                form_version=meta.cleaned_data["form_version"],
                received_on=meta.cleaned_data["received_on"],
                user_section=user_form.user_section,
                authorizer_section=auth_form.authorizer_section,
                scan=meta.cleaned_data["scan"],
                user_language=meta.cleaned_data["user_language"],
                auth_language=meta.cleaned_data["auth_language"],
                request=request,
            )
        except RuleViolation as violation:
            for name, found in violation.field_errors.items():
                target = auth_form if name.startswith("auth_") else user_form
                show_rule_errors(meta if name == "scan" else target, {name: found})
        except StorageFull as full:
            meta.add_error("scan", full)
        except ValidationError as error:
            meta.add_error("form_version", error)
        else:
            messages.success(
                request,
                _("Demande %(reference)s enregistrée dans la file.")
                % {"reference": access_request.reference},
            )
            return redirect("access:agent_detail", pk=access_request.pk)
    return render(
        request,
        "access/agent/paper.html",
        {
            "form_type": form_type,
            "meta": meta,
            "form": user_form,
            "auth_form": auth_form,
            "form_types": FormType.objects.all(),
        },
    )


revoke_required = agent_required("access.revoke_grant")


def _grants_page(
    request: HttpRequest,
    username: str,
    *,
    give_form: GrantGiveForm | None = None,
    extend: tuple[int, GrantExtendForm] | None = None,
) -> HttpResponse:
    account = User.objects.filter(username__iexact=username).first() if username else None
    found = selectors.grants_of_username(username) if account is not None else []
    rows = [
        (
            grant,
            extend[1]
            if extend is not None and extend[0] == grant.pk
            else GrantExtendForm(prefix=f"g{grant.pk}", initial={"valid_until": grant.valid_until}),
        )
        for grant in found
    ]
    invalid = give_form is not None or extend is not None
    return render(
        request,
        "access/agent/grants.html",
        {
            "username": username,
            "account": account,
            "rows": rows,
            "searched": bool(username),
            "give_form": give_form or GrantGiveForm(),
        },
        status=400 if invalid else 200,
    )


@revoke_required
def grants(request: HttpRequest) -> HttpResponse:
    """An account's grants, found by username: each with its extension and withdrawal forms
    (seed 001), a form to grant a service, and a way to the account's delegation links."""
    return _grants_page(request, request.GET.get("utilisateur", "").strip().upper()[:12])


def _back_to_grants(username: str) -> HttpResponse:
    return redirect(f"{reverse('access:agent_grants')}?utilisateur={username}")


@require_POST
@revoke_required
def grant_give(request: HttpRequest) -> HttpResponse:
    """An agent opens a service to an account, with a reason; audited and emailed."""
    username = request.POST.get("utilisateur", "").strip().upper()[:12]
    account = get_object_or_404(User, username__iexact=username)
    form = GrantGiveForm(request.POST)
    if form.is_valid():
        try:
            grant_services.grant_give(
                user=account,
                service=form.cleaned_data["service"],
                valid_until=form.cleaned_data["valid_until"],
                agent=cast(User, request.user),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Accès accordé. La personne est avisée par courriel."))
            return _back_to_grants(account.username)
    return _grants_page(request, account.username, give_form=form)


@require_POST
@revoke_required
def grant_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent moves a grant's end date, with a reason; audited and emailed."""
    grant = get_object_or_404(Grant.objects.select_related("user"), pk=pk)
    form = GrantExtendForm(request.POST, prefix=f"g{grant.pk}")
    if form.is_valid():
        try:
            grant_services.grant_extend(
                grant=grant,
                valid_until=form.cleaned_data["valid_until"],
                agent=cast(User, request.user),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Date de fin changée. La personne est avisée par courriel.")
            )
            return _back_to_grants(grant.user.username)
    return _grants_page(request, grant.user.username, extend=(grant.pk, form))


@require_POST
@revoke_required
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Seed 001: the Régie withdraws an access at any time."""
    grant = get_object_or_404(Grant, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        grant_services.grant_revoke(
            grant=grant,
            agent=cast(User, request.user),
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(
            request, _("Accès retiré. L'utilisateur et la personne qui autorise sont avisés.")
        )
    else:
        messages.error(request, _("Inscrivez le motif du retrait."))
    if request.POST.get("from") == "grants":
        return redirect(f"{reverse('access:agent_grants')}?utilisateur={grant.user.username}")
    if grant.access_request_id:
        return redirect("access:agent_detail", pk=grant.access_request_id)
    return redirect("access:agent_queue")


@process_required
def letters(request: HttpRequest) -> HttpResponse:
    """The mail room: registered-mail letters waiting to be printed and mailed (seed 004)."""
    waiting = MailRoomLetter.objects.filter(mailed_at__isnull=True).select_related("access_request")
    return render(request, "access/agent/letters.html", {"letters": waiting})


@process_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(MailRoomLetter, pk=pk, mailed_at__isnull=True)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="lettre-{letter.access_request.reference}.pdf"'
    )
    return response


@require_POST
@process_required
def letter_mailed(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(MailRoomLetter, pk=pk)
    grant_services.mail_room_letter_mailed(
        letter=letter, agent=cast(User, request.user), request=request
    )
    messages.success(request, _("Lettre postée : son PDF est effacé."))
    return redirect("access:agent_letters")


professions_required = agent_required("accounts.change_profession_services")


@professions_required
@require_http_methods(["GET", "POST"])
def professions(request: HttpRequest) -> HttpResponse:
    """The catalogue of professions: what registration with a PIN opens for each (the
    catalogue's services, and exception drugs for prescribers and pharmacists whatever it
    says); the agent changes a profession's services with a reason (audited)."""
    catalogue = list(Profession.objects.all())
    bound: tuple[str, ProfessionServicesForm] | None = None
    if request.method == "POST":
        profession = get_object_or_404(Profession, code=request.POST.get("profession", ""))
        form = ProfessionServicesForm(request.POST, prefix=profession.code)
        if form.is_valid():
            profession_registration_services_set(
                profession=profession,
                service_codes=[s.code for s in form.cleaned_data["services"]],
                agent=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, _("Services de la profession enregistrés."))
            return redirect("access:agent_professions")
        bound = (profession.code, form)
    names = {s.code: s.name for s in OnlineService.objects.all()}
    rows = []
    for profession in catalogue:
        if bound is not None and bound[0] == profession.code:
            form = bound[1]
        else:
            form = ProfessionServicesForm(
                prefix=profession.code,
                initial={"services": list(profession.registration_services)},
            )
        opened = services_opened_by_registration(
            role=profession.role, catalogued=list(profession.registration_services)
        )
        rows.append(
            {
                "profession": profession,
                "opened": [names.get(code, code) for code in opened],
                "form": form,
            }
        )
    return render(
        request,
        "access/agent/professions.html",
        {"rows": rows},
        status=400 if bound is not None else 200,
    )
