"""The base layout, languages, error pages, health endpoint and security headers."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import path

from sel.access.decorators import service_required
from sel.portal import urls as sel_urls
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_home_is_in_french_by_default_with_the_support_centre_from_seed_002(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-CA">' in html
    assert "Passer au contenu principal" in html
    for line in (
        "418 643-9025",
        "1 888 883-7427",
        "418 643-8210",
        "du lundi au vendredi, de 8 h 30 à 16 h 30",
        "(mercredi de 10 h 30 à 16 h 30)",
    ):
        assert line in html


def test_language_switch_turns_the_portal_to_english_and_back(client: Client) -> None:
    response = client.post("/langue/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Other professionals" in html
    response = client.post("/langue/", {"language": "fr-ca", "next": "/"}, follow=True)
    assert "Autres professionnels" in response.content.decode()


def test_every_html_response_carries_the_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_post_without_csrf_token_is_refused_with_403() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/langue/", {"language": "en"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_authenticated_pages_are_not_stored_by_browsers(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]


def test_home_shows_the_users_name_and_explains_an_empty_list_of_services(client: Client) -> None:
    user = UserFactory(first_name="Julie", last_name="TREMBLAY")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Julie TREMBLAY" in html
    assert "Aucun service en ligne ne vous est encore accordé" in html


def test_unknown_page_gets_the_portals_404_in_the_users_language(client: Client) -> None:
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    client.post("/langue/", {"language": "en", "next": "/"})
    assert "Page not found" in client.get("/nexiste-pas/").content.decode()


def boom(request: Any) -> None:
    raise RuntimeError("secret internals: /etc/passwd")


@service_required("exception-drugs")
def service_page(request: Any) -> None:
    raise AssertionError("a refused user must not reach the view")


urlpatterns = [path("boom/", boom), path("service/", service_page), *sel_urls.urlpatterns]


def test_a_crash_gives_a_generic_page_without_stack_trace(settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.test_pages"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in html and "An error occurred" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_healthz_answers_200_when_database_and_cache_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_healthz_answers_503_when_the_cache_is_down(client: Client) -> None:
    with mock.patch("sel.core.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def test_a_page_refused_by_a_missing_grant_says_how_to_ask_in_both_languages(
    client: Client, settings: Any
) -> None:
    settings.ROOT_URLCONF = "tests.core.test_pages"
    client.force_login(UserFactory())
    response = client.get("/service/")
    assert response.status_code == 403
    assert "Accès au service requis" in response.content.decode()
    client.post("/langue/", {"language": "en", "next": "/"})
    assert "Access to the service required" in client.get("/service/").content.decode()
