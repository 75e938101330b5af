"""Only the author, the prescriber an assistant writes for, and the agents of the thread's team
read a thread and its attachments; everyone else gets the same not-found as a missing thread."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sel.accounts.models import Role, User
from sel.messaging.models import Attachment, Thread
from sel.messaging.services import thread_open
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import DelegationFactory
from tests.factories.messaging import messaging_agent
from tests.messaging.conftest import PDF_BYTES, open_thread, upload

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def stranger_professional() -> User:
    return UserFactory(role=Role.PHARMACIST)


def agent_of_another_team() -> User:
    return messaging_agent(teams=["facturation"])


def agent_without_the_permission() -> User:
    agent = UserFactory(role=Role.AGENT, is_staff=True)
    from sel.messaging.models import Team

    Team.objects.get(code="services-en-ligne").members.add(agent)
    return agent


def team_member_who_is_not_staff() -> User:
    user = messaging_agent(teams=["services-en-ligne"])
    user.is_staff = False
    user.save()
    return user


def team_member_who_is_not_an_agent() -> User:
    user = messaging_agent(teams=["services-en-ligne"])
    user.role = Role.PHARMACIST
    user.save()
    return user


def superuser_outside_the_team() -> User:
    return UserFactory(role=Role.AGENT, is_staff=True, is_superuser=True)


def assistant_not_named_on_the_thread() -> User:
    return UserFactory(role=Role.ADMIN_ASSISTANT)


FORBIDDEN: list[Callable[[], User]] = [
    stranger_professional,
    agent_of_another_team,
    agent_without_the_permission,
    team_member_who_is_not_staff,
    team_member_who_is_not_an_agent,
    superuser_outside_the_team,
    assistant_not_named_on_the_thread,
]


@pytest.fixture
def thread(pharmacist: User) -> Thread:
    return open_thread(pharmacist, files=(upload("f.pdf", PDF_BYTES),))


def answer(client: Client, url: str) -> tuple[int, str]:
    """Status and body, without the requested path (echoed by the language switch) and the CSRF
    tokens (masked afresh for every response)."""
    response = client.get(url)
    body = CSRF_TOKEN.sub("TOKEN", response.content.decode().replace(url, "URL"))
    return response.status_code, body


def missing_answers(client: Client) -> list[tuple[int, str]]:
    urls = [
        reverse("messaging:thread", args=[999999]),
        reverse("messaging:attachment", args=[999999]),
    ]
    return [answer(client, url) for url in urls]


@pytest.mark.parametrize("make_reader", FORBIDDEN, ids=lambda f: f.__name__)
def test_a_forbidden_reader_gets_the_same_not_found_as_a_missing_thread(
    client: Client, thread: Thread, make_reader: Callable[[], User]
) -> None:
    login(client, make_reader())
    attachment = Attachment.objects.get(message__thread=thread)
    forbidden = [
        answer(client, reverse("messaging:thread", args=[thread.pk])),
        answer(client, reverse("messaging:attachment", args=[attachment.pk])),
    ]
    assert forbidden == missing_answers(client)
    assert all(status == 404 for status, _body in missing_answers(client))
    for url in ("thread", "thread_close", "thread_archive"):
        response = client.post(reverse(f"messaging:{url}", args=[thread.pk]), {"body": "Intrus"})
        assert response.status_code == 404
    assert thread.messages.count() == 1


@pytest.mark.parametrize("make_reader", FORBIDDEN, ids=lambda f: f.__name__)
def test_a_forbidden_reader_does_not_find_the_thread_by_searching(
    client: Client, thread: Thread, make_reader: Callable[[], User]
) -> None:
    reader = make_reader()
    login(client, reader)
    response = client.get(reverse("messaging:inbox"), {"q": "technicien"}, follow=True)
    assert "Accès de mon technicien" not in response.content.decode()


def test_the_author_and_a_team_agent_read_the_thread_and_its_attachment(
    client: Client, thread: Thread, pharmacist: User, agent: User
) -> None:
    attachment = Attachment.objects.get(message__thread=thread)
    for reader in (pharmacist, agent):
        login(client, reader)
        assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 200
        assert client.get(reverse("messaging:attachment", args=[attachment.pk])).status_code == 200


def test_an_assistant_writes_for_the_prescriber_who_delegated_and_both_read_it(
    client: Client, subject: Any
) -> None:
    delegation = DelegationFactory(prescriber__username="IP100777")
    assistant, prescriber = delegation.assistant, delegation.prescriber
    login(client, assistant)
    compose = client.get(reverse("messaging:compose")).content.decode()
    assert f"({prescriber.username})" in compose
    client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "on_behalf_of": prescriber.pk,
            "title": "Pour le Dr",
            "body": "Question pour mon prescripteur",
        },
    )
    thread = Thread.objects.get()
    assert thread.author == assistant and thread.on_behalf_of == prescriber
    for reader in (assistant, prescriber):
        login(client, reader)
        assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 200
        assert "Pour le Dr" in client.get(reverse("messaging:inbox")).content.decode()


def test_an_ended_delegation_no_longer_lets_the_assistant_name_the_prescriber(
    client: Client, subject: Any
) -> None:
    from django.utils import timezone

    delegation = DelegationFactory(ended_at=timezone.now())
    with pytest.raises(ValidationError):
        thread_open(
            author=delegation.assistant,
            subject=subject,
            title="t",
            body="b",
            on_behalf_of=delegation.prescriber,
        )
    login(client, delegation.assistant)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "on_behalf_of": delegation.prescriber.pk,
            "title": "t",
            "body": "b",
        },
    )
    assert (
        response.status_code == 302
    )  # the field is not offered: the message is the assistant's own
    assert Thread.objects.get().on_behalf_of is None


def test_an_assistant_cannot_name_a_prescriber_they_do_not_work_for(subject: Any) -> None:
    assistant = UserFactory(role=Role.ADMIN_ASSISTANT)
    prescriber = UserFactory(role=Role.PRESCRIBER, username="IP100778")
    with pytest.raises(ValidationError, match="auprès duquel vous travaillez"):
        thread_open(author=assistant, subject=subject, title="t", body="b", on_behalf_of=prescriber)
    assert Thread.objects.count() == 0


def test_an_agent_who_leaves_the_team_no_longer_reads_its_threads(
    client: Client, thread: Thread, agent: User
) -> None:
    agent.messaging_teams.clear()
    login(client, agent)
    assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404


def test_an_agent_whose_permission_is_withdrawn_no_longer_reads(
    client: Client, thread: Thread, agent: User
) -> None:
    agent.user_permissions.remove(Permission.objects.get(codename="handle_messages"))
    login(client, agent)
    assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
