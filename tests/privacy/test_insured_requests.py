"""An insured person's request for access (Law 25), answered by the Régie's privacy office: the
agent types the NAM, the requester's identity and the request's reference; the page and the
CSV or JSON download list every B2B call that read the NAM (and the exception-drug
consultations), never the answer's content; each search and download is audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs import services as exception_services
from tests.conftest import login
from tests.factories.b2b import API, bearer, person, vendor_client
from tests.factories.privacy import privacy_agent

pytestmark = pytest.mark.django_db

URL = "/vie-privee/regie/demandes-assures/"
EXPORT = URL + "telecharger/"
NAM = "TREJ80010112"
REQUEST = {
    "reference": "AIPRP-2026-0042",
    "received_on": "2026-03-02",
    "nam": "trej 8001 0112",
    "last_name": "Tremblay",
    "first_name": "Jean",
    "birth_date": "1980-01-01",
}


def eligibility(headers: dict[str, str], nam: str = NAM) -> Any:
    return Client().post(
        f"{API}/eligibility",
        json.dumps({"nam": nam, "service_date": "2026-03-01"}),
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def calls() -> dict[str, Any]:
    """One production call and one training call (the sandbox has a person with the same NAM)
    of the eligibility service about NAM, made through the API."""
    person()
    person(environment="training")
    production, secret = vendor_client()
    training, training_secret = vendor_client(
        environment="training", organization_name="ÉDITEUR FORMATION INC."
    )
    assert eligibility(bearer(production, secret)).status_code == 200
    assert eligibility(bearer(training, training_secret)).status_code == 200
    return {"production": production, "training": training}


@pytest.fixture
def office() -> Client:
    http = Client()
    login(http, privacy_agent())
    return http


def test_the_page_lists_each_b2b_call_with_its_vendor_client_environment_and_service(
    office: Client, calls: dict[str, Any]
) -> None:
    response = office.post(URL, REQUEST)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "2 lectures trouvées." in page
    for client in calls.values():
        assert client.client_id in page and client.organization_name in page
    assert "Formation (bac à sable)" in page and "Production" in page
    assert "Vérification de l&#x27;admissibilité – B2B (4123)" in page
    assert "Réponse donnée" in page
    # What was checked is said; the answer's content is not given.
    assert "concordent avec l&#x27;identité saisie" in page
    assert "Registre des personnes assurées (services B2B, production)" in page
    assert "covered" not in page and "answered" not in page
    (searched,) = AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_SEARCHED)
    assert searched.subject_key == NAM
    assert searched.details == {
        "reference": "AIPRP-2026-0042",
        "received_on": "2026-03-02",
        "results": 2,
    }


def test_the_csv_download_in_french_labels_the_training_call_and_is_audited(
    office: Client, calls: dict[str, Any]
) -> None:
    response = office.post(EXPORT, {**REQUEST, "language": "fr-ca", "file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="lectures-nam-AIPRP-2026-0042-fr-ca.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Date et heure",
        "Source",
        "Organisation ou personne",
        "Identifiant du client",
        "Environnement",
        "Service",
        "Résultat",
    ]
    by_client = {row[3]: row for row in rows[1:]}
    assert len(rows) == 3 and set(by_client) == {c.client_id for c in calls.values()}
    assert by_client[calls["training"].client_id][4] == "Formation (bac à sable)"
    assert by_client[calls["production"].client_id][4] == "Production"
    assert by_client[calls["production"].client_id][2] == "LOGICIELS SANTÉ INC."
    (exported,) = AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_EXPORTED)
    assert exported.subject_key == NAM
    assert exported.details["format"] == "csv" and exported.details["language"] == "fr-ca"
    assert exported.details["reference"] == "AIPRP-2026-0042"


def test_the_json_download_in_english(office: Client, calls: dict[str, Any]) -> None:
    response = office.post(EXPORT, {**REQUEST, "language": "en", "file_format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["reference"] == "AIPRP-2026-0042" and document["nam"] == NAM
    environments = {read["client_id"]: read["environment"] for read in document["reads"]}
    assert environments[calls["training"].client_id] == "Training (sandbox)"
    assert {read["service"] for read in document["reads"]} == {
        "Eligibility verification – B2B (4123)"
    }
    assert document["identity_checked"][0].startswith("Health insurance number: its 3 letters")
    assert set(document["reads"][0]) == {
        "at",
        "source",
        "reader",
        "client_id",
        "environment",
        "service",
        "outcome",
    }


def test_a_nam_read_by_no_one_gets_an_empty_list_that_says_so(office: Client) -> None:
    response = office.post(URL, REQUEST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucune lecture de ce numéro n'est enregistrée." in page
    assert "aucune identité pour ce numéro, rien n&#x27;a été comparé" in page


def test_an_identity_the_nam_contradicts_is_refused_field_by_field_and_kept(
    office: Client, calls: dict[str, Any]
) -> None:
    response = office.post(URL, {**REQUEST, "last_name": "Gagnon", "birth_date": "1980-01-02"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Les lettres TRE ne correspondent pas au nom de famille" in page
    assert "La date de naissance du numéro ne correspond pas à 1980-01-02" in page
    assert 'value="Gagnon"' in page and 'value="AIPRP-2026-0042"' in page
    assert calls["production"].client_id not in page
    assert not AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_SEARCHED).exists()
    (refused,) = AuditEvent.objects.filter(action=Action.INSURED_PERSON_IDENTITY_MISMATCH)
    assert refused.subject_key == NAM and refused.details["fields"] == ["birth_date", "last_name"]


def test_an_identity_the_register_contradicts_is_refused(
    office: Client, calls: dict[str, Any]
) -> None:
    # « Josée » agrees with the NAM's initial, not with the register's « Jean ».
    response = office.post(URL, {**REQUEST, "first_name": "Josée"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ne concorde pas avec le registre : Registre des personnes assurées" in page
    assert calls["production"].client_id not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nam", "TREJ8001011", "compte 12 caractères"),
        ("nam", "", "Saisissez le numéro d&#x27;assurance maladie."),
        ("received_on", "2026-13-45", "Saisissez une date au format AAAA-MM-JJ."),
        ("birth_date", "demain", "Saisissez une date au format AAAA-MM-JJ."),
        ("reference", "", "Ce champ est obligatoire."),
        ("first_name", "--- ", "Le nom doit contenir au moins une lettre."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    office: Client, field: str, value: str, message: str
) -> None:
    response = office.post(URL, {**REQUEST, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Tremblay"' in page
    assert not AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_SEARCHED).exists()


def test_a_request_received_in_the_future_is_refused(office: Client) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = office.post(URL, {**REQUEST, "received_on": tomorrow})
    assert response.status_code == 400
    assert "La date ne peut pas être future." in response.content.decode()


def test_a_download_whose_hidden_fields_were_changed_is_checked_again(
    office: Client, calls: dict[str, Any]
) -> None:
    response = office.post(
        EXPORT, {**REQUEST, "first_name": "Paul", "language": "fr-ca", "file_format": "csv"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "ne correspond pas à l&#x27;initiale du prénom" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_EXPORTED).exists()
    unknown = office.post(EXPORT, {**REQUEST, "language": "de", "file_format": "xlsx"})
    assert unknown.status_code == 400
    assert "Langue du document" in unknown.content.decode()


def test_the_exception_drug_consultations_of_the_nam_are_listed_too(office: Client) -> None:
    from tests.factories.accounts import UserFactory
    from tests.factories.exception_drugs import DrugFactory, InsuredPersonFactory

    insured = InsuredPersonFactory(
        last_name="Tremblay", first_name="Marie", birth_date=date(1956, 12, 31), sex="F"
    )
    drug = DrugFactory(name="Adalimumab-Test")
    pharmacist = UserFactory(role="pharmacist", first_name="Julie", last_name="Roy")
    exception_services.exception_requests_consult(user=pharmacist, nam=insured.nam, drug=drug)
    response = office.post(
        URL,
        {
            **REQUEST,
            "nam": insured.nam,
            "first_name": "Marie",
            "birth_date": "1956-12-31",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Julie Roy (Pharmacien)" in page
    assert "Consultation des demandes pour le médicament Adalimumab-Test" in page
    assert "Demandes affichées : 0" in page
    assert "Registre des personnes assurées (médicaments d&#x27;exception)" in page


def test_an_english_speaking_agent_gets_the_page_and_its_checks_in_english(
    calls: dict[str, Any],
) -> None:
    http = Client(HTTP_ACCEPT_LANGUAGE="en")
    login(http, privacy_agent(language="en"))
    page = http.post(URL, REQUEST).content.decode()
    assert "<h1>An insured person's access requests</h1>" in page
    assert "2 reads found." in page
    assert "Training (sandbox)" in page and "Answered" in page
    assert "Register of insured persons (B2B services, production): last name, first name" in page
    refused = http.post(URL, {**REQUEST, "first_name": "Josée"}).content.decode()
    assert "Disagrees with the register: Register of insured persons" in refused


def test_a_selat_claim_sent_through_the_api_then_opened_by_an_agent_is_listed_twice(
    office: Client,
) -> None:
    from tests.factories.b2b import aid, claims_agent

    person()
    aid()
    vendor, secret = vendor_client(organization_name="AUDITION DU FLEUVE INC.")
    sent = Client().post(
        f"{API}/selat/claims",
        json.dumps({"nam": NAM, "category": "audition", "aid_code": "AUD-101",
                    "service_date": "2026-01-05", "amount": "450.00"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="privacy-claim",
        **bearer(vendor, secret),
    )  # fmt: skip
    assert sent.status_code == 201
    agent = Client()
    login(agent, claims_agent(first_name="Julie", last_name="Agentdelaregie"))
    opened = agent.get(f"/services-b2b/regie/selat/{sent.json()['id']}/")
    assert opened.status_code == 200
    page = office.post(URL, REQUEST).content.decode()
    assert "2 lectures trouvées." in page
    assert "AUDITION DU FLEUVE INC." in page and "Écriture enregistrée" in page
    (opened_row,) = (
        row for row in page.split("<tr>") if "Réclamation SELAT (4134) ouverte pour" in row
    )
    assert "<td>Régie de l&#x27;assurance maladie du Québec</td>" in opened_row
    assert "<td>Consultée</td>" in opened_row
    assert "Agentdelaregie" not in page and "450" not in page
