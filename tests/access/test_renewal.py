"""Issue #12 item 13: the grant-expiry reminder links to a renewal filled from the current grant,
for the user and for the authorizer, not to the blank list of forms."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Grant, OnlineService
from sel.access.tasks import remind_grants_ending_soon
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.access.helpers import link_in_email, signature_data_url
from tests.conftest import login
from tests.factories import AccessRequestFactory, GrantFactory, UserFactory, access_agent

pytestmark = pytest.mark.django_db

USER = "julie.tremblay@exemple.qc.ca"
AUTHORIZER = "marc.gagnon@pharmacie.qc.ca"


def approved_grant_ending_soon() -> Grant:
    access_request = AccessRequestFactory()
    agent = Client()
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=20)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    return Grant.objects.get(access_request=access_request)


def form_values(html: str) -> str:
    return html.replace("&#x27;", "'")


def test_the_reminder_link_opens_the_form_filled_from_the_grant_for_both_recipients() -> None:
    grant = approved_grant_ending_soon()
    remind_grants_ending_soon()
    for to in (USER, AUTHORIZER):
        email = OutboundEmail.objects.get(template="access/grant_expiry_reminder", to=to)
        _subject, body = render_email(email)
        [url] = re.findall(r"https?://\S+", body)
        assert urlsplit(url).path.startswith("/acces/renouveler/")  # not the list of forms
        link = link_in_email(to, "/acces/renouveler/")
        response = Client().get(link)
        assert response.status_code == 200
        html = form_values(response.content.decode())
        assert "Renouvellement de l'accès au service" in html
        assert 'value="TREMBLAY"' in html and 'value="JULIE"' in html
        assert f'value="{grant.user.username}"' in html  # the account to renew, not a new one
        assert f'value="{USER}"' in html and f'value="{AUTHORIZER}"' in html
        assert "123 RUE PRINCIPALE" in html.upper()


def test_the_renewal_is_signed_and_sent_as_a_new_request_for_the_same_account() -> None:
    grant = approved_grant_ending_soon()
    remind_grants_ending_soon()
    link = link_in_email(USER, "/acces/renouveler/")
    client = Client()
    form = client.get(link).context["form"]
    data: dict[str, Any] = {
        name: form.initial.get(name, field.initial) for name, field in form.fields.items()
    }
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.update(commitment="on", signature_drawn=signature_data_url(), form_version="")
    data.pop("form_version")
    response = client.post(link, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    renewal = AccessRequest.objects.latest("pk")
    assert renewal.pk != grant.access_request_id
    assert renewal.user_existing_username == grant.user.username
    assert list(renewal.online_services.all()) == [grant.online_service]
    assert renewal.status == AccessRequest.Status.AWAITING_USER_EMAIL


def test_a_grant_without_a_request_is_renewed_from_the_account() -> None:
    user = UserFactory(email="paul.roy@exemple.qc.ca", last_name="ROY", first_name="PAUL")
    GrantFactory(
        user=user,
        online_service=OnlineService.objects.get(code="exception-drugs"),
        valid_until=timezone.localdate() + timedelta(days=10),
        authorizer_email=AUTHORIZER,
    )
    remind_grants_ending_soon()
    response = Client().get(link_in_email(user.email, "/acces/renouveler/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ROY"' in html and f'value="{user.username}"' in html


def test_a_forged_or_withdrawn_renewal_link_is_refused() -> None:
    grant = approved_grant_ending_soon()
    remind_grants_ending_soon()
    link = link_in_email(USER, "/acces/renouveler/")
    assert Client().get(link[:-3] + "abc/").status_code == 410
    assert Client().get(f"/acces/renouveler/{grant.pk}/").status_code == 410
    Grant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    response = Client().get(link)
    assert response.status_code == 410
    assert "TREMBLAY" not in response.content.decode()


def test_the_renewal_link_expires_after_the_notice_and_the_link_days(settings: Any) -> None:
    from sel.access.services.grants import grant_renewal_url

    grant = approved_grant_ending_soon()
    days = settings.ACCESS_EXPIRY_REMINDER_DAYS + settings.ACCESS_LINK_DAYS
    for age, status in ((days - 1, 200), (days + 1, 410)):
        sent = time.time() - age * 86400
        with mock.patch("django.core.signing.time.time", return_value=sent):
            link = urlsplit(grant_renewal_url(grant)).path
        assert Client().get(link).status_code == status
