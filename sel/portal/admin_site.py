"""The staff console (``/gestion/``, Django's admin) has no door of its own: people log in at the
portal's login (password, throttles, second factor), and the console lets through only a staff
account that is active, unlocked and whose session passed the second factor."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from sel.accounts.gates import authorization_refused_record, staff_refusal

CONSOLE = "console"  # the "permission" named in the audit rows of the console's refusals


class SelAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Staff, active, unlocked, and a session that passed the second factor."""
        return not staff_refusal(request, agent=False)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Every console page: anonymous visitors go to the portal's login; any other refusal,
        and any permission a page refuses, writes an audit row and answers 403."""

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            reason = staff_refusal(request, agent=False)
            if reason == "anonymous":
                return redirect_to_login(request.get_full_path())
            if reason:
                authorization_refused_record(request, reason=reason, permission=CONSOLE)
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                authorization_refused_record(request, reason="permission", permission=CONSOLE)
                raise

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """No password is checked here: the portal's login is the only one (``next`` kept)."""
        target = request.GET.get("next") or request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index", current_app=self.name)
        return redirect_to_login(target)

    def logout(  # type: ignore[override]  # a redirect, not a TemplateResponse
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        """The portal's logout (POST only), which records it."""
        from sel.accounts.views.public import logout_view

        return logout_view(request)

    def password_change(  # type: ignore[override]  # a redirect, not a TemplateResponse
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        """The portal's page keeps the history, tells the user and ends the other sessions."""
        return HttpResponseRedirect(reverse("accounts:password_change"))

    def password_change_done(  # type: ignore[override]  # a redirect, not a TemplateResponse
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("accounts:password_change"))
