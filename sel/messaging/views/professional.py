from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sel.accounts.models import User
from sel.core.uploads import stored_file_response
from sel.messaging import services
from sel.messaging.access import access_attachment_by_id, access_thread_by_id
from sel.messaging.forms.professional import ComposeForm, ReplyForm, SearchForm
from sel.messaging.models import Thread
from sel.messaging.selectors import (
    inbox_threads,
    is_messaging_agent,
    reads_as_agent,
    thread_archived_for,
)


def _field_of(error: ValidationError, form: forms.Form) -> str | None:
    """The field a refusal of the services belongs to, so that it shows next to it."""
    code = getattr(error, "code", None)
    if code in {"storage_quota", "storage_full"}:
        return "attachments"
    if code == "not_assistant" and "on_behalf_of" in form.fields:
        return "on_behalf_of"
    if code == "not_professional" and "professional" in form.fields:
        return "professional"
    if code == "not_your_team" and "subject" in form.fields:
        return "subject"
    return None


def sent_to_thread(
    request: HttpRequest, form: forms.Form, send: Callable[[], Thread], *, done: str
) -> HttpResponse | None:
    """Send what the valid ``form`` holds (a new thread or a reply): done, the message and the
    way to the thread; refused, the service's reason beside its field and None (the page shows
    again with what was typed)."""
    try:
        thread = send()
    except ValidationError as error:
        form.add_error(_field_of(error, form), error)
        return None
    messages.success(request, done)
    return redirect("messaging:thread", thread_id=thread.pk)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if is_messaging_agent(request.user):
        return redirect("messaging:queue")
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    archived = request.GET.get("archives") == "1"
    threads = inbox_threads(request.user, archived=archived, search=query)  # type: ignore[arg-type]
    return render(
        request,
        "messaging/inbox.html",
        {"threads": threads, "search": search, "query": query, "archived": archived},
    )


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    if is_messaging_agent(request.user):
        raise Http404  # agents answer threads; they do not open them
    form = ComposeForm(request.POST or None, request.FILES or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        sent = sent_to_thread(
            request,
            form,
            lambda: services.thread_open(
                author=cast(User, request.user),
                subject=form.cleaned_data["subject"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                request=request,
            ),
            done=_("Votre message a été transmis à la Régie."),
        )
        if sent is not None:
            return sent
    return render(request, "messaging/compose.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access_thread_by_id(request.user, thread_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = sent_to_thread(
            request,
            form,
            lambda: (
                services.message_send(
                    thread=thread,
                    sender=cast(User, request.user),
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                    request=request,
                ).thread
            ),
            done=_("Votre réponse a été envoyée."),
        )
        if sent is not None:
            return sent
    thread_messages = list(thread.messages.select_related("sender").prefetch_related("attachments"))
    if request.method == "GET":
        services.thread_mark_read(thread=thread, user=request.user, request=request)  # type: ignore[arg-type]
    as_agent = reads_as_agent(request.user, thread)
    archived = not as_agent and thread_archived_for(request.user, thread)  # type: ignore[arg-type]
    return render(
        request,
        "messaging/thread.html",
        {
            "thread": thread,
            "thread_messages": thread_messages,
            "form": form,
            "as_agent": as_agent,
            "archived": archived,
        },
    )


@login_required
@require_POST
def thread_archive(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access_thread_by_id(request.user, thread_id)
    if reads_as_agent(request.user, thread):
        raise Http404
    if request.POST.get("restore") == "1":
        services.thread_restore(thread=thread, user=request.user, request=request)  # type: ignore[arg-type]
        messages.success(request, _("L'échange est de retour dans vos messages."))
    else:
        services.thread_archive(thread=thread, user=request.user, request=request)  # type: ignore[arg-type]
        messages.success(request, _("L'échange est archivé : retrouvez-le sous Archives."))
    return redirect("messaging:inbox")


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = access_attachment_by_id(request.user, attachment_id)
    services.attachment_mark_read(attachment=attachment, user=request.user, request=request)  # type: ignore[arg-type]
    return stored_file_response(
        attachment.file,
        content_type=attachment.content_type,
        download_name=attachment.original_name,
    )
