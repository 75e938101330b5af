"""Accounts in the staff console. Nothing here writes a sensitive field directly: privilege fields
(role, staff, superuser, groups, permissions) are read-only to non-superusers, and changes of the
email address, the alias, the lock or the active state go through the support services, which
check their permissions, audit, tell the user and end the account's sessions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.accounts.services import support as services_support
from sel.audit.events import Action
from sel.audit.services import record

PRIVILEGE_FIELDS = ("role", "is_staff", "is_superuser", "groups", "user_permissions")
# What the console shows of an account and never writes: its locks, password clocks and logins.
STATE_FIELDS = (
    "locked_at",
    "lock_reason",
    "must_change_password",
    "must_set_questions",
    "temporary_password_expires_at",
    "temporary_password_used_at",
    "password_changed_at",
    "last_login",
    "date_joined",
)
ALWAYS_READ_ONLY = ("username", *STATE_FIELDS)
# Changes made by a service (field → its permission), never written by the form.
THROUGH_SERVICES = {
    "email": "accounts.change_user",
    "alias": "accounts.change_user",
    "locked": "accounts.support_unlock_account",
    "is_active": "accounts.support_disable_account",
}


class UserAdminForm(forms.ModelForm[User]):
    locked = forms.BooleanField(label=_("verrouillé"), required=False)
    reason = forms.CharField(
        label=_("Motif (obligatoire pour changer l'adresse, l'alias, le verrouillage ou l'état)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actor: ClassVar[Any] = None  # set per request by UserAdmin.get_form
    request: ClassVar[HttpRequest | None] = None

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "email",
            "alias",
            "language",
            "practice_number",
            "is_active",
            *PRIVILEGE_FIELDS,
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["locked"].initial = self.instance.is_locked

    def service_changes(self) -> list[str]:
        return [name for name in THROUGH_SERVICES if name in self.changed_data]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        changes = self.service_changes()
        if changes and len(cleaned.get("reason", "").strip()) < 5:
            self.add_error(
                "reason", _("Indiquez le motif de ce changement (5 caractères ou plus).")
            )
        for name in changes:
            permission = THROUGH_SERVICES[name]
            refusal = services_support.support_refusal(
                actor=self.actor, user=self.instance, permission=permission
            )
            if refusal:
                record(
                    action=Action.AUTHORIZATION_REFUSED,
                    actor=self.actor,
                    target=self.instance,
                    request=self.request,
                    details={"reason": refusal, "permission": permission, "field": name},
                )
                self.add_error(name, _("Vous n'avez pas la permission de faire ce changement."))
        return cleaned


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    form = UserAdminForm
    list_display = ("username", "last_name", "first_name", "role", "email", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "last_name", "first_name", "email")
    fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "alias",
        "language",
        "practice_number",
        "role",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "is_active",
        "locked",
        *STATE_FIELDS,
        "reason",
    )
    filter_horizontal = ("groups", "user_permissions")

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        if getattr(request.user, "is_superuser", False):
            return ALWAYS_READ_ONLY
        return ALWAYS_READ_ONLY + PRIVILEGE_FIELDS

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user, "request": request})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # accounts come from access requests, PINs and account_create, which audit

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False  # disabled, never deleted: the audit trail keeps pointing at them

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Only a superuser changes a superuser's account."""
        if (
            obj is not None
            and obj.is_superuser
            and not getattr(request.user, "is_superuser", False)
        ):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """The plain fields are saved here; the service fields are put back as they were and
        changed by their services; privilege changes (superusers only) are audited."""
        original = User.objects.get(pk=obj.pk)
        for name in ("email", "alias", "is_active"):
            setattr(obj, name, getattr(original, name))
        plain = [
            name
            for name in form.changed_data
            if name in form.base_fields
            and name not in THROUGH_SERVICES
            and name not in ("reason", "groups", "user_permissions")
        ]
        if plain:
            obj.save(update_fields=plain)
        actor: User = request.user  # type: ignore[assignment]
        data, reason = form.cleaned_data, form.cleaned_data.get("reason", "")
        common = {"user": obj, "actor": actor, "reason": reason, "request": request}
        if "email" in form.changed_data:
            services_support.account_email_change(email=data["email"], **common)
        if "alias" in form.changed_data:
            services_support.account_alias_change(alias=data["alias"], **common)
        if "locked" in form.changed_data:
            if data["locked"]:
                services_support.account_lock_by_support(**common)
            else:
                services_support.account_unlock_by_support(**common)
        if "is_active" in form.changed_data:
            if data["is_active"]:
                services_support.account_enable(**common)
            else:
                services_support.account_disable(**common)
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        privileges = [name for name in PRIVILEGE_FIELDS if name in form.changed_data]
        if privileges:
            record(
                action=Action.ACCOUNT_PRIVILEGES_CHANGED,
                actor=request.user,
                target=form.instance,
                request=request,
                details={"fields": privileges, "reason": form.cleaned_data.get("reason", "")},
            )
