"""Read queries of the secure messaging, already filtered by who is asking (STYLE.md §1)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from sel.accounts.models import Role, User
from sel.exception_drugs.selectors import prescribers_delegating_to
from sel.messaging.models import Message, Status, Thread, ThreadState


def is_messaging_agent(user: User | AnonymousUser) -> bool:
    """An agent of the Régie: role AGENT, staff, and this app's permission."""
    return bool(user.is_authenticated and user.is_agent_with("messaging.handle_messages"))


def is_participant(user: User | AnonymousUser, thread: Thread) -> bool:
    return user.pk in (thread.author_id, thread.on_behalf_of_id)


def reads_as_agent(user: User | AnonymousUser, thread: Thread) -> bool:
    """The reader is an agent of the thread's team (not one of its professionals)."""
    return not is_participant(user, thread) and is_messaging_agent(user)


def _own(user: User | AnonymousUser) -> Q:
    """The threads a professional wrote, or that an assistant wrote for them."""
    return Q(author=user) | Q(on_behalf_of=user)


def threads_visible_to(user: User | AnonymousUser) -> QuerySet[Thread]:
    """Seed 002 « Communications bidirectionnelles sécurisées »: a thread is read by its author,
    the prescriber an assistant wrote for, and the agents of its team; nobody else."""
    if not user.is_authenticated or not user.is_active:
        return Thread.objects.none()
    visible = _own(user)
    if is_messaging_agent(user):
        visible |= Q(team__in=user.messaging_teams.values("pk"))
    return Thread.objects.filter(visible)


def _with_reader_state(threads: QuerySet[Thread], user: User) -> QuerySet[Any]:
    """Each thread with ``unread`` (messages from the other side since this reader last looked)
    and ``my_archived_at``."""
    state = ThreadState.objects.filter(thread=OuterRef("pk"), user=user)
    other_side = Q(messages__from_regie=not is_messaging_agent(user))
    return threads.annotate(
        my_last_read=Subquery(state.values("last_read_at")[:1]),
        my_archived_at=Subquery(state.values("archived_at")[:1]),
    ).annotate(
        unread=Count(
            "messages",
            filter=other_side
            & (Q(my_last_read__isnull=True) | Q(messages__created_at__gt=F("my_last_read"))),
        )
    )


def _matching(threads: QuerySet[Thread], search: str) -> QuerySet[Thread]:
    search = search.strip()
    if not search:
        return threads
    in_body = Message.objects.filter(thread=OuterRef("pk"), body__icontains=search)
    return threads.filter(Q(title__icontains=search) | Exists(in_body))


def inbox_threads(user: User, *, archived: bool = False, search: str = "") -> QuerySet[Any]:
    """A professional's own threads with their unread counts; archived ones apart."""
    own = Thread.objects.filter(_own(user))
    threads = _with_reader_state(_matching(own, search), user)
    return (
        threads.filter(my_archived_at__isnull=not archived)
        .select_related("subject", "author", "on_behalf_of")
        .order_by("-last_message_at", "-pk")
    )


def unread_total(user: User | AnonymousUser) -> int:
    """Messages from the Régie the professional has not opened yet, all threads together."""
    if not user.is_authenticated:
        return 0
    threads = _with_reader_state(Thread.objects.filter(_own(user)), user)
    return sum(t.unread for t in threads)


def queue_threads(user: User, *, status: str = "", search: str = "") -> QuerySet[Any]:
    """An agent's queue: threads of the agent's teams, those waiting for the Régie first."""
    if not is_messaging_agent(user):
        return Thread.objects.none()
    threads = Thread.objects.filter(team__in=user.messaging_teams.values("pk"))
    if status in Status.values:
        threads = threads.filter(status=status)
    else:
        threads = threads.exclude(status=Status.CLOSED)
    threads = _with_reader_state(_matching(threads, search), user)
    return threads.select_related("subject", "team", "author").order_by("last_message_at", "pk")


def team_agents(thread: Thread) -> list[User]:
    """The agents who are told of a new message in the thread."""
    return [u for u in thread.team.members.filter(is_active=True) if is_messaging_agent(u)]


def prescribers_assisted_by(user: User) -> QuerySet[User]:
    """Seed 000: the prescribers an administrative assistant works for (« travaillant auprès d'un
    prescripteur autorisé »): those whose delegation to the assistant is in force today."""
    if not user.is_authenticated or user.role != Role.ADMIN_ASSISTANT:
        return User.objects.none()
    return User.objects.filter(
        pk__in=prescribers_delegating_to(user), role=Role.PRESCRIBER, is_active=True
    ).order_by("last_name", "first_name")


def thread_archived_for(user: User, thread: Thread) -> bool:
    return ThreadState.objects.filter(thread=thread, user=user, archived_at__isnull=False).exists()
