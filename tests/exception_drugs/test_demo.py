"""README's demo table: a ready account for each user type of 4313 (assistant, nurse,
technician), each linked to a demo professional, sees requests on the first consultation."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from sel.accounts import demo as accounts_demo
from sel.accounts.demo import DEMO_PASSWORD
from sel.exception_drugs import demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "works_for"),
    [("CE200002", "Gagnon"), ("CE200005", "Gagnon"), ("CE200001", "Pharmacie du Quartier")],
)
def test_each_demo_delegate_logs_in_and_sees_requests_at_once(
    username: str, works_for: str
) -> None:
    accounts_demo.load()
    demo.load()
    demo.load()
    client = Client()
    response = client.post("/compte/connexion/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.post(
        "/medicaments-exception/", {"nam": "TREM56623101", "drug": "02258595"}
    ).content.decode()
    assert "ME26DEMO0001" in html
    page = unescape(client.get("/medicaments-exception/delegations/").content.decode())
    assert works_for in page
