"""A request received as a file: signed with a certificate (seed 003: « une signature numérique
(générée grâce à un certificat numérique produit au moyen d'un outil spécialisé) »), or a paper
scan checked against the form's directives (seed 003: « Aucun document photographié, télécopié ou
non conforme ne sera accepté »; seed 001: « Les lettres moulées, les initiales et les tampons ne
sont pas acceptés pour la signature »)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sel.access.models import AccessRequest
from sel.access.rules import PAPER_DIRECTIVE_CODES, PAPER_DIRECTIVES
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.access.test_agent_processing import paper_data
from tests.conftest import login
from tests.core.signed_samples import (
    altered_by_update,
    altered_in_place,
    signed_form_pdf,
    unsigned_form_pdf,
)
from tests.factories import access_agent

pytestmark = pytest.mark.django_db

VALID_UNTIL = "2031-01-31"


@pytest.fixture
def agent_client(client: Client, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    login(client, access_agent())
    return client


def record(client: Client, content: bytes, name: str = "demande.pdf") -> Any:
    upload = SimpleUploadedFile(name, content, "application/pdf")
    return client.post("/acces/regie/papier/4058/", paper_data(**{"meta-scan": upload}))


def recorded(client: Client, content: bytes) -> AccessRequest:
    response = record(client, content)
    assert response.status_code == 302, response.context and response.context["meta"].errors
    return AccessRequest.objects.get()


def detail(client: Client, access_request: AccessRequest) -> str:
    return client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()


# --- seed 003's « signature numérique » --------------------------------------------------------


def test_a_pdf_signed_with_a_certificate_shows_the_agent_its_signer_and_integrity(
    agent_client: Client,
) -> None:
    access_request = recorded(agent_client, signed_form_pdf("Anh Nguyen"))
    page = detail(agent_client, access_request)
    assert "Signatures numériques du PDF reçu" in page
    assert "<strong>Anh Nguyen</strong>" in page
    assert "Signature intacte : elle correspond à son certificat." in page
    assert "Document inchangé depuis la signature : elle couvre le fichier entier." in page
    # Trust in the certificate is the agent's call: the page says it was not checked.
    assert "n'est pas vérifié auprès d'une autorité de certification" in page
    # Not a paper scan: no directive checklist, and approval needs none.
    assert 'name="directives_confirmed"' not in page
    event = AuditEvent.objects.get(action=Action.ACCESS_REQUEST_PAPER_RECORDED)
    assert [s["signer"] for s in event.details["certificate_signatures"]] == ["Anh Nguyen"]
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": VALID_UNTIL}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED


@pytest.mark.parametrize("alter", [altered_in_place, altered_by_update])
def test_a_pdf_altered_after_signing_is_refused_and_keeps_what_the_agent_typed(
    agent_client: Client, alter: Any
) -> None:
    response = record(agent_client, alter(signed_form_pdf("Anh Nguyen")), name="altere.pdf")
    assert response.status_code == 200
    page = response.content.decode()
    assert "« altere.pdf » porte une signature numérique brisée (Anh Nguyen)" in page
    assert "demandez un nouvel exemplaire signé" in page
    assert response.context["meta"].errors["scan"]
    # What the agent typed is still there.
    for name in ("user-last_name", "user-email", "auth-auth_last_name"):
        assert f'value="{paper_data()[name]}"' in page
    assert AccessRequest.objects.count() == 0


def test_a_broken_signature_is_refused_in_english_for_an_english_agent(
    agent_client: Client,
) -> None:
    User.objects.update(language="en")
    agent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = record(agent_client, altered_in_place(signed_form_pdf("Anh Nguyen")))
    assert response.status_code == 200
    assert "broken digital signature" in response.content.decode()


# --- paper scans: the form's directives ---------------------------------------------------------


def test_an_unsigned_pdf_is_a_paper_scan_whose_review_shows_the_directives(
    agent_client: Client,
) -> None:
    access_request = recorded(agent_client, unsigned_form_pdf())
    page = detail(agent_client, access_request)
    assert "Signatures numériques du PDF reçu" not in page
    for directive in PAPER_DIRECTIVES:
        assert f'value="{directive.code}"' in page
    assert "Chaque signature est manuscrite : ni lettres moulées, ni initiales, ni tampon." in page


@pytest.mark.parametrize("missing", PAPER_DIRECTIVE_CODES)
def test_a_paper_request_is_approved_only_once_every_directive_is_confirmed(
    agent_client: Client, missing: str
) -> None:
    access_request = recorded(agent_client, unsigned_form_pdf())
    confirmed = [code for code in PAPER_DIRECTIVE_CODES if code != missing]
    url = f"/acces/regie/demandes/{access_request.pk}/approve/"
    response = agent_client.post(
        url, {"valid_until": VALID_UNTIL, "directives_confirmed": confirmed}
    )
    assert response.status_code == 400
    [error] = response.context["approve_form"].errors["directives_confirmed"]
    assert "confirmez chaque directive du formulaire" in error
    unconfirmed = next(d for d in PAPER_DIRECTIVES if d.code == missing)
    assert str(unconfirmed.check) in error
    # What the agent typed stays on the page.
    assert f'value="{VALID_UNTIL}"' in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED
    response = agent_client.post(
        url, {"valid_until": VALID_UNTIL, "directives_confirmed": list(PAPER_DIRECTIVE_CODES)}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    event = AuditEvent.objects.get(action=Action.ACCESS_REQUEST_APPROVED)
    assert event.details["paper_directives_confirmed"] == sorted(PAPER_DIRECTIVE_CODES)


REFUSALS = {
    "photographed": (
        "Aucun document photographié n'est accepté",
        "No photographed document is accepted",
    ),
    "photocopied": ("Aucun document photocopié n'est accepté", "No photocopy is accepted"),
    "faxed": ("Aucun document télécopié n'est accepté", "No faxed document is accepted"),
    "nonconforming": (
        "Le document reçu n'est pas conforme",
        "The document received does not conform",
    ),
    "signature_not_handwritten": (
        "en lettres moulées, en initiales ou apposée par un tampon",
        "in block letters, in initials or with a stamp",
    ),
}


def test_every_directive_has_its_refusal_written_in_both_languages() -> None:
    assert set(REFUSALS) == set(PAPER_DIRECTIVE_CODES)


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_refusing_a_paper_request_for_a_directive_writes_it_to_each_in_their_language(
    agent_client: Client, code: str
) -> None:
    access_request = recorded(agent_client, unsigned_form_pdf())
    AccessRequest.objects.filter(pk=access_request.pk).update(user_language="en")
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/refuse/", {"directives_broken": [code]}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REFUSED
    french, english = REFUSALS[code]
    assert french in access_request.decision_note
    to_user = OutboundEmail.objects.get(to=access_request.user_email)
    to_authorizer = OutboundEmail.objects.get(to=access_request.auth_email)
    _, user_body = render_email(to_user)
    _, authorizer_body = render_email(to_authorizer)
    assert english in user_body and french not in user_body
    assert french in authorizer_body and english not in authorizer_body
    others = [REFUSALS[other][0] for other in REFUSALS if other != code]
    assert not any(text in authorizer_body for text in others)
    event = AuditEvent.objects.get(action=Action.ACCESS_REQUEST_REFUSED)
    assert event.details["directives_broken"] == [code]


def test_a_refusal_needs_a_reason_or_a_directive(agent_client: Client) -> None:
    access_request = recorded(agent_client, unsigned_form_pdf())
    response = agent_client.post(f"/acces/regie/demandes/{access_request.pk}/refuse/", {})
    assert response.status_code == 400
    assert "Inscrivez le motif du refus ou cochez une directive." in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED
