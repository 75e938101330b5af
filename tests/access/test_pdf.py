"""The printable request, laid out like the paper form, for each form family (fpdf2)."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.access.pdf import access_request_pdf_bytes
from tests.conftest import login
from tests.factories.access import AccessRequestFactory, access_agent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["4313", "etablissements", "4134"])
def test_each_form_family_prints_with_its_sections_and_signatures(code: str) -> None:
    access_request = AccessRequestFactory(form=code)
    pdf = access_request_pdf_bytes(access_request)
    assert pdf.startswith(b"%PDF")
    # The test signs twice with the same drawing, which fpdf2 stores once.
    assert pdf.count(b"/Subtype /Image") == 1


def test_agents_print_any_request_and_others_are_refused(client: Client) -> None:
    access_request = AccessRequestFactory()
    assert client.get(f"/acces/regie/demandes/{access_request.pk}/pdf/").status_code == 302
    login(client, access_agent())
    response = client.get(f"/acces/regie/demandes/{access_request.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "Demandes d'accès à traiter (Régie)" in client.get("/acces/").content.decode()
