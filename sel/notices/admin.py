from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sel.notices.models import Newsletter
from sel.notices.services import newsletter_publish, newsletter_save, newsletter_withdraw


class NewsletterAdminForm(forms.ModelForm[Newsletter]):
    """What staff write carries a number and a date (only the seed documents lack them)."""

    class Meta:
        model = Newsletter
        fields = [
            "number",
            "issued_on",
            "audience",
            "title_fr",
            "title_en",
            "body_fr",
            "body_en",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = True
        self.fields["issued_on"].required = True
        self.fields["number"].widget.attrs["pattern"] = r"\d{3}"

    def clean_number(self) -> str:
        number = str(self.cleaned_data["number"]).strip()
        if not (len(number) == 3 and number.isdigit()):
            raise forms.ValidationError(_("Le numéro compte trois chiffres, par exemple 045."))
        return number


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin[Newsletter]):
    form = NewsletterAdminForm
    list_display = ("number", "issued_on", "title_fr", "audience", "published_at")
    list_filter = ("audience", ("published_at", admin.EmptyFieldListFilter))
    search_fields = ("number", "title_fr", "title_en")
    actions = ["publish", "withdraw"]

    def save_model(self, request: HttpRequest, obj: Newsletter, form: Any, change: bool) -> None:
        newsletter_save(newsletter=obj, actor=request.user, request=request)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Newsletter | None = None) -> bool:
        return False  # withdrawn, never deleted: the audit trail keeps pointing at it

    @admin.action(description=_("Publier les infolettres choisies"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Newsletter]) -> None:
        for newsletter in queryset:
            newsletter_publish(newsletter=newsletter, actor=request.user, request=request)  # type: ignore[arg-type]
        self.message_user(request, _("Infolettres publiées."), messages.SUCCESS)

    @admin.action(description=_("Retirer les infolettres choisies"), permissions=["publish"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Newsletter]) -> None:
        for newsletter in queryset:
            newsletter_withdraw(newsletter=newsletter, actor=request.user, request=request)  # type: ignore[arg-type]
        self.message_user(request, _("Infolettres retirées."), messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("notices.publish_newsletter"))
