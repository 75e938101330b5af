"""The consultation page: a POST form (the NAM never in a URL), no-store, the same answer for a
forbidden and a missing NAM, and exactly one audit event per consultation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.exception_drugs.conftest import World
from tests.factories.accounts import UserFactory

URL = "/medicaments-exception/"


def results_section(html: str) -> str:
    found = re.search(r'<section aria-labelledby="results-title".*?</section>', html, re.S)
    assert found, "the page has no results section"
    return found.group(0)


def consult(client: Client, nam: str, drug: str) -> str:
    response = client.post(URL, {"nam": nam, "drug": drug})
    assert response.status_code == 200
    return response.content.decode()


def test_the_consult_url_is_the_nav_entry_and_needs_a_login(client: Client) -> None:
    assert reverse("exception_drugs:consult") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_an_account_without_the_grant_is_refused(client: Client, world: World) -> None:
    login(client, UserFactory(role=Role.PHARMACIST))
    assert client.post(URL, {"nam": world.person.nam, "drug": world.drug.din}).status_code == 403


def test_a_pharmacist_sees_status_and_summary_of_every_request_in_french(
    client: Client, world: World
) -> None:
    login(client, world.pharmacist)
    html = consult(client, world.person.nam.lower(), world.drug.din)
    section = results_section(html)
    assert "Demandes trouvées : 2" in section
    assert world.request_a.reference in section and world.request_b_fax.reference in section
    assert "en traitement" in section
    assert "Télécopieur" in section and "En ligne" in section
    assert world.prescriber_b.get_full_name() in section


def test_the_drug_can_be_given_by_name(client: Client, world: World) -> None:
    login(client, world.pharmacist)
    assert "Demandes trouvées : 2" in results_section(
        consult(client, world.person.nam, world.drug.name)
    )


def test_the_page_is_never_stored_and_the_nam_is_nowhere_in_a_url(
    client: Client, world: World
) -> None:
    login(client, world.pharmacist)
    response = client.post(URL, {"nam": world.person.nam, "drug": world.drug.din})
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for url in re.findall(r'(?:href|action|src)="([^"]*)"', html):
        assert world.person.nam not in url.upper()
    assert 'method="post"' in html


def test_a_nam_in_the_query_string_searches_nothing_and_records_nothing(
    client: Client, world: World
) -> None:
    login(client, world.pharmacist)
    response = client.get(URL, {"nam": world.person.nam, "drug": world.drug.din})
    assert 'aria-labelledby="results-title"' not in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXCEPTION_REQUESTS_CONSULTED).exists()


@pytest.mark.parametrize("who", ["prescriber_b_for_a", "assistant_without_delegation", "nurse"])
def test_a_forbidden_consultation_reads_exactly_like_a_nam_without_requests(
    client: Client, world: World, who: str
) -> None:
    """SECURITY.md #29: the assistant of A asking for B's requests gets what a missing NAM gets."""
    world.request_b_fax.delete()
    if who == "prescriber_b_for_a":
        user = world.prescriber_b
    elif who == "assistant_without_delegation":
        user = world.granted(Role.ADMIN_ASSISTANT)
    else:
        user = world.granted(Role.NURSE)
    login(client, user)
    forbidden = results_section(consult(client, world.person.nam, world.drug.din))
    missing = results_section(consult(client, "ZZZZ56623101", world.drug.din))
    assert forbidden == missing
    assert "Aucune demande trouvée" in forbidden


def test_an_assistant_of_a_asking_for_bs_request_gets_the_missing_answer(
    client: Client, world: World
) -> None:
    world.request_a.delete()
    login(client, world.assistant_a)
    forbidden = results_section(consult(client, world.person.nam, world.drug.din))
    missing = results_section(consult(client, "ZZZZ56623101", world.drug.din))
    assert forbidden == missing


def test_each_consultation_writes_exactly_one_audit_event(client: Client, world: World) -> None:
    login(client, world.assistant_a)
    consult(client, world.person.nam, world.drug.din)
    events = AuditEvent.objects.filter(action=Action.EXCEPTION_REQUESTS_CONSULTED)
    assert events.count() == 1
    event = events.get()
    assert event.actor == world.assistant_a
    assert event.subject_key == world.person.nam
    assert event.details == {"din": world.drug.din, "results": 1}
    assert event.target_id == str(world.drug.pk)
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_a_consultation_with_no_result_is_recorded_too(client: Client, world: World) -> None:
    login(client, world.pharmacist)
    consult(client, "ZZZZ56623101", world.drug.din)
    event = AuditEvent.objects.get(action=Action.EXCEPTION_REQUESTS_CONSULTED)
    assert (event.subject_key, event.details["results"]) == ("ZZZZ56623101", 0)


@pytest.mark.parametrize(
    ("nam", "message"),
    [
        ("TREM5662310", "12 caractères"),
        ("TRE156623101", "4 premiers caractères"),
        ("TREM56133101", "mois de naissance (13)"),
        ("", "Saisissez le numéro"),
    ],
)
def test_a_bad_nam_is_explained_on_the_field_and_kept_in_the_form(
    client: Client, world: World, nam: str, message: str
) -> None:
    login(client, world.pharmacist)
    html = consult(client, nam, world.drug.din)
    assert message in html
    assert f'value="{world.drug.din}"' in html
    assert not AuditEvent.objects.filter(action=Action.EXCEPTION_REQUESTS_CONSULTED).exists()


