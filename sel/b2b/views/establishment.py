"""The establishment's page « Logiciels autorisés à transmettre vos demandes de paiement » (issue
#14): its *Association* user authorizes a vendor's client, by its client id, for installations
of their scope, lists the authorizations and ends one. Behind the *Association* grant, checked on
every request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sel.access.decorators import service_required
from sel.access.models import ServiceCode
from sel.b2b.forms.establishment import SoftwareAuthorizeForm, SoftwareEndForm
from sel.b2b.selectors import software_authorization_in_scope, software_authorizations_for
from sel.b2b.services.payments import software_authorization_end, software_authorize
from sel.core.forms import database_key
from sel.core.rules import RuleViolation

association_required = service_required(ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION)


def _page(request: HttpRequest, form: SoftwareAuthorizeForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "b2b/establishment/software.html",
        {
            "form": form,
            "end_form": SoftwareEndForm(),
            "authorizations": software_authorizations_for(request.user)[:500],  # type: ignore[arg-type]
        },
        status=status,
    )


@association_required
@require_http_methods(["GET", "POST"])
def software(request: HttpRequest) -> HttpResponse:
    """The authorizations of the scope, and the form that adds one; a refusal keeps what was
    typed and says why, field by field."""
    user = request.user
    form = SoftwareAuthorizeForm(request.POST or None, user=user)  # type: ignore[arg-type]
    if request.method != "POST":
        return _page(request, form)
    if form.is_valid():
        try:
            software_authorize(
                user=user,  # type: ignore[arg-type]
                client_id=form.cleaned_data["client_id"],
                installations=form.chosen(),
                request=request,
            )
        except RuleViolation as violation:
            for name, found in violation.field_errors.items():
                form.add_error(name if name in form.fields else None, found)
        else:
            messages.success(
                request,
                _(
                    "Logiciel autorisé : il peut transmettre les demandes de paiement de ces "
                    "installations."
                ),
            )
            return redirect("b2b:establishment_software")
    return _page(request, form, status=400)


@association_required
@require_POST
def software_end(request: HttpRequest, pk: str) -> HttpResponse:
    """Ends one authorization of the scope; the client's next call for it is refused."""
    key = database_key(pk)
    found = software_authorization_in_scope(request.user, key) if key is not None else None  # type: ignore[arg-type]
    if found is None:
        raise Http404
    form = SoftwareEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case pour confirmer la fin de l'autorisation."))
        return redirect("b2b:establishment_software")
    try:
        software_authorization_end(user=request.user, authorization=found, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Autorisation terminée : ce logiciel ne transmet plus de demande pour "
                "l'installation %(number)s."
            )
            % {"number": found.installation.number},
        )
    return redirect("b2b:establishment_software")
