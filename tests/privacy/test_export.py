"""The person downloads their export: each app's part is in it, with only what that person may
see (the selectors decide for health data), and nobody else's section."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, FormVersion, Signature
from sel.accounts.models import Role, User
from sel.messaging.models import Subject
from sel.messaging.services import message_send, thread_open
from tests.conftest import login
from tests.factories import (
    DelegationFactory,
    ExceptionRequestFactory,
    UserFactory,
    grant_exception_drugs,
    messaging_agent,
)

pytestmark = pytest.mark.django_db


def download(client: Client, user: User) -> tuple[dict[str, Any], str]:
    login(client, user)
    response = client.post("/vie-privee/mes-renseignements/telecharger/")
    assert response.status_code == 200
    text = response.content.decode()
    return json.loads(text), text


def prescriber(**fields: Any) -> User:
    user = UserFactory(role=Role.PRESCRIBER, **fields)
    grant_exception_drugs(user)
    return user


def test_a_prescriber_gets_their_requests_as_the_request_page_shows_them_without_the_nam(
    client: Client,
) -> None:
    me = prescriber()
    mine = ExceptionRequestFactory(prescriber=me, justification="Échec du méthotrexate")
    ExceptionRequestFactory(justification="Demande d'un autre prescripteur")
    data, text = download(client, me)
    assert [entry["reference"] for entry in data["exception_requests"]] == [mine.reference]
    entry = data["exception_requests"][0]
    assert entry["justification"] == "Échec du méthotrexate"
    assert entry["drug"]["din"] == mine.drug.din
    assert entry["history"][0]["to"] == "in_processing"
    assert "autre prescripteur" not in text
    assert mine.insured_person.nam not in text
    assert mine.insured_person.last_name not in text


def test_an_assistant_gets_the_requests_of_a_delegation_in_force_and_no_more_once_it_ends(
    client: Client,
) -> None:
    boss = prescriber(first_name="Hélène", last_name="Dubé")
    assistant = UserFactory(role=Role.ADMIN_ASSISTANT)
    grant_exception_drugs(assistant)
    delegation = DelegationFactory(prescriber=boss, assistant=assistant)
    followed = ExceptionRequestFactory(prescriber=boss)
    data, _ = download(client, assistant)
    assert [entry["reference"] for entry in data["exception_requests"]] == [followed.reference]
    assert data["delegations"][0]["role"] == "assistant"
    assert data["delegations"][0]["with"]["name"] == "Hélène Dubé"

    delegation.ended_at = timezone.now()
    delegation.save()
    data, _ = download(client, assistant)
    assert data["exception_requests"] == []
    assert data["delegations"][0]["ended_at"] is not None


def test_without_the_service_granted_no_request_goes_out(client: Client) -> None:
    me = UserFactory(role=Role.PRESCRIBER)  # no grant: the selectors show nothing
    ExceptionRequestFactory(prescriber=me)
    data, _ = download(client, me)
    assert data["exception_requests"] == []


def test_a_professional_gets_their_threads_with_the_regies_replies_unsigned_by_the_agent(
    client: Client,
) -> None:
    me = UserFactory(role=Role.PHARMACIST)
    agent = messaging_agent(teams=["services-en-ligne"], first_name="Agent", last_name="Secret")
    thread = thread_open(
        author=me,
        subject=Subject.objects.get(code="online-services-access"),
        title="Accès de mon technicien",
        body="Mon technicien peut-il consulter?",
    )
    message_send(thread=thread, sender=agent, body="Oui, avec son propre compte.")
    data, text = download(client, me)
    [exported] = data["messages"]["threads"]
    assert exported["title"] == "Accès de mon technicien"
    assert [m["body"] for m in exported["messages"]] == [
        "Mon technicien peut-il consulter?",
        "Oui, avec son propre compte.",
    ]
    assert exported["messages"][1]["from"] == "Régie"
    assert "Secret" not in text

    agent_data, _ = download(Client(), agent)
    assert agent_data["messages"]["threads"] == []
    assert [m["body"] for m in agent_data["messages"]["written_in_other_threads"]] == [
        "Oui, avec son propre compte."
    ]
    assert agent_data["messaging_teams"] == ["services-en-ligne"]


def test_each_person_of_an_access_request_gets_their_own_section_only(client: Client) -> None:
    # Named as in the request: a random surname could be the other person's (Gagnon, Tremblay).
    user = UserFactory(
        first_name="Julie", last_name="Tremblay", email="julie.tremblay@exemple.qc.ca"
    )
    authorizer = UserFactory(
        first_name="Marc", last_name="Gagnon", email="marc.gagnon@pharmacie.qc.ca"
    )
    access_request = AccessRequest.objects.create(
        reference="DA-TEST-1",
        form_version=FormVersion.objects.filter(form_type__code="4313").first(),
        user_last_name="Tremblay",
        user_phone="418 643-8210",
        user_email="Julie.Tremblay@exemple.qc.ca",
        auth_last_name="Gagnon",
        auth_phone="514 555-0199",
        auth_email="marc.gagnon@pharmacie.qc.ca",
    )
    Signature.objects.create(
        access_request=access_request, role=Signature.Role.USER, kind=Signature.Kind.DRAWN,
        content_hash="0" * 64, signer_address="192.0.2.10",
    )  # fmt: skip
    data, text = download(client, user)
    [entry] = data["access_requests"]
    assert entry["role"] == "user" and entry["user_phone"] == "418 643-8210"
    assert entry["signatures"][0]["signer_address"] == "192.0.2.10"
    assert "514 555-0199" not in text and "Gagnon" not in text

    data, text = download(Client(), authorizer)
    [entry] = data["access_requests"]
    assert entry["role"] == "authorizer" and entry["auth_phone"] == "514 555-0199"
    assert entry["signatures"] == []
    assert "418 643-8210" not in text and "Tremblay" not in text
