"""Anonymous forms that make the portal send email cannot be used as a free relay (issue
« Security perimeter », item 4): submissions are limited per client address and per target
address, nothing reaches the authorizer before the user confirms their own address, and no text
typed by the requester is put into the authorizer's email. The same limits hold for *Mot de passe
oublié?*, for the request to send a new confirmation link, and for the correction link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.access import tasks
from sel.access.models import AccessLink, AccessRequest
from sel.access.selectors import agent_queue
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.access.helpers import (
    authorizer_section,
    confirm_user_email,
    link_in_email,
    user_section,
)
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import UserFactory, answer_questions

pytestmark = pytest.mark.django_db

FILL = "/acces/demande/{}/"
RECOVERY = "/compte/mot-de-passe-oublie/"
ATTEMPTS = 40
AUTH = "marc.gagnon@pharmacie.qc.ca"


def _address(attempt: int) -> str:
    return f"203.0.113.{attempt % 250 + 1}" if attempt < 250 else f"198.51.100.{attempt % 250}"


@pytest.mark.parametrize("code", ["4313", "etablissements", "4058"])
def test_attacker_floods_the_access_form_to_mail_strangers(code: str, settings: Any) -> None:
    """40 POSTs from one address, each naming two strangers, give at most the per-address limit
    of requests; each queues one email, to the user's address only; the refused ones get a clear
    429 page that keeps what was typed, and leave nothing behind."""
    client = Client()
    statuses = []
    last = None
    for attempt in range(ATTEMPTS):
        data = user_section(
            code,
            email=f"stranger{attempt}@victims.example",
            authorizer_email=f"boss{attempt}@victims.example",
            last_name="bombardier",
        )
        last = client.post(FILL.format(code), data)
        statuses.append(last.status_code)
    limit = settings.ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR
    assert AccessRequest.objects.count() <= limit
    assert statuses.count(302) == AccessRequest.objects.count()
    assert OutboundEmail.objects.count() == AccessRequest.objects.count()
    assert not OutboundEmail.objects.filter(to__startswith="boss").exists()
    assert statuses.count(429) == ATTEMPTS - AccessRequest.objects.count()
    assert last is not None and last.status_code == 429
    page = last.content.decode()
    assert "Trop de demandes" in page
    assert f'value="stranger{ATTEMPTS - 1}@victims.example"' in page
    assert 'value="bombardier"' in page
    submitted = Action.ACCESS_REQUEST_SUBMITTED
    assert AuditEvent.objects.filter(action=submitted).count() == AccessRequest.objects.count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(FILL.format(code), data)
    assert english.status_code == 429
    assert "Too many requests" in english.content.decode()


def test_attacker_mails_one_stranger_from_many_addresses(settings: Any) -> None:
    """Rotating client addresses and confirming attacker-owned user addresses, one stranger named
    as the authorizer still gets no more than the per-recipient limit of emails a day."""
    victim = "directrice@hopital.example"
    for attempt in range(ATTEMPTS):
        client = Client(REMOTE_ADDR=_address(attempt))
        user_email = f"attacker{attempt}@evil.example"
        response = client.post(
            FILL.format("4313"), user_section(email=user_email, authorizer_email=victim)
        )
        if response.status_code == 302:
            confirm_user_email(client, user_email)
    to_victim = OutboundEmail.objects.filter(to=victim).count()
    assert 0 < to_victim <= settings.EMAILS_PER_RECIPIENT_PER_DAY


def test_attacker_floods_one_strangers_mailbox_as_the_user_from_many_addresses(
    settings: Any,
) -> None:
    victim = "someone@victims.example"
    for attempt in range(ATTEMPTS):
        Client(REMOTE_ADDR=_address(attempt)).post(
            FILL.format("4313"),
            user_section(email=victim, authorizer_email=f"boss{attempt}@victims.example"),
        )
    assert OutboundEmail.objects.filter(to=victim).count() > 0
    assert OutboundEmail.objects.filter(to=victim).count() <= settings.EMAILS_PER_RECIPIENT_PER_DAY
    # Upper case, spaces and a "+tag" reach the same mailbox: they count as the same recipient.
    before = AccessRequest.objects.count()
    Client(REMOTE_ADDR="192.0.2.200").post(
        FILL.format("4313"),
        user_section(email=" Someone+x@Victims.example ", authorizer_email="b@victims.example"),
    )
    assert AccessRequest.objects.count() == before


def test_attacker_gets_the_authorizer_mailed_without_owning_the_user_address(
    client: Client, settings: Any
) -> None:
    """The request waits for the user's own confirmation: no email to the authorizer, no place
    in the agent's queue; left unconfirmed, it expires and the authorizer never hears of it."""
    response = client.post(
        FILL.format("4313"), user_section(email="not.mine@victims.example", authorizer_email=AUTH)
    )
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    assert not OutboundEmail.objects.filter(to=AUTH).exists()
    assert not AccessLink.objects.filter(purpose=AccessLink.Purpose.AUTHORIZER_SIGN).exists()
    assert access_request not in agent_queue()
    page = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre boîte de courriel" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Check your mailbox" in client.get(response["Location"]).content.decode()
    link_row = AccessLink.objects.get(purpose=AccessLink.Purpose.USER_EMAIL)
    hours = settings.ACCESS_USER_CONFIRMATION_HOURS
    assert link_row.expires_at <= timezone.now() + timedelta(hours=hours)
    assert link_row.expires_at > timezone.now() + timedelta(hours=hours, minutes=-1)

    # Past its link's validity (ACCESS_USER_CONFIRMATION_HOURS), the request expires.
    AccessLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    tasks.expire_unconfirmed_requests()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.EXPIRED
    link = link_in_email("not.mine@victims.example", "/acces/verifier-adresse/")
    assert client.post(link).status_code == 410
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    assert "Demande expirée" in client.get(response["Location"]).content.decode()
    resend = client.post(f"{response['Location']}nouveau-lien/")
    assert resend.status_code == 302
    assert OutboundEmail.objects.filter(to="not.mine@victims.example").count() == 1
    assert not OutboundEmail.objects.filter(to=AUTH).exists()
    assert access_request not in agent_queue()


