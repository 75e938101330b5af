"""Pages of the Régie's agents in the secure messaging: the queue of threads and closing one. An
agent reads and answers a thread on the thread page (views/professional.py), which its access check
opens to both."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sel.accounts.gates import agent_required
from sel.messaging import services
from sel.messaging.access import access_thread_by_id
from sel.messaging.forms.professional import SearchForm
from sel.messaging.models import Status
from sel.messaging.selectors import queue_threads, reads_as_agent


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
