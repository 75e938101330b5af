"""Grants after approval: withdrawal on an open session, reminders 30 days before the end, the
authorizers' yearly confirmation, and the home page listing grants with their end dates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from sel.access.decorators import service_required
from sel.access.models import AccessLink, Grant, OnlineService
from sel.access.services import grants as grant_services
from sel.access.tasks import remind_grants_ending_soon, yearly_grant_confirmation
from sel.outbox.models import OutboundEmail
from sel.portal import urls as sel_urls
from tests.access.helpers import link_in_email
from tests.conftest import login
from tests.factories.access import GrantFactory, access_agent
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@service_required("exception-drugs")
def consult_page(request: Any) -> HttpResponse:
    return HttpResponse("consultation")


urlpatterns = [path("service/", consult_page), *sel_urls.urlpatterns]


def grant_for(user: Any = None, **fields: Any) -> Grant:
    fields.setdefault("valid_until", timezone.localdate() + timedelta(days=365))
    fields.setdefault("authorizer_email", "marc.gagnon@pharmacie.qc.ca")
    return GrantFactory(
        user=user or UserFactory(email="julie.tremblay@exemple.qc.ca"),
        online_service=OnlineService.objects.get(code="exception-drugs"),
        **fields,
    )


def test_a_withdrawal_stops_the_service_on_the_next_request_of_an_open_session(
    client: Client, settings: Any
) -> None:
    settings.ROOT_URLCONF = "tests.access.test_grants"
    grant = grant_for()
    login(client, grant.user)
    assert client.get("/service/").status_code == 200
    agent_client = Client()
    login(agent_client, access_agent())
    response = agent_client.post(
        f"/acces/regie/acces/{grant.pk}/retirer/", {"reason": "Engagement non respecté"}
    )
    assert response.status_code == 302
    assert client.get("/service/").status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_reason == "Engagement non respecté"
    told = set(
        OutboundEmail.objects.filter(template="access/grant_revoked").values_list("to", flat=True)
    )
    assert told == {"julie.tremblay@exemple.qc.ca", "marc.gagnon@pharmacie.qc.ca"}


def test_only_agents_with_the_revoke_permission_withdraw_a_grant(client: Client) -> None:
    grant = grant_for()
    login(client, UserFactory())
    assert (
        client.post(f"/acces/regie/acces/{grant.pk}/retirer/", {"reason": "x"}).status_code == 403
    )
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_a_grant_past_its_end_date_stops_working(client: Client, settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.access.test_grants"
    grant = grant_for(valid_until=timezone.localdate() - timedelta(days=1))
    login(client, grant.user)
    assert client.get("/service/").status_code == 403


def test_user_and_authorizer_are_reminded_once_30_days_before_the_end(settings: Any) -> None:
    soon = grant_for(valid_until=timezone.localdate() + timedelta(days=30))
    grant_for(
        user=UserFactory(email="loin@exemple.qc.ca"),
        valid_until=timezone.localdate() + timedelta(days=31),
    )
    remind_grants_ending_soon()
    reminders = OutboundEmail.objects.filter(template="access/grant_expiry_reminder")
    assert set(reminders.values_list("to", flat=True)) == {soon.user.email, soon.authorizer_email}
    assert reminders.first().context["valid_until"] == soon.valid_until.isoformat()
    remind_grants_ending_soon()
    assert OutboundEmail.objects.filter(template="access/grant_expiry_reminder").count() == 2


def test_the_home_page_lists_the_accounts_grants_with_their_end_dates(client: Client) -> None:
    grant = grant_for()
    login(client, grant.user)
    html = client.get("/").content.decode()
    assert "Médicaments d&#x27;exception" in html or "Médicaments d'exception" in html
    assert grant.valid_until.isoformat() in html


def make_due_for_confirmation(grant: Grant) -> None:
    Grant.objects.filter(pk=grant.pk).update(last_confirmed_at=timezone.now() - timedelta(days=366))


def confirmation_link() -> str:
    return link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/confirmer/")


def test_each_authorizer_receives_one_yearly_link_listing_the_grants_they_authorized(
    client: Client,
) -> None:
    first = grant_for()
    second = grant_for(user=UserFactory(email="paul.roy@exemple.qc.ca"))
    recent = grant_for(
        user=UserFactory(email="recent@exemple.qc.ca"), last_confirmed_at=timezone.now()
    )
    for grant in (first, second):
        make_due_for_confirmation(grant)
    yearly_grant_confirmation()
    emails = OutboundEmail.objects.filter(template="access/yearly_confirmation")
    assert list(emails.values_list("to", flat=True)) == ["marc.gagnon@pharmacie.qc.ca"]
    assert emails.get().context["count"] == 2
    page = client.get(confirmation_link()).content.decode()
    assert first.user.username in page and second.user.username in page
    assert recent.user.username not in page


def test_the_authorizer_confirms_one_grant_and_ends_the_other_through_the_link(
    client: Client,
) -> None:
    keep = grant_for()
    end = grant_for(user=UserFactory(email="paul.roy@exemple.qc.ca"))
    for grant in (keep, end):
        make_due_for_confirmation(grant)
    yearly_grant_confirmation()
    link = confirmation_link()
    response = client.post(link, {f"grant-{keep.pk}": "confirm", f"grant-{end.pk}": "end"})
    assert response.status_code == 200
    keep.refresh_from_db()
    end.refresh_from_db()
    assert keep.revoked_at is None and keep.confirmation_requested_at is None
    assert keep.last_confirmed_at is not None
    assert keep.last_confirmed_at > timezone.now() - timedelta(minutes=1)
    assert end.revoked_at is not None
    assert OutboundEmail.objects.filter(
        template="access/grant_revoked", to="paul.roy@exemple.qc.ca"
    ).exists()
    assert client.get(link).status_code == 410


def test_a_grant_not_confirmed_within_30_days_ends_by_itself_and_the_user_is_told() -> None:
    grant = grant_for()
    make_due_for_confirmation(grant)
    yearly_grant_confirmation()
    grant.refresh_from_db()
    assert grant.revoked_at is None
    Grant.objects.filter(pk=grant.pk).update(
        confirmation_requested_at=timezone.now() - timedelta(days=31)
    )
    AccessLink.objects.update(expires_at=timezone.now() - timedelta(days=1))
    yearly_grant_confirmation()
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    told = OutboundEmail.objects.get(template="access/grant_ended_unconfirmed")
    assert told.to == grant.user.email


def test_a_revoked_grant_is_not_revoked_twice() -> None:
    grant = grant_for()
    agent = access_agent()
    grant_services.grant_revoke(grant=grant, agent=agent, reason="a")
    grant_services.grant_revoke(grant=grant, agent=agent, reason="b")
    grant.refresh_from_db()
    assert grant.revoked_reason == "a"
    assert OutboundEmail.objects.filter(template="access/grant_revoked").count() == 2


def test_an_agent_finds_an_accounts_grants_by_username_and_withdraws_one(client: Client) -> None:
    grant = grant_for()
    login(client, access_agent())
    html = client.get(
        "/acces/regie/acces/", {"utilisateur": grant.user.username.lower()}
    ).content.decode()
    assert grant.valid_until is not None and grant.valid_until.isoformat() in html
    response = client.post(
        f"/acces/regie/acces/{grant.pk}/retirer/", {"reason": "Départ", "from": "grants"}
    )
    assert response["Location"].endswith(f"?utilisateur={grant.user.username}")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert "Départ" in client.get(response["Location"]).content.decode()


def test_a_user_who_is_also_the_authorizer_is_told_once_of_a_withdrawal() -> None:
    """One helper writes to the user and the authorizer (issue #11): the same mailbox, however
    its address is capitalised, gets one email, not two."""
    grant = grant_for(authorizer_email="Julie.Tremblay@Exemple.qc.ca")
    grant_services.grant_revoke(grant=grant, agent=access_agent(), reason="Fin d'emploi")
    sent = OutboundEmail.objects.filter(template="access/grant_revoked")
    assert [email.to for email in sent] == ["julie.tremblay@exemple.qc.ca"]


def test_a_withdrawal_is_written_to_the_user_and_to_a_different_authorizer() -> None:
    grant = grant_for()
    grant_services.grant_revoke(grant=grant, agent=access_agent(), reason="Fin d'emploi")
    sent = sorted(e.to for e in OutboundEmail.objects.filter(template="access/grant_revoked"))
    assert sent == ["julie.tremblay@exemple.qc.ca", "marc.gagnon@pharmacie.qc.ca"]