PHISHING = {
    "last_name": "Votre compte RAMQ expire",
    "first_name": "appelez le 1-900-555-0199",
    "organization_name": "Payez sur http://evil.example",
    "address": "Urgent: virement requis",
}


def test_attacker_writes_a_message_to_the_authorizer_in_the_request_fields(
    client: Client,
) -> None:
    """The authorizer's email holds only the portal's words, the form's name, the reference and
    the link: nothing the requester typed (names, organisation, address, their email)."""
    user_email = "phisher@evil.example"
    client.post(FILL.format("4313"), user_section(email=user_email, **PHISHING))
    confirm_user_email(client, user_email)
    link = link_in_email(AUTH, "/acces/autoriser/")
    client.post(link, authorizer_section())
    to_authorizer = OutboundEmail.objects.filter(to=AUTH)
    assert to_authorizer.count() == 2  # the signing link, then "in the Régie's queue"
    for email in [*to_authorizer, *OutboundEmail.objects.filter(to=user_email)]:
        subject, body = render_email(email)
        text = f"{subject}\n{body}".casefold()
        for typed in PHISHING.values():
            assert typed.casefold() not in text, (email.template, typed)
    for email in to_authorizer:
        assert user_email not in "".join(render_email(email))


def test_attacker_asks_for_new_confirmation_links_to_flood_the_user_address(
    client: Client, settings: Any
) -> None:
    victim = "someone@victims.example"
    response = client.post(FILL.format("4313"), user_section(email=victim))
    reference = AccessRequest.objects.get().reference
    assert response["Location"] == f"/acces/transmise/{reference}/"
    statuses = [
        client.post(
            f"/acces/transmise/{reference}/nouveau-lien/", REMOTE_ADDR=_address(attempt)
        ).status_code
        for attempt in range(ATTEMPTS)
    ]
    sent = OutboundEmail.objects.filter(to=victim).count()
    assert 1 < sent <= settings.EMAILS_PER_RECIPIENT_PER_DAY
    assert statuses.count(429) == ATTEMPTS - (sent - 1)
    page = client.post(f"/acces/transmise/{reference}/nouveau-lien/").content.decode()
    assert "Trop de demandes" in page
    # Every new link works once and leads to the same request.
    confirm_user_email(client, victim)
    assert AccessRequest.objects.get().status == AccessRequest.Status.AWAITING_AUTHORIZER
    assert OutboundEmail.objects.filter(to=AUTH).count() == 1


