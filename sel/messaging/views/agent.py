"""Pages of the Régie's agents in the secure messaging: the queue of threads and closing one. An
agent reads and answers a thread on the thread page (views/professional.py), which its access check
opens to both."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sel.accounts.gates import agent_required
from sel.accounts.models import User
from sel.messaging import services
from sel.messaging.access import access_thread_by_id
from sel.messaging.forms.agent import AgentComposeForm
from sel.messaging.forms.professional import SearchForm
from sel.messaging.models import Status
from sel.messaging.selectors import queue_threads, reads_as_agent
from sel.messaging.views.professional import sent_to_thread


@agent_required("messaging.handle_messages")
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    status = request.GET.get("etat", "")
    threads = queue_threads(request.user, status=status, search=query)  # type: ignore[arg-type]
    return render(
        request,
        "messaging/queue.html",
        {
            "threads": threads,
            "search": search,
            "query": query,
            "status": status,
            "statuses": Status.choices,
        },
    )


@login_required
@require_POST
def thread_close(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access_thread_by_id(request.user, thread_id)
    if not reads_as_agent(request.user, thread):
        raise Http404
    services.thread_close(thread=thread, agent=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, _("L'échange est fermé."))
    return redirect("messaging:queue")


@agent_required("messaging.handle_messages")
@require_http_methods(["GET", "POST"])
def agent_compose(request: HttpRequest) -> HttpResponse:
    """Seed 002 « bidirectionnelles »: an agent opens a thread with a professional."""
    form = AgentComposeForm(
        request.POST or None, request.FILES or None, agent=cast(User, request.user)
    )
    if request.method == "POST" and form.is_valid():
        sent = sent_to_thread(
            request,
            form,
            lambda: services.thread_open_by_agent(
                agent=cast(User, request.user),
                professional=form.cleaned_data["professional"],
                subject=form.cleaned_data["subject"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                request=request,
            ),
            done=_("Votre message a été transmis au professionnel."),
        )
        if sent is not None:
            return sent
    return render(request, "messaging/agent_compose.html", {"form": form})
