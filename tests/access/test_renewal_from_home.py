"""Issue #12 items 13 and the gap it left: the logged-in home page's « prolonger » link for a
grant about to end opens the renewal filled from that grant, as the reminder's link does, not
the blank list of forms; nobody renews someone else's grant through it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Grant
from tests.access.helpers import signature_data_url
from tests.conftest import login
from tests.factories import AccessRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def grant_ending_soon() -> Grant:
    access_request = AccessRequestFactory(approved=True)
    grant = Grant.objects.get(access_request=access_request)
    grant.valid_until = timezone.localdate() + timedelta(days=12)
    grant.save(update_fields=["valid_until"])
    grant.user.must_change_password = False  # past the first login's steps
    grant.user.save(update_fields=["must_change_password"])
    return grant


def test_the_home_page_links_a_grant_ending_soon_to_its_filled_renewal() -> None:
    grant = grant_ending_soon()
    client = Client()
    login(client, grant.user)
    home = client.get("/").content.decode()
    link = f"/acces/prolonger/{grant.pk}/"
    assert f'href="{link}"' in home
    assert 'href="/acces/"' not in home.split("ending-title", 1)[1].split("</section>", 1)[0]
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    assert "Renouvellement de l'accès au service" in html
    assert f'value="{grant.user.username}"' in html
    assert f'value="{grant.access_request.user_last_name}"' in html


def test_the_filled_renewal_is_sent_as_a_new_request_for_the_same_account() -> None:
    grant = grant_ending_soon()
    client = Client()
    login(client, grant.user)
    link = f"/acces/prolonger/{grant.pk}/"
    form = client.get(link).context["form"]
    data: dict[str, Any] = {
        name: form.initial.get(name, field.initial) for name, field in form.fields.items()
    }
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.update(commitment="on", signature_drawn=signature_data_url())
    response = client.post(link, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    renewal = AccessRequest.objects.latest("pk")
    assert renewal.pk != grant.access_request_id
    assert renewal.user_existing_username == grant.user.username


def test_someone_elses_grant_cannot_be_renewed_through_the_home_link() -> None:
    grant = grant_ending_soon()
    intruder = UserFactory()
    client = Client()
    login(client, intruder)
    assert client.get(f"/acces/prolonger/{grant.pk}/").status_code == 404
    assert client.get("/acces/prolonger/999999/").status_code == 404
    anonymous = Client().get(f"/acces/prolonger/{grant.pk}/")
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]


def test_a_withdrawn_grant_has_no_renewal_link() -> None:
    grant = grant_ending_soon()
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    client = Client()
    login(client, grant.user)
    assert client.get(f"/acces/prolonger/{grant.pk}/").status_code == 404
