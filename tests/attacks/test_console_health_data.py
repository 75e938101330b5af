"""Item 7: the console searched health data through the URL (``?q=<NAM>``, or a filter on the
NAM), so the NAM landed in URLs, browser history and server logs, and its reads wrote no audit
row. Health data is not searched in the console now, and every list or record opened there is
audited (SECURITY.md #28, #31)."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.audit.services import record
from sel.exception_drugs.models import InsuredPerson
from tests.factories.exception_drugs import ExceptionRequestFactory, InsuredPersonFactory

pytestmark = pytest.mark.django_db

PERSONS = "/gestion/exception_drugs/insuredperson/"
REQUESTS = "/gestion/exception_drugs/exceptionrequest/"


def _person() -> InsuredPerson:
    return InsuredPerson.objects.get(pk=InsuredPersonFactory().pk)


def test_staff_looks_up_a_nam_in_the_console_url(admin_client: Client) -> None:
    wanted, other = _person(), _person()
    response = admin_client.get(f"{PERSONS}?q={wanted.nam}")
    assert response.status_code == 302
    assert wanted.nam not in response["Location"]
    assert admin_client.get(f"{PERSONS}?nam={wanted.nam}").status_code == 400
    assert admin_client.get(f"{PERSONS}?nam__startswith={wanted.nam[:4]}").status_code == 400
    assert admin_client.get(f"{REQUESTS}?q={wanted.nam}").status_code == 302
    assert other.nam not in admin_client.get(PERSONS).content.decode()


def test_staff_reads_insured_persons_and_requests_in_the_console_without_a_trace(
    admin_client: Client, admin_user: object
) -> None:
    person = InsuredPersonFactory()
    exception_request = ExceptionRequestFactory(insured_person=person)
    assert admin_client.get(PERSONS).status_code == 200
    assert admin_client.get(f"{PERSONS}{person.pk}/change/").status_code == 200
    assert admin_client.get(REQUESTS).status_code == 200
    assert admin_client.get(f"{REQUESTS}{exception_request.pk}/change/").status_code == 200
    reads = AuditEvent.objects.filter(action=Action.CONSOLE_HEALTH_DATA_READ, actor=admin_user)
    assert reads.count() == 4
    assert reads.filter(target_id=str(person.pk), target_type="exception_drugs.insuredperson")
    assert reads.filter(
        target_id=str(exception_request.pk), target_type="exception_drugs.exceptionrequest"
    )
    listed = reads.filter(details__view="list", details__model="exception_drugs.insuredperson")
    assert listed.get().details["ids"] == [person.pk]


def test_staff_finds_who_consulted_a_nam_through_the_audit_trails_url(
    admin_client: Client,
) -> None:
    person = _person()
    event = record(action=Action.EXCEPTION_REQUESTS_CONSULTED, subject_key=person.nam)
    response = admin_client.get(f"/gestion/audit/auditevent/?q={person.nam}")
    assert f"/gestion/audit/auditevent/{event.pk}/change/" not in response.content.decode()
    response = admin_client.get(f"/gestion/audit/auditevent/?subject_key={person.nam}")
    assert response.status_code == 400
    detail = admin_client.get(f"/gestion/audit/auditevent/{event.pk}/change/")
    assert person.nam not in detail.content.decode()
