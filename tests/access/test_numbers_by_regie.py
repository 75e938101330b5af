"""Issue #12 item 8: a number the requester may leave blank (4313's « numéro de la pharmacie ou
de l'établissement », a GMF physician's practice number) is completed by the agent in the review,
outside the signed content: the signatures still read as intact, and the change is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.access.models import AccessRequest
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import AccessRequestFactory, UserFactory, access_agent

pytestmark = pytest.mark.django_db

INTACT = "contenu inchangé depuis la signature"
ALTERED = "contenu modifié après la signature"


def agent_client() -> Client:
    client = Client()
    login(client, access_agent())
    return client


def gmf_request() -> AccessRequest:
    access_request = AccessRequestFactory(form="etablissements")
    AccessRequest.objects.filter(pk=access_request.pk).update(
        auth_function="gmf_physician_responsible", auth_practice_number=""
    )
    return AccessRequest.objects.get(pk=access_request.pk)


def test_the_agent_completes_the_pharmacy_number_left_blank_and_the_signatures_stay_intact() -> (
    None
):
    access_request = AccessRequestFactory(organization_number="")
    client = agent_client()
    page = client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()
    assert page.count(INTACT) == 2 and 'name="organization_number"' in page
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "01 234"}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.organization_number_by_regie == "01234"
    assert access_request.organization_number == ""  # the signed content is untouched
    page = client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()
    assert "01234" in page
    assert page.count(INTACT) == 2 and ALTERED not in page
    event = AuditEvent.objects.get(action="access_request.numbers_completed")
    assert event.target_id == str(access_request.pk)
    assert event.details["fields"] == ["organization_number"]


def test_the_agent_completes_a_gmf_physicians_practice_number() -> None:
    access_request = gmf_request()
    client = agent_client()
    page = client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()
    assert 'name="auth_practice_number"' in page and 'name="organization_number"' not in page
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"auth_practice_number": "123456"}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.auth_practice_number_by_regie == "123456"


def test_a_bad_number_is_explained_and_kept() -> None:
    access_request = AccessRequestFactory(organization_number="")
    response = agent_client().post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "12ab"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Le numéro d&#x27;établissement compte 5 chiffres" in html
    assert 'value="12ab"' in html
    access_request.refresh_from_db()
    assert access_request.organization_number_by_regie == ""
    assert not AuditEvent.objects.filter(action="access_request.numbers_completed").exists()


def test_a_number_the_requester_gave_is_not_overwritten() -> None:
    access_request = AccessRequestFactory()  # organization number 01234, signed
    client = agent_client()
    page = client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()
    assert 'name="organization_number"' not in page
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "99999"}
    )
    assert response.status_code == 400
    assert "Inscrivez le numéro à compléter." in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.organization_number_by_regie == ""
    assert not AuditEvent.objects.filter(action="access_request.numbers_completed").exists()


def test_the_service_refuses_a_number_the_request_does_not_lack() -> None:
    from sel.access.services import access_request_numbers_complete
    from sel.core.rules import RuleViolation

    access_request = AccessRequestFactory()
    with pytest.raises(RuleViolation) as raised:
        access_request_numbers_complete(
            access_request=access_request, agent=access_agent(), organization_number="99999"
        )
    assert raised.value.fields == ["organization_number"]


def test_a_decided_request_keeps_its_numbers() -> None:
    access_request = AccessRequestFactory(organization_number="")
    AccessRequest.objects.filter(pk=access_request.pk).update(status=AccessRequest.Status.REFUSED)
    response = agent_client().post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "01234"}
    )
    assert response.status_code == 409
    assert "La demande n&#x27;est plus en attente" in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.organization_number_by_regie == ""


def test_only_access_agents_complete_numbers_and_a_refusal_is_audited() -> None:
    access_request = AccessRequestFactory(organization_number="")
    someone = UserFactory()
    client = Client()
    login(client, someone)
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "01234"}
    )
    assert response.status_code == 403
    access_request.refresh_from_db()
    assert access_request.organization_number_by_regie == ""
    assert AuditEvent.objects.filter(action="authorization.refused", actor=someone).exists()
