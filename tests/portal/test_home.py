"""The two home pages (issue 13, items 6 and 7): what a newcomer needs, and what waits for a
logged-in person, each count from the owning app's selector and at a bounded number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, FormType, FormVersion, ServiceCode
from sel.accounts.models import Role, User
from sel.exception_drugs.models import Status
from sel.messaging.models import Thread
from sel.messaging.services import message_send
from tests.conftest import login
from tests.factories.access import GrantFactory, OnlineServiceFactory, access_agent
from tests.factories.accounts import AgentFactory, UserFactory
from tests.factories.exception_drugs import (
    DelegationFactory,
    ExceptionRequestFactory,
    grant_exception_drugs,
)
from tests.factories.messaging import messaging_agent
from tests.factories.notices import NewsletterFactory
from tests.messaging.conftest import open_thread

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _card_count(html: str, title_id: str) -> int:
    """The number shown in the card whose heading has this id."""
    match = re.search(rf'id="{title_id}".*?class="card-count">(\d+)<', html, re.S)
    assert match, f"no card {title_id}"
    return int(match.group(1))


def _queued_access_request(*, days_ago: float) -> AccessRequest:
    """A 4313 request waiting for the Régie since ``days_ago``."""
    version = FormVersion.objects.filter(form_type__code="4313").order_by("-valid_from").first()
    assert version is not None
    return AccessRequest.objects.create(
        reference=f"SEL-T{int(days_ago * 24):06d}",
        form_version=version,
        status=AccessRequest.Status.SUBMITTED,
        received_at=timezone.now() - timedelta(days=days_ago),
        user_email="adjointe@exemple.qc.ca",
        auth_email="medecin@exemple.qc.ca",
    )


# --- the public home page -----------------------------------------------------------------------
def test_a_visitor_sees_the_three_latest_newsletters_and_the_rss_feed(client: Client) -> None:
    today = timezone.localdate()
    for days, title in ((2, "Troisième"), (1, "Deuxième"), (30, "Trop ancienne"), (0, "Dernière")):
        NewsletterFactory(title_fr=f"Infolettre {title}", issued_on=today - timedelta(days=days))
    NewsletterFactory(title_fr="Infolettre brouillon", published_at=None, issued_on=today)
    html = client.get("/").content.decode()
    shown = re.findall(r"Infolettre (Dernière|Deuxième|Troisième|Trop ancienne|brouillon)", html)
    assert shown == ["Dernière", "Deuxième", "Troisième"]
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/infos/infolettres/rss/"' in html


def test_a_visitor_sees_the_services_grouped_by_audience_each_with_its_form(
    client: Client,
) -> None:
    html = client.get("/").content.decode()
    for audience in (
        "Professionnels de la santé",
        "Pharmacies",
        "Établissements du réseau de la santé",
        "Développeurs de logiciels",
    ):
        assert re.search(rf'<h3 id="audience-[a-z-]+">{re.escape(audience)}</h3>', html)
    # Each service links to the access-request form that grants it (migrations 0003 and 0005).
    assert re.search(r'href="/acces/demande/4313/">Médicaments d&#x27;exception', html)
    assert re.search(r'href="/acces/demande/etablissements/">Autorisation des demandes', html)
    assert re.search(r'href="/acces/demande/4444/">Identité du médecin de famille', html)


def test_a_withdrawn_form_and_its_services_leave_the_public_home_page(client: Client) -> None:
    FormType.objects.filter(code="4444").update(is_active=False)
    html = client.get("/").content.decode()
    assert "/acces/demande/4444/" not in html
    assert "/acces/demande/4123/" in html


def test_a_visitor_sees_how_to_get_access_with_the_processing_dates(client: Client) -> None:
    received = _queued_access_request(days_ago=9).received_at
    assert received is not None
    text = _text(client.get("/").content.decode())
    assert "Obtenir l'accès" in text or "Obtenir l&#x27;accès" in text
    assert "Dates de traitement des demandes" in text
    assert timezone.localtime(received).strftime("%Y-%m-%d") in text
    assert "Suivre une demande déjà transmise" in text


def test_a_visitor_sees_the_support_centre_with_numbers_to_call(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "assistance aux professionnels</h2>" in html
    for tel in ("+14186439025", "+18888837427", "+14186438210", "+15148733480", "+18004634776"):
        assert f'href="tel:{tel}"' in html
    assert 'href="/infos/nous-joindre/"' in html


def test_the_public_home_page_is_in_english_too(client: Client) -> None:
    client.post("/langue/", {"language": "en", "next": "/"})
    text = _text(client.get("/").content.decode())
    for phrase in (
        "Online services by profile",
        "Pharmacies",
        "Software vendors",
        "Getting access",
        "Request processing dates",
        "Latest newsletters",
        "Professionals' Support Centre",
    ):
        assert phrase in text, phrase


def test_the_public_home_page_costs_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        NewsletterFactory()
    client.get("/")  # warm the session and the content types
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


# --- the logged-in home page --------------------------------------------------------------------
def _prescriber_with_everything_waiting() -> User:
    from sel.messaging.catalogue import messaging_catalogue_load
    from sel.messaging.models import Subject, Team

    messaging_catalogue_load(Team, Subject)
    prescriber = UserFactory(role=Role.PRESCRIBER, username="IP100501")
    grant_exception_drugs(prescriber)
    ExceptionRequestFactory(prescriber=prescriber, status=Status.AWAITING_INFORMATION)
    ExceptionRequestFactory(prescriber=prescriber, status=Status.AWAITING_INFORMATION)
    ExceptionRequestFactory(prescriber=prescriber, status=Status.IN_PROCESSING)
    ExceptionRequestFactory(status=Status.AWAITING_INFORMATION)  # another prescriber's
    agent = messaging_agent(teams=["services-en-ligne"])
    thread = open_thread(prescriber)
    message_send(thread=thread, sender=agent, body="Voici la réponse.")
    message_send(thread=thread, sender=agent, body="Et un complément.")
    soon = timezone.localdate() + timedelta(days=10)
    GrantFactory(
        user=prescriber,
        online_service=OnlineServiceFactory(name_fr="Service bientôt fini"),
        valid_until=soon,
    )
    GrantFactory(
        user=prescriber,
        online_service=OnlineServiceFactory(name_fr="Service lointain"),
        valid_until=timezone.localdate() + timedelta(days=200),
    )
    return prescriber


def test_a_prescriber_sees_unread_messages_requests_awaiting_information_and_grants_ending(
    client: Client,
) -> None:
    login(client, _prescriber_with_everything_waiting())
    html = client.get("/").content.decode()
    assert _card_count(html, "unread-title") == 2
    assert _card_count(html, "information-title") == 2
    assert _card_count(html, "ending-title") == 1
    ending = html.split('id="ending-title"')[1].split("</section>")[0]
    assert "Service bientôt fini" in ending and "Service lointain" not in ending
    assert "Vos files de travail" not in html


def test_an_assistant_counts_only_the_requests_of_prescribers_who_delegated_to_them(
    client: Client,
) -> None:
    assistant = UserFactory(role=Role.ADMIN_ASSISTANT, username="CE200501")
    grant_exception_drugs(assistant)
    delegation = DelegationFactory(assistant=assistant)
    ExceptionRequestFactory(prescriber=delegation.prescriber, status=Status.AWAITING_INFORMATION)
    ExceptionRequestFactory(status=Status.AWAITING_INFORMATION)  # a prescriber who did not
    login(client, assistant)
    assert _card_count(client.get("/").content.decode(), "information-title") == 1


def test_a_prescriber_whose_grant_was_withdrawn_sees_no_request_count(client: Client) -> None:
    prescriber = UserFactory(role=Role.PRESCRIBER)
    grant = grant_exception_drugs(prescriber)
    grant.revoked_at = timezone.now()
    grant.save()
    ExceptionRequestFactory(prescriber=prescriber, status=Status.AWAITING_INFORMATION)
    login(client, prescriber)
    # No card at all: its link would lead to a service the prescriber no longer holds.
    assert 'id="information-title"' not in client.get("/").content.decode()


def test_a_pharmacist_sees_no_count_of_requests_followed_by_prescribers(client: Client) -> None:
    pharmacist = UserFactory(role=Role.PHARMACIST)
    grant_exception_drugs(pharmacist)
    ExceptionRequestFactory(status=Status.AWAITING_INFORMATION)
    login(client, pharmacist)
    html = client.get("/").content.decode()
    assert 'id="information-title"' not in html
    assert _card_count(html, "unread-title") == 0


def test_an_agent_sees_each_of_their_queues_with_its_count_and_oldest_age(
    client: Client,
) -> None:
    from sel.messaging.catalogue import messaging_catalogue_load
    from sel.messaging.models import Subject, Team

    messaging_catalogue_load(Team, Subject)
    agent = access_agent(username="CE900501")
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["exception_drugs", "messaging"],
            codename__in=["process_exceptionrequest", "handle_messages"],
        )
    )
    Team.objects.get(code="services-en-ligne").members.add(agent)
    agent = User.objects.get(pk=agent.pk)
    _queued_access_request(days_ago=3.05)
    _queued_access_request(days_ago=12.05)
    ExceptionRequestFactory(received_at=timezone.now() - timedelta(days=5, hours=1))
    ExceptionRequestFactory(status=Status.ACCEPTED)  # decided: not in the queue
    open_thread(UserFactory(role=Role.PHARMACIST))
    Thread.objects.update(last_message_at=timezone.now() - timedelta(days=1, hours=1))
    login(client, agent)
    text = _text(client.get("/").content.decode())
    assert "Demandes d'accès à traiter 2 12 jours" in text.replace("&#x27;", "'")
    assert "Demandes d'autorisation de paiement ouvertes 1 5 jours" in text.replace("&#x27;", "'")
    assert "Messages en attente de la Régie 1 1 jour " in text


def test_an_agent_sees_only_the_queues_their_permissions_open(client: Client) -> None:
    agent = AgentFactory(support_permissions=False)
    ExceptionRequestFactory()
    login(client, agent)
    html = client.get("/").content.decode()
    assert "Vos files de travail" not in html
    assert "/medicaments-exception/regie/" not in html


def test_the_logged_in_home_page_costs_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, _prescriber_with_everything_waiting())
    client.get("/")
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_the_logged_in_home_page_is_in_english_too(client: Client) -> None:
    login(client, _prescriber_with_everything_waiting())
    client.post("/langue/", {"language": "en", "next": "/"})
    text = _text(client.get("/").content.decode())
    for phrase in ("What is waiting for you", "Unread messages", "Access ending soon"):
        assert phrase in text, phrase


def test_grants_of_another_service_code_do_not_open_the_exception_drug_count() -> None:
    """The count goes through the service check, whatever other grants the user has."""
    from sel.exception_drugs.selectors import awaiting_information_count

    prescriber = UserFactory(role=Role.PRESCRIBER)
    GrantFactory(user=prescriber, online_service=OnlineServiceFactory(code=ServiceCode.B2B_SELAT))
    ExceptionRequestFactory(prescriber=prescriber, status=Status.AWAITING_INFORMATION)
    assert awaiting_information_count(prescriber) == 0


def test_an_establishments_agent_sees_the_register_and_payment_queues_and_reaches_them(
    client: Client,
) -> None:
    from sel.establishments.models import PaymentRequest
    from tests.factories.establishments import (
        AssociationFactory,
        EstablishmentWorld,
        PaymentRequestFactory,
        establishment_grant,
        establishments_agent,
        signatory_with_grant,
    )

    world = EstablishmentWorld.build()
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    PaymentRequestFactory(
        association=association, submitted_at=timezone.now() - timedelta(days=4, hours=1)
    )
    PaymentRequestFactory(association=association, submitted_at=timezone.now())
    unassigned = PaymentRequestFactory(
        association=association,
        status="submitted",
        submitted_at=timezone.now() - timedelta(days=2, hours=1),
    )
    PaymentRequest.objects.filter(pk=unassigned.pk).update(association=None)
    designated = UserFactory(role=Role.ESTABLISHMENT_STAFF)
    pending = establishment_grant(designated, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION)
    AccessRequest.objects.filter(pk=pending.access_request_id).update(
        decided_at=timezone.now() - timedelta(days=6, hours=1)
    )
    login(client, establishments_agent())
    html = client.get("/").content.decode()
    text = _text(html).replace("&#x27;", "'")
    assert "Signataires autorisés à inscrire au registre 1 6 jours" in text
    assert "Demandes de paiement en attente d'autorisation 2 4 jours" in text
    assert "Demandes de paiement soumises sans signataire associé 1 2 jours" in text
    # Each row leads to the page where the work is.
    register = client.get("/etablissements/regie/signataires/nouveau/").content.decode()
    assert pending.access_request.reference in register
    overview = _text(client.get("/etablissements/regie/").content.decode())
    assert f"{world.cisss.number} {world.cisss.name} 2 1" in overview


def test_an_agent_without_the_establishments_permissions_sees_no_establishments_queue(
    client: Client,
) -> None:
    from tests.factories.establishments import establishments_agent

    login(client, establishments_agent("import_payment_requests"))
    html = client.get("/").content.decode()
    assert "Demandes de paiement en attente" not in html
    assert "Signataires autorisés à inscrire" not in html
