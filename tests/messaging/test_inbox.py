"""The professional's threads: unread counts, replies, search in one's own messages, archives;
nothing is ever deleted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.messaging.models import Message, Thread
from sel.messaging.selectors import inbox_threads, unread_total
from sel.messaging.services import message_send
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.messaging.conftest import open_thread

pytestmark = pytest.mark.django_db


def test_unread_counts_the_regies_replies_until_the_thread_is_opened(
    client: Client, pharmacist: User, agent: User
) -> None:
    thread = open_thread(pharmacist)
    assert unread_total(pharmacist) == 0  # one's own message is not unread
    message_send(thread=thread, sender=agent, body="Première réponse")
    message_send(thread=thread, sender=agent, body="Précision")
    assert unread_total(pharmacist) == 2
    login(client, pharmacist)
    html = client.get(reverse("messaging:inbox")).content.decode()
    assert "2 non lus" in html
    page = client.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "Première réponse" in page and "Précision" in page
    assert unread_total(pharmacist) == 0
    assert "non lu" not in client.get(reverse("messaging:inbox")).content.decode()


def test_the_agents_unread_counts_the_professionals_messages(pharmacist: User, agent: User) -> None:
    thread = open_thread(pharmacist)
    message_send(thread=thread, sender=pharmacist, body="Et aussi...")
    queue = list(inbox_threads(agent))
    assert queue == []  # an agent has no inbox of their own
    from sel.messaging.selectors import queue_threads

    assert [t.unread for t in queue_threads(agent)] == [2]


def test_search_finds_words_in_titles_and_bodies_of_ones_own_messages(
    client: Client, pharmacist: User, agent: User
) -> None:
    mine = open_thread(pharmacist, title="Formulaire 4313", body="Pour mon technicien")
    message_send(thread=mine, sender=agent, body="Utilisez la section 2 du formulaire")
    open_thread(pharmacist, title="Facture", body="Paiement en retard")
    someone_else = UserFactory(role="pharmacist")
    open_thread(someone_else, title="Section 2 aussi", body="Autre pharmacie")
    login(client, pharmacist)
    html = client.get(reverse("messaging:inbox"), {"q": "section 2"}).content.decode()
    assert "Formulaire 4313" in html
    assert "Facture" not in html and "Section 2 aussi" not in html
    html = client.get(reverse("messaging:inbox"), {"q": "rien de tel"}).content.decode()
    assert "Aucun de vos messages ne contient ce texte" in html


def test_archiving_moves_the_thread_to_archives_and_never_deletes_it(
    client: Client, pharmacist: User
) -> None:
    thread = open_thread(pharmacist)
    login(client, pharmacist)
    client.post(reverse("messaging:thread_archive", args=[thread.pk]))
    assert "Accès de mon technicien" not in client.get(reverse("messaging:inbox")).content.decode()
    archives = client.get(reverse("messaging:inbox"), {"archives": "1"}).content.decode()
    assert "Accès de mon technicien" in archives
    assert Thread.objects.filter(pk=thread.pk).exists() and Message.objects.count() == 1
    client.post(reverse("messaging:thread_archive", args=[thread.pk]), {"restore": "1"})
    assert "Accès de mon technicien" in client.get(reverse("messaging:inbox")).content.decode()
    actions = list(
        AuditEvent.objects.filter(action__startswith="message.thread_").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["message.thread_opened", "message.thread_archived", "message.thread_restored"]
    )


def test_the_application_cannot_delete_messages(pharmacist: User) -> None:
    """No view, service or admin deletes a thread; the database refuses to cascade."""
    from django.contrib import admin
    from django.db.models import ProtectedError

    thread = open_thread(pharmacist)
    assert Thread not in admin.site._registry and Message not in admin.site._registry
    with pytest.raises(ProtectedError):
        pharmacist.delete()
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_the_inbox_needs_a_login(client: Client) -> None:
    assert client.get(reverse("messaging:inbox")).status_code == 302


def test_the_messaging_link_is_in_the_navigation(client: Client, pharmacist: User) -> None:
    login(client, pharmacist)
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("messaging:inbox")}">Messagerie</a>' in html
