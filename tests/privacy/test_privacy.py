"""Law 25 duties: the incident register, one's own data in a structured format, retention."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from sel.privacy.models import PrivacyIncident, RetentionRun
from sel.privacy.services import privacy_incident_record, retention_purge
from tests.conftest import login
from tests.factories.access import GrantFactory
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_deployment_has_no_account_and_therefore_no_default_password() -> None:
    assert User.objects.count() == 0


def test_the_incident_register_keeps_the_fields_the_regulation_names() -> None:
    agent = UserFactory(role="agent", is_staff=True)
    incident = privacy_incident_record(
        actor=agent,
        information_concerned="NAM et noms de 12 personnes assurées",
        circumstances="Courriel envoyé au mauvais destinataire",
        occurred_from=date(2026, 11, 2),
        known_on=date(2026, 11, 3),
        people_concerned=12,
        risk_assessment="Renseignements de santé; destinataire professionnel de la santé",
        risk=PrivacyIncident.Risk.SERIOUS,
        commission_notified_on=date(2026, 11, 4),
        people_notified_on=date(2026, 11, 5),
        measures="Demande de destruction confirmée par le destinataire",
    )
    assert incident.recorded_by == agent
    event = AuditEvent.objects.get(action=Action.PRIVACY_INCIDENT_RECORDED)
    assert event.target_id == str(incident.pk)


def test_staff_keep_the_register_in_the_console_and_cannot_delete_an_entry(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        "/gestion/privacy/privacyincident/add/",
        {
            "information_concerned": "Adresse électronique",
            "circumstances": "Erreur de configuration",
            "occurred_from": "2026-10-01",
            "known_on": "2026-10-02",
            "people_concerned": "3",
            "risk_assessment": "Faible sensibilité",
            "risk": "not_serious",
            "measures": "Correction de la configuration",
        },
    )
    assert response.status_code == 302
    incident = PrivacyIncident.objects.get()
    delete = admin_client.post(f"/gestion/privacy/privacyincident/{incident.pk}/delete/")
    assert delete.status_code == 403
    assert PrivacyIncident.objects.count() == 1


def test_a_person_downloads_their_own_data_as_json_and_only_theirs(client: Client) -> None:
    user = UserFactory(first_name="Alice", last_name="GAGNON")
    GrantFactory(user=user)
    other = UserFactory(first_name="Bob", last_name="CÔTÉ")
    GrantFactory(user=other)
    login(client, user)
    assert client.get("/vie-privee/mes-renseignements/").status_code == 200
    response = client.post("/vie-privee/mes-renseignements/telecharger/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["account"]["last_name"] == "GAGNON"
    assert len(data["grants"]) == 1
    assert "CÔTÉ" not in response.content.decode()
    assert "password" not in data["account"]
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED, actor=user).count() == 1


def test_the_download_needs_a_login_and_a_post(client: Client) -> None:
    assert client.post("/vie-privee/mes-renseignements/telecharger/").status_code == 302
    login(client, UserFactory())
    assert client.get("/vie-privee/mes-renseignements/telecharger/").status_code == 405


def test_the_retention_job_anonymises_old_emails_deletes_expired_sessions_and_records_it(
    settings: object,
) -> None:
    old = OutboundEmail.objects.create(
        message_id="<old@sel>", to="vieux@exemple.qc.ca", template="t", language="fr",
        status=OutboundEmail.Status.SENT, context={"name": "X"},
        created_at=timezone.now() - timedelta(days=400),
    )  # fmt: skip
    pending = OutboundEmail.objects.create(
        message_id="<pending@sel>", to="attente@exemple.qc.ca", template="t", language="fr",
        created_at=timezone.now() - timedelta(days=400),
    )  # fmt: skip
    recent = OutboundEmail.objects.create(
        message_id="<new@sel>", to="recent@exemple.qc.ca", template="t", language="fr",
        status=OutboundEmail.Status.SENT,
    )  # fmt: skip
    expired = SessionStore()
    expired.set_expiry(-10)
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )

    run = retention_purge()

    old.refresh_from_db()
    pending.refresh_from_db()
    recent.refresh_from_db()
    assert old.to == "" and old.context == {}
    assert pending.to == "attente@exemple.qc.ca"  # not delivered yet: kept
    assert recent.to == "recent@exemple.qc.ca"
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert run.purged["outbox_emails_anonymised"] == 1
    assert run.purged["expired_sessions_deleted"] == 1
    assert RetentionRun.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.RETENTION_PURGED).count() == 1
    assert retention_purge().purged["outbox_emails_anonymised"] == 0
