"""A software vendor's whole life through HTTP and real emails: the vendor requests access, the
agent approves, the client id goes to the authorizer and the initial secret to the IT lead, who
replaces it and makes the first call; the secret is rotated; the grant is withdrawn and the next
call gets 401."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Grant
from sel.b2b.models import B2BClient
from tests.access.helpers import submitted_request
from tests.conftest import SmtpServer, login, run_worker
from tests.factories.access import access_agent
from tests.factories.b2b import API, person, token_response

pytestmark = pytest.mark.django_db(transaction=True)

IT_LEAD = "julie.tremblay@exemple.qc.ca"
AUTHORIZER = "marc.gagnon@pharmacie.qc.ca"


def mail_value(smtp_server: SmtpServer, to: str, label: str) -> str:
    for subject, body in smtp_server.texts(to):
        match = re.search(re.escape(label) + r"\s*:\s*(\S+)", body)
        if "B2B" in subject and match:
            return match.group(1)
    raise AssertionError(f"no « {label} » emailed to {to}")


def test_a_vendor_from_request_to_withdrawal(smtp_server: SmtpServer) -> None:
    person()
    # 1. The vendor's IT lead requests production credentials for eligibility (form 4123).
    access_request = submitted_request("4123", authorizer_overrides={"auth_practice_number": ""})
    assert access_request.credentials == AccessRequest.Credentials.PRODUCTION
    # 2. The agent approves.
    agent_http = Client()
    login(agent_http, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    approved = agent_http.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert approved.status_code == 302
    run_worker()
    # 3. The client id goes to the authorizer, the initial secret to the IT lead; neither both.
    client_id = mail_value(
        smtp_server, AUTHORIZER, "Identifiant du client à remettre au responsable informatique"
    )
    initial = mail_value(smtp_server, IT_LEAD, "Secret initial du client")
    assert all(initial not in body for _s, body in smtp_server.texts(AUTHORIZER))
    assert all(client_id not in body for _s, body in smtp_server.texts(IT_LEAD))
    client = B2BClient.objects.get(application__client_id=client_id)
    assert token_response(Client(), client_id, initial).status_code == 401
    # The IT lead logs in (portal username to the authorizer, temporary password to the IT
    # lead, as for every access request; the first login's steps are tested by accounts) and
    # replaces the initial secret.
    it_lead = client.it_lead
    it_lead.must_change_password = it_lead.must_set_questions = False
    it_lead.save(update_fields=["must_change_password", "must_set_questions"])
    portal = Client()
    login(portal, it_lead)
    secret = portal.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "0"}).context[
        "new_secret"
    ]
    # 4. The first call works.
    token = token_response(Client(), client_id, secret).json()["access_token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    first = Client().post(
        f"{API}/eligibility",
        json.dumps({"nam": "TREJ80010112", "service_date": timezone.localdate().isoformat()}),
        content_type="application/json",
        **headers,
    )
    assert first.status_code == 200 and first.json()["health_insurance"]["covered"] is True
    # 5. The secret is rotated; the old one works through its grace period.
    rotated = portal.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "1"}).context[
        "new_secret"
    ]
    assert token_response(Client(), client_id, secret).status_code == 200
    newest = token_response(Client(), client_id, rotated).json()["access_token"]
    # 6. The Régie withdraws the grant: the next call gets 401, with any token.
    grant = Grant.objects.get(access_request=access_request)
    withdrawn = agent_http.post(
        f"/acces/regie/acces/{grant.pk}/retirer/", {"reason": "Fin du contrat", "from": "grants"}
    )
    assert withdrawn.status_code == 302
    for live in (token, newest):
        after = Client().post(
            f"{API}/eligibility",
            json.dumps({"nam": "TREJ80010112", "service_date": timezone.localdate().isoformat()}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {live}",
        )
        assert after.status_code == 401
    assert token_response(Client(), client_id, rotated).status_code == 401
