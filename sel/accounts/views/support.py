"""Support-centre tools for the Régie's agents (seed 002): find an account, unlock it, issue a
temporary password, clear the secret questions, disable or re-enable it, email a forgotten
username, reset the second factor, issue a registration PIN. Each action needs its permission and
a reason, and writes an audit event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sel.accounts import selectors
from sel.accounts.forms.support import PinForm
from sel.accounts.gates import agent_required
from sel.accounts.models import User
from sel.accounts.services import support as services_support
from sel.audit.events import Action
from sel.core.forms import AccessibleFormMixin
from sel.core.rules import Decision, decision_post


class ReasonForm(AccessibleFormMixin, forms.Form):
    action = forms.ChoiceField(
        choices=lambda: [(name, name) for name in DECISIONS], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif (vérification d'identité faite, appel, etc.)"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _support(
    service: Callable[..., None], *, action: str, permission: str, label: Any, done: Any
) -> Decision:
    """A support decision: a reason, then the service (which checks ``permission`` itself)."""
    return Decision(
        form=ReasonForm,
        service=service,
        action=action,
        fields=("reason",),
        done=done,
        label=label,
        permission=permission,
    )


# The support centre's decisions on an account: one table, one shape for every app
# (sel.core.rules.Decision).
DECISIONS: dict[str, Decision] = {
    "unlock": _support(
        services_support.account_unlock_by_support,
        action=Action.ACCOUNT_UNLOCKED,
        permission="accounts.support_unlock_account",
        label=gettext_lazy("Déverrouiller le compte"),
        done=gettext_lazy("Le compte est déverrouillé."),
    ),
    "temporary_password": _support(
        services_support.support_temporary_password_issue,
        action=Action.TEMPORARY_PASSWORD_ISSUED,
        permission="accounts.support_issue_temporary_password",
        label=gettext_lazy("Envoyer un mot de passe temporaire"),
        done=gettext_lazy("Un mot de passe temporaire a été envoyé à l'adresse du compte."),
    ),
    "clear_questions": _support(
        services_support.secret_questions_clear,
        action=Action.QUESTIONS_CLEARED,
        permission="accounts.support_clear_questions",
        label=gettext_lazy("Effacer les questions secrètes"),
        done=gettext_lazy("Les questions secrètes sont effacées."),
    ),
    "disable": _support(
        services_support.account_disable,
        action=Action.ACCOUNT_DISABLED,
        permission="accounts.support_disable_account",
        label=gettext_lazy("Désactiver le compte"),
        done=gettext_lazy("Le compte est désactivé; ses sessions sont fermées."),
    ),
    "enable": _support(
        services_support.account_enable,
        action=Action.ACCOUNT_ENABLED,
        permission="accounts.support_disable_account",
        label=gettext_lazy("Réactiver le compte"),
        done=gettext_lazy("Le compte est réactivé."),
    ),
    "send_username": _support(
        services_support.username_send,
        action=Action.USERNAME_SENT,
        permission="accounts.support_send_username",
        label=gettext_lazy("Envoyer le nom d'utilisateur oublié"),
        done=gettext_lazy("Le nom d'utilisateur a été envoyé à l'adresse du compte."),
    ),
    "reset_second_factor": _support(
        services_support.second_factor_reset,
        action=Action.SECOND_FACTOR_DISABLED,
        permission="accounts.support_reset_second_factor",
        label=gettext_lazy("Retirer le deuxième facteur"),
        done=gettext_lazy(
            "Le deuxième facteur est retiré; l'utilisateur en configurera un nouveau."
        ),
    ),
}


@agent_required("accounts.support_view_account")
def support_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = list(
            User.objects.filter(
                Q(username__iexact=query)
                | Q(alias__iexact=query)
                | Q(email__iexact=query)
                | Q(last_name__icontains=query)
                | Q(practice_number=query)
            ).order_by("last_name", "first_name")[:50]
        )
    return render(
        request,
        "accounts/support/search.html",
        {"query": query, "results": results, "pin_form": PinForm()},
    )


@agent_required("accounts.support_view_account")
def support_account(request: HttpRequest, pk: int) -> HttpResponse:
    agent: User = request.user  # type: ignore[assignment]
    account = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = DECISIONS[form.cleaned_data["action"]]
        # The service checks its permission (and the stronger one on a staff account) itself,
        # records a refusal and raises PermissionDenied: a 403.
        if decision_post(request, chosen, form, user=account, actor=agent).done:
            return redirect("accounts:support_account", pk=account.pk)
    actions = [
        (name, chosen.label, ReasonForm(initial={"action": name}, auto_id=f"id_{name}_%s"))
        for name, chosen in DECISIONS.items()
        if not services_support.support_refusal(
            actor=agent, user=account, permission=chosen.permission
        )
    ]
    return render(
        request,
        "accounts/support/account.html",
        {
            "account": account,
            "form": form,
            "actions": actions,
            "events": selectors.security_events_for(account),
            "question_count": account.secret_answers.count(),
        },
    )


@require_POST
@agent_required("accounts.support_issue_pin")
def support_pin_issue(request: HttpRequest) -> HttpResponse:
    agent: User = request.user  # type: ignore[assignment]
    form = PinForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services_support.registration_pin_issue(
            practice_number=data["practice_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            language=data["language"],
            profession=data["profession"],
            actor=agent,
            reason=data["reason"],
            request=request,
        )
        messages.success(request, _("Un NIP a été envoyé au professionnel."))
        return redirect("accounts:support_search")
    return render(
        request,
        "accounts/support/search.html",
        {"query": "", "results": [], "pin_form": form},
        status=200,
    )
