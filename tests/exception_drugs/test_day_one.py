"""Issue #12, items 1-2: an approved 4313 request opens its service on day one. The user and
the authorizer fill the form, the agent approves, and the user logs in with the temporary
password and sees, on the first consultation, the requests of the professional who vouched for
them; both sides see the link and either may end it."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts.models import Role
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.models import Delegation
from sel.outbox.models import OutboundEmail
from tests.access.helpers import submitted_request
from tests.accounts.helpers import last_secret
from tests.conftest import login
from tests.factories import (
    DrugFactory,
    ExceptionRequestFactory,
    InsuredPersonFactory,
    UserFactory,
    access_agent,
    grant_exception_drugs,
    questions_post_data,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une phrase de passe assez longue"
PRACTICE_NUMBER = "123456"


def _approved(function: str, auth_function: str, email: str) -> tuple[object, str]:
    """The 4313 request filled by both sides through HTTP and approved by an agent; returns
    the request and the temporary password emailed to the user."""
    access_request = submitted_request(
        user_overrides={"function": function, "email": email},
        authorizer_overrides={
            "auth_function": auth_function,
            "auth_practice_number": PRACTICE_NUMBER,
            "auth_organization_name": "pharmacie du quartier",
        },
    )
    agent = Client()
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    password = last_secret("access/password_to_user", "temporary_password", to=email)
    return access_request, password


def _first_login(client: Client, username: str, password: str) -> None:
    response = client.post("/compte/connexion/", {"username": username, "password": password})
    assert response["Location"] == "/compte/nouveau-mot-de-passe/"
    client.post(
        "/compte/nouveau-mot-de-passe/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert client.post("/compte/questions-secretes/", questions_post_data())["Location"] == "/"


@pytest.mark.parametrize(
    ("function", "role"), [("admin_assistant", Role.ADMIN_ASSISTANT), ("nurse", Role.NURSE)]
)
def test_an_approved_assistant_or_nurse_sees_the_authorizers_requests_on_first_consultation(
    function: str, role: str
) -> None:
    prescriber = UserFactory(
        role=Role.PRESCRIBER, practice_number=PRACTICE_NUMBER, first_name="Marc"
    )
    other = UserFactory(role=Role.PRESCRIBER, practice_number="654321")
    drug, person = DrugFactory(), InsuredPersonFactory()
    theirs = ExceptionRequestFactory.create(insured_person=person, drug=drug, prescriber=prescriber)
    not_theirs = ExceptionRequestFactory.create(insured_person=person, drug=drug, prescriber=other)

    access_request, password = _approved(function, "health_professional", "julie@exemple.qc.ca")

    client = Client()
    _first_login(client, access_request.username_issued, password)
    html = unescape(
        client.post(
            "/medicaments-exception/", {"nam": person.nam, "drug": drug.din}
        ).content.decode()
    )
    assert theirs.reference in html
    assert not_theirs.reference not in html
    account = access_request.account
    assert account.role == role
    link = Delegation.objects.get(assistant=account)
    assert link.prescriber == prescriber and link.ends_on == access_request.valid_until
    # The link is audited, and the assistant's page says whom they work for and until when.
    assert AuditEvent.objects.filter(action=Action.DELEGATION_LINKED).exists()
    page = unescape(client.get("/medicaments-exception/delegations/").content.decode())
    assert prescriber.get_full_name() in page
    assert access_request.valid_until.isoformat() in page


def test_an_approved_technician_is_linked_to_the_owner_pharmacists_pharmacy() -> None:
    pharmacist = UserFactory(role=Role.PHARMACIST, practice_number=PRACTICE_NUMBER)
    drug, person = DrugFactory(), InsuredPersonFactory()
    seen = ExceptionRequestFactory.create(insured_person=person, drug=drug)

    access_request, password = _approved(
        "pharmacy_technician", "pharmacist_owner", "tech@exemple.qc.ca"
    )

    client = Client()
    _first_login(client, access_request.username_issued, password)
    html = client.post("/medicaments-exception/", {"nam": person.nam, "drug": drug.din})
    assert seen.reference in html.content.decode()
    link = Delegation.objects.get(assistant=access_request.account)
    assert link.prescriber == pharmacist
    assert link.pharmacy == "PHARMACIE DU QUARTIER (01234)"  # name and number of section 2
    page = unescape(client.get("/medicaments-exception/delegations/").content.decode())
    assert "PHARMACIE DU QUARTIER" in page and pharmacist.get_full_name() in page
    # The owner pharmacist sees the technician among those who work for them.
    owner = Client()
    login(owner, pharmacist)
    page = unescape(owner.get("/medicaments-exception/delegations/").content.decode())
    assert access_request.account.username in page


def test_no_account_with_the_practice_number_links_nothing_and_the_audit_says_so() -> None:
    access_request, _password = _approved(
        "admin_assistant", "health_professional", "j@exemple.qc.ca"
    )
    assert not Delegation.objects.filter(assistant=access_request.account).exists()
    event = AuditEvent.objects.get(action=Action.DELEGATION_LINKED)
    assert event.details["linked"] is False


def test_either_side_ends_the_link_and_the_other_side_is_told() -> None:
    prescriber = UserFactory(role=Role.PRESCRIBER, practice_number=PRACTICE_NUMBER)
    assistant = UserFactory(role=Role.ADMIN_ASSISTANT, email="adjointe@exemple.qc.ca")
    grant_exception_drugs(assistant)
    drug, person = DrugFactory(), InsuredPersonFactory()
    theirs = ExceptionRequestFactory.create(insured_person=person, drug=drug, prescriber=prescriber)
    link = Delegation.objects.create(prescriber=prescriber, assistant=assistant)
    client = Client()
    login(client, assistant)
    consult = {"nam": person.nam, "drug": drug.din}
    assert theirs.reference in client.post("/medicaments-exception/", consult).content.decode()

    # Ended by the prescriber: the assistant sees nothing on the next request and is told.
    owner = Client()
    login(owner, prescriber)
    assert owner.post(f"/medicaments-exception/delegations/{link.pk}/fin/").status_code == 302
    assert theirs.reference not in client.post("/medicaments-exception/", consult).content.decode()
    told = OutboundEmail.objects.get(template="exception_drugs/delegation_ended")
    assert told.to == "adjointe@exemple.qc.ca"

    # The assistant may end a link from their side; someone else's link is not found.
    second = Delegation.objects.create(prescriber=prescriber, assistant=assistant)
    stranger = Client()
    login(stranger, UserFactory(role=Role.ADMIN_ASSISTANT))
    assert stranger.post(f"/medicaments-exception/delegations/{second.pk}/fin/").status_code == 404
    assert client.post(f"/medicaments-exception/delegations/{second.pk}/fin/").status_code == 302
    second.refresh_from_db()
    assert second.ended_at is not None and second.ended_by == assistant
    assert OutboundEmail.objects.filter(
        template="exception_drugs/delegation_ended", to=prescriber.email
    ).exists()