def test_attacker_uses_the_correction_link_to_mail_an_unconfirmed_address(client: Client) -> None:
    """A request returned as incomplete, corrected with a new user address: the new address is
    confirmed before the authorizer is written to again."""
    access_request = AccessRequestFactory(incomplete=True)
    before = OutboundEmail.objects.filter(to=AUTH).count()
    link = access_request.emailed_link
    new_address = "stranger@victims.example"
    response = client.post(link, user_section(email=new_address))
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.AWAITING_USER_EMAIL
    assert OutboundEmail.objects.filter(to=AUTH).count() == before
    confirm_user_email(client, new_address)
    assert OutboundEmail.objects.filter(to=AUTH).count() == before + 1


def test_attacker_sends_a_correction_from_an_address_past_its_limit(
    client: Client, settings: Any
) -> None:
    """The correction link is held to the same limits: refused with a 429 that keeps what was
    typed, the link still usable, nothing recorded or sent."""
    access_request = AccessRequestFactory(incomplete=True)
    user_email = access_request.user_email
    link = access_request.emailed_link
    attacker = Client(REMOTE_ADDR="203.0.113.77")
    for attempt in range(settings.ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR):
        attacker.post(
            FILL.format("4313"),
            user_section(email=f"a{attempt}@evil.example", authorizer_email="b@evil.example"),
        )
    emails = OutboundEmail.objects.count()
    response = attacker.post(link, user_section(email=user_email, last_name="corrigé"))
    assert response.status_code == 429
    assert 'value="corrigé"' in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.INCOMPLETE
    assert OutboundEmail.objects.count() == emails
    assert client.post(link, user_section(email=user_email)).status_code == 302


def test_attacker_floods_a_victims_mailbox_with_recovery_codes(settings: Any) -> None:
    """*Mot de passe oublié?* for one account, from 40 addresses: the account's address gets at
    most the per-recipient limit of codes, and every answer is the same page as for a name with
    no account."""
    victim = UserFactory()
    answer_questions(victim)
    answers = set()
    for attempt in range(ATTEMPTS):
        for username in (victim.username, "CE888777"):
            response = Client(REMOTE_ADDR=_address(attempt)).post(RECOVERY, {"username": username})
            answers.add((response.status_code, response["Location"]))
    codes = OutboundEmail.objects.filter(template="accounts/recovery_code", to=victim.email)
    assert 0 < codes.count() <= settings.EMAILS_PER_RECIPIENT_PER_DAY
    assert answers == {(302, "/compte/mot-de-passe-oublie/code/")}


def test_attacker_sends_recovery_codes_to_many_accounts_from_one_address(settings: Any) -> None:
    settings.RECOVERIES_PER_ADDRESS_PER_HOUR = 5
    users = [UserFactory() for _ in range(12)]
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post(RECOVERY, {"username": u.username}).status_code for u in users]
    sent = OutboundEmail.objects.filter(template="accounts/recovery_code").count()
    assert sent == 5
    assert statuses.count(429) == len(users) - 5
    page = client.post(RECOVERY, {"username": users[0].username}).content.decode()
    assert "Trop de demandes" in page
    assert str(users[0].username) in page


def test_attacker_floods_the_access_forms_with_a_users_address_to_block_their_recovery(
    settings: Any,
) -> None:
    """The access forms' per-recipient limit, used up on purpose with someone's address, does not
    keep *Mot de passe oublié?* codes from them: each flow counts apart."""
    user = UserFactory()
    answer_questions(user)
    for attempt in range(settings.EMAILS_PER_RECIPIENT_PER_DAY + 2):
        Client(REMOTE_ADDR=_address(attempt)).post(
            FILL.format("4313"),
            user_section(email=user.email, authorizer_email=f"boss{attempt}@victims.example"),
        )
    response = Client(REMOTE_ADDR="192.0.2.7").post(RECOVERY, {"username": user.username})
    assert response.status_code == 302
    codes = OutboundEmail.objects.filter(template="accounts/recovery_code", to=user.email)
    assert codes.count() == 1
