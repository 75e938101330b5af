"""Issue #12, item 4: grants to professionals outside the console. The agent's side of the
portal lists an account's grants and delegation links; it grants, extends and withdraws them
with a reason, audited and emailed to the person."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Role
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.models import Delegation
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories import UserFactory, access_agent

pytestmark = pytest.mark.django_db


def _service() -> OnlineService:
    service, _ = OnlineService.objects.get_or_create(
        code=ServiceCode.EXCEPTION_DRUGS,
        defaults={"name_fr": "Médicaments d'exception", "name_en": "Exception drugs"},
    )
    return service


def test_only_an_agent_with_the_permission_reaches_the_pages() -> None:
    professional = Client()
    login(professional, UserFactory(role=Role.PRESCRIBER))
    assert professional.get("/acces/regie/acces/").status_code == 403
    assert professional.get("/medicaments-exception/regie/liens/").status_code == 403
    target = UserFactory(role=Role.PRESCRIBER)
    response = professional.post(
        "/acces/regie/acces/accorder/",
        {"utilisateur": target.username, "service": _service().pk, "reason": "je me sers"},
    )
    assert response.status_code == 403
    assert not Grant.objects.filter(user=target).exists()
    assert Client().get("/acces/regie/acces/").status_code == 302  # to the login


def test_the_agent_grants_extends_and_withdraws_with_a_reason_and_the_person_is_told() -> None:
    person = UserFactory(role=Role.PRESCRIBER, email="medecin@exemple.qc.ca")
    agent = Client()
    login(agent, access_agent())
    service = _service()

    # Grant: a missing reason is refused in French and keeps what was typed.
    until = timezone.localdate() + timedelta(days=90)
    refused = agent.post(
        "/acces/regie/acces/accorder/",
        {"utilisateur": person.username, "service": service.pk, "valid_until": until.isoformat()},
    )
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in unescape(refused.content.decode())
    assert until.isoformat() in refused.content.decode()
    response = agent.post(
        "/acces/regie/acces/accorder/",
        {
            "utilisateur": person.username,
            "service": service.pk,
            "valid_until": until.isoformat(),
            "reason": "Inscrit avant l'ouverture du service",
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get(user=person, online_service=service)
    assert grant.valid_until == until
    assert AuditEvent.objects.filter(action=Action.GRANT_CREATED, target_id=str(grant.pk)).exists()
    assert OutboundEmail.objects.filter(to=person.email, template="access/grant_given").exists()

    # The page lists it; extend it.
    page = unescape(
        agent.get(f"/acces/regie/acces/?utilisateur={person.username}").content.decode()
    )
    assert "Médicaments d'exception" in page and until.isoformat() in page
    later = until + timedelta(days=365)
    past = agent.post(
        f"/acces/regie/acces/{grant.pk}/prolonger/",
        {
            f"g{grant.pk}-valid_until": "2001-01-01",
            f"g{grant.pk}-reason": "Renouvellement de l'ordre",
        },
    )
    assert past.status_code == 400 and "passée" in unescape(past.content.decode())
    response = agent.post(
        f"/acces/regie/acces/{grant.pk}/prolonger/",
        {f"g{grant.pk}-valid_until": later.isoformat(), f"g{grant.pk}-reason": "Renouvellement"},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.valid_until == later
    event = AuditEvent.objects.get(action=Action.GRANT_EXTENDED)
    assert event.details["after"] == later.isoformat() and event.details["reason"]
    assert OutboundEmail.objects.filter(to=person.email, template="access/grant_extended").exists()

    # Withdraw it.
    response = agent.post(
        f"/acces/regie/acces/{grant.pk}/retirer/", {"reason": "Fin d'emploi", "from": "grants"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_reason == "Fin d'emploi"
    assert OutboundEmail.objects.filter(to=person.email, template="access/grant_revoked").exists()


def test_the_agent_sees_and_ends_an_accounts_links_and_both_sides_are_told() -> None:
    prescriber = UserFactory.create(role=Role.PRESCRIBER, email="md@exemple.qc.ca")
    assistant = UserFactory.create(role=Role.ADMIN_ASSISTANT, email="adj@exemple.qc.ca")
    link = Delegation.objects.create(prescriber=prescriber, assistant=assistant)
    agent = Client()
    login(agent, access_agent())
    page = unescape(
        agent.get(
            f"/medicaments-exception/regie/liens/?utilisateur={assistant.username}"
        ).content.decode()
    )
    assert prescriber.username in page and "en vigueur" in page
    no_reason = agent.post(
        "/medicaments-exception/regie/liens/",
        {"utilisateur": assistant.username, "delegation": link.pk, "reason": ""},
    )
    assert no_reason.status_code == 400
    link.refresh_from_db()
    assert link.ended_at is None
    response = agent.post(
        "/medicaments-exception/regie/liens/",
        {
            "utilisateur": assistant.username,
            "delegation": link.pk,
            "reason": "Départ de la clinique",
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    ended = OutboundEmail.objects.filter(template="exception_drugs/delegation_ended")
    assert set(ended.values_list("to", flat=True)) == {"md@exemple.qc.ca", "adj@exemple.qc.ca"}
    assert AuditEvent.objects.filter(action=Action.DELEGATION_ENDED).exists()
    # A link of another account is not found from this account's page.
    other = Delegation.objects.create(
        prescriber=UserFactory(role=Role.PRESCRIBER),
        assistant=UserFactory(role=Role.ADMIN_ASSISTANT),
    )
    response = agent.post(
        "/medicaments-exception/regie/liens/",
        {"utilisateur": assistant.username, "delegation": other.pk, "reason": "Mauvais compte"},
    )
    assert response.status_code == 404
