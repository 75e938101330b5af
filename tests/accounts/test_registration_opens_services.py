"""Issue #12, item 3: registration with the PIN the Régie sent (seed 002 §4) opens the services
that the profession uses directly. A prescriber or a pharmacist consults exception-drug
requests on the first page after registering; another profession gets what the catalogue
records, which an agent sees and changes (audited)."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from sel.access.models import Grant
from sel.accounts.models import Profession, Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.accounts.helpers import last_secret
from tests.conftest import login
from tests.factories import (
    AgentFactory,
    DrugFactory,
    ExceptionRequestFactory,
    InsuredPersonFactory,
    UserFactory,
    professions,
    questions_post_data,
)

pytestmark = pytest.mark.django_db

PASSWORD = "ma phrase de passe toute neuve"


def _registered(profession: str, practice_number: str, email: str) -> tuple[Client, User]:
    """The support centre sends a PIN for ``profession``; the professional registers with it
    and chooses the secret questions."""
    agent = Client()
    login(agent, AgentFactory())
    response = agent.post(
        "/compte/soutien/nip/",
        {
            "practice_number": practice_number,
            "first_name": "Chloé",
            "last_name": "Nadeau",
            "email": email,
            "profession": profession,
            "reason": "Nouveau membre de l'ordre professionnel",
        },
    )
    assert response.status_code == 302
    pin = last_secret("accounts/registration_pin", "pin", to=email)
    client = Client()
    response = client.post(
        "/compte/inscription/",
        {
            "practice_number": practice_number,
            "pin": pin,
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response["Location"] == "/compte/questions-secretes/"
    assert client.post("/compte/questions-secretes/", questions_post_data())["Location"] == "/"
    return client, User.objects.get(username=f"IP{practice_number}")


def test_the_support_centre_offers_a_pin_to_every_profession_of_the_catalogue() -> None:
    professions()
    agent = Client()
    login(agent, AgentFactory())
    html = unescape(agent.get("/compte/soutien/").content.decode())
    for profession in Profession.objects.all():
        assert f'value="{profession.code}"' in html and profession.name_fr in html


@pytest.mark.parametrize(
    ("profession", "role"), [("medecin", Role.PRESCRIBER), ("pharmacien", Role.PHARMACIST)]
)
def test_a_registered_prescriber_or_pharmacist_consults_requests_at_once(
    profession: str, role: str
) -> None:
    professions()
    # Even if an agent emptied the catalogue's line, the rule keeps exception drugs for them.
    Profession.objects.filter(code=profession).update(registration_services=[])
    drug, person = DrugFactory(), InsuredPersonFactory()
    client, user = _registered(profession, "246810", "chloe@exemple.qc.ca")
    assert user.role == role
    if role == Role.PRESCRIBER:
        request = ExceptionRequestFactory.create(insured_person=person, drug=drug, prescriber=user)
    else:
        request = ExceptionRequestFactory.create(insured_person=person, drug=drug)
    response = client.post("/medicaments-exception/", {"nam": person.nam, "drug": drug.din})
    assert response.status_code == 200
    assert request.reference in response.content.decode()
    assert client.get("/messagerie/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.GRANT_CREATED, actor=user).count() == 1


def test_another_profession_gets_what_the_catalogue_says_and_the_agent_changes_it() -> None:
    professions()
    client, user = _registered("audioprothesiste", "135791", "audio@exemple.qc.ca")
    assert user.role == Role.PROFESSIONAL
    assert not Grant.objects.filter(user=user).exists()
    assert client.get("/medicaments-exception/").status_code == 403
    assert client.get("/messagerie/").status_code == 200

    # The agent sees what registration opens per profession and changes one, with a reason.
    agent_user = UserFactory(role=Role.AGENT, is_staff=True)
    agent = Client()
    login(agent, agent_user)
    assert agent.get("/acces/regie/professions/").status_code == 403
    agent_user.user_permissions.add(Permission.objects.get(codename="change_profession_services"))
    html = unescape(agent.get("/acces/regie/professions/").content.decode())
    assert "Audioprothésiste" in html and "aucun service" in html
    refused = agent.post(
        "/acces/regie/professions/",
        {"profession": "audioprothesiste", "audioprothesiste-services": ["exception-drugs"]},
    )
    assert refused.status_code == 400
    assert Profession.objects.get(code="audioprothesiste").registration_services == []
    response = agent.post(
        "/acces/regie/professions/",
        {
            "profession": "audioprothesiste",
            "audioprothesiste-services": ["exception-drugs"],
            "audioprothesiste-reason": "Consultent les demandes de leurs patients",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.PROFESSION_SERVICES_CHANGED)
    assert event.details["after"] == ["exception-drugs"] and event.actor_id == agent_user.pk

    # The next registrant of that profession gets the service; the first one keeps what they had.
    later, _other = _registered("audioprothesiste", "135792", "audio2@exemple.qc.ca")
    assert later.get("/medicaments-exception/").status_code == 200
    assert client.get("/medicaments-exception/").status_code == 403