def test_an_unknown_drug_is_explained_on_the_field(client: Client, world: World) -> None:
    login(client, world.pharmacist)
    html = consult(client, world.person.nam, "Introuvable")
    assert "Aucun médicament ne correspond" in html


def test_the_page_is_in_english_when_chosen(client: Client, world: World) -> None:
    login(client, world.pharmacist)
    client.cookies["sel_language"] = "en"
    html = consult(client, world.person.nam, world.drug.din)
    assert "Consult requests by insured person" in html


def test_the_about_page_needs_only_a_login(client: Client, world: World) -> None:
    login(client, UserFactory(role=Role.NURSE))
    response = client.get("/medicaments-exception/a-propos/")
    assert response.status_code == 200
    assert (
        "Les prescripteurs voient les demandes qu'ils ont présentées." in response.content.decode()
    )


def test_the_service_pages_link_to_its_user_guide_under_aide(client: Client, world: World) -> None:
    login(client, world.pharmacist)
    html = client.get(URL).content.decode()
    guide = reverse("notices:help_page", args=["exception-drugs"])
    assert f'href="{guide}"' in html
    assert client.get(guide).status_code == 200


def test_a_consultation_reads_the_grant_once(client: Client, world: World) -> None:
    """service_required checks the grant; the selector does not read it a second time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, world.pharmacist)
    with CaptureQueriesContext(connection) as queries:
        html = consult(client, world.person.nam, world.drug.din)
    assert "Demandes trouvées : 2" in results_section(html)
    assert sum('"access_grant"' in query["sql"] for query in queries.captured_queries) == 1


def test_a_grant_withdrawn_between_two_consultations_refuses_the_second(
    client: Client, world: World
) -> None:
    from django.utils import timezone

    login(client, world.pharmacist)
    consult(client, world.person.nam, world.drug.din)
    world.pharmacist.grants.update(revoked_at=timezone.now())
    response = client.post(URL, {"nam": world.person.nam, "drug": world.drug.din})
    assert response.status_code == 403


def test_the_summary_reads_in_english_with_the_english_indication_and_local_dates(
    client: Client, world: World
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from sel.exception_drugs.models import ExceptionRequest
    from tests.factories.exception_drugs import IndicationFactory

    indication = IndicationFactory(drug=world.drug)
    # 23:30 in Montréal is already the next day in UTC: the page shows the local date.
    received = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    ExceptionRequest.objects.filter(pk=world.request_a.pk).update(
        indication=indication, received_at=received
    )
    login(client, world.pharmacist)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = results_section(consult(client, world.person.nam, world.drug.din))
    assert "Requests found: 2" in html
    assert f"{indication.code} – Moderate or severe rheumatoid arthritis" in html
    assert "Polyarthrite" not in html
    assert "<dd>2026-03-02</dd>" in html
    assert "Fax" in html and "Online" in html


def test_the_service_navigation_follows_the_role_and_the_language_of_each_page(
    world: World,
) -> None:
    """The sub-navigation is rendered once per process, language and role: a prescriber, then a
    pharmacist, then a technician each see their own entries, in their language."""
    pages = {}
    for name, user, language in [
        ("prescriber", world.prescriber_a, "fr-ca"),
        ("pharmacist", world.pharmacist, "fr-ca"),
        ("technician", world.technician, "fr-ca"),
        ("prescriber_en", world.prescriber_a, "en"),
    ]:
        client = Client()
        client.cookies["sel_language"] = language
        login(client, user)
        html = client.get(URL).content.decode()
        nav = re.search(r'<ul class="subnav">.*?</ul>', html, re.S)
        assert nav, name
        pages[name] = nav.group(0)
    assert "Nouvelle demande" in pages["prescriber"] and "Demandes suivies" in pages["prescriber"]
    assert "Nouvelle demande" not in pages["pharmacist"] and "Délégations" in pages["pharmacist"]
    assert "Pour qui vous travaillez" in pages["technician"]
    assert "Délégations" not in pages["technician"]
    assert "New request" in pages["prescriber_en"]
    assert "Nouvelle demande" not in pages["prescriber_en"]


@pytest.mark.parametrize("role", [Role.PHARMACIST, Role.PRESCRIBER, Role.ADMIN_ASSISTANT])
def test_a_consultation_reads_the_requests_in_one_statement(
    client: Client, world: World, role: str
) -> None:
    """The read is one statement whatever the role (the assistant's delegations are a subquery
    of it), beside the account, the grant, the drug and the audit row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users: dict[str, User] = {
        Role.PHARMACIST: world.pharmacist,
        Role.PRESCRIBER: world.prescriber_a,
        Role.ADMIN_ASSISTANT: world.assistant_a,
    }
    login(client, users[role])
    with CaptureQueriesContext(connection) as queries:
        html = consult(client, world.person.nam, world.drug.din)
    assert world.request_a.reference in results_section(html)
    sql = [query["sql"] for query in queries.captured_queries]
    reads = [q for q in sql if "exception_drugs_exceptionrequest" in q]
    assert len(reads) == 1, reads
    delegations = [q for q in sql if "exception_drugs_delegation" in q]
    assert delegations == (reads if role == Role.ADMIN_ASSISTANT else []), delegations
