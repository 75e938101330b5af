"""The Aide pages (one guide per service, French and English) and the support centre's contacts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sel.notices.help import HELP_PAGES

pytestmark = pytest.mark.django_db

SLUGS = ["login", "access-requests", "exception-drugs", "messaging", "b2b"]


def test_there_is_a_guide_for_each_service() -> None:
    assert [page.slug for page in HELP_PAGES] == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_each_guide_exists_in_french_and_in_english(client: Client, slug: str) -> None:
    url = reverse("notices:help_page", args=[slug])
    french = client.get(url).content.decode()
    client.post("/langue/", {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    assert '<html lang="fr-CA">' in french and '<html lang="en">' in english
    french_guide = french.split('<article class="help-page">')[1].split("</article>")[0]
    english_guide = english.split('<article class="help-page">')[1].split("</article>")[0]
    assert len(french_guide) > 800 and len(english_guide) > 800
    assert french_guide != english_guide


def test_the_login_guide_tells_the_secret_question_rules_of_seed_001(client: Client) -> None:
    html = client.get(reverse("notices:help_page", args=["login"])).content.decode()
    assert "huit questions" in html and "trois de vos huit questions secrètes" in html
    assert "Centre d'assistance aux professionnels" in html


def test_an_unknown_guide_is_not_found(client: Client) -> None:
    assert client.get(reverse("notices:help_page", args=["inconnu"])).status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/infos/infolettres/", "/infos/nous-joindre/", "/compte/connexion/"]
)
def test_help_is_reachable_from_every_page(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("notices:help")}">Aide</a>' in html


def test_the_help_index_lists_every_guide(client: Client) -> None:
    html = client.get(reverse("notices:help")).content.decode()
    for slug in SLUGS:
        assert reverse("notices:help_page", args=[slug]) in html


def test_the_contact_page_shows_seed_004s_numbers_only_dated_among_the_sources(
    client: Client,
) -> None:
    html = client.get(reverse("notices:contact")).content.decode()
    current = html.split('id="current-title"')[1].split('id="sources-title"')[0]
    sources = html.split('id="sources-title"')[1].split('id="addresses-title"')[0]
    for number in ("418 780-4208", "514 687-3612", "1 888 330-3023"):
        assert number not in current and number in sources
    assert "de 8 h 30 à 12 h et de 13 h à 16 h 30" in sources


def test_the_contact_page_keeps_pharmacists_and_other_professionals_apart(client: Client) -> None:
    html = client.get(reverse("notices:contact")).content.decode()
    table = html.split('<table class="contact-table">')[1].split("</table>")[0]
    header, phones, faxes, hours = table.split("<tr>")[1:5]
    assert header.index("Pharmaciens") < header.index("Autres professionnels")
    pharmacists_phone, others_phone = phones.split("<td>")[1:3]
    assert "418 643-9025" in pharmacists_phone and "1 888 883-7427" in pharmacists_phone
    assert "418 643-8210" in others_phone and "514 873-3480" in others_phone
    assert "1 800 463-4776" in others_phone and "418 643-9025" not in others_phone
    pharmacists_fax, others_fax = faxes.split("<td>")[1:3]
    assert "418 528-5655" in pharmacists_fax and "1 866 734-4418" in pharmacists_fax
    assert "418 646-9251" in others_fax
    pharmacists_hours, others_hours = hours.split("<td>")[1:3]
    assert "du lundi au vendredi, de 8 h 30 à 16 h 30</td>" in pharmacists_hours
    assert "(mercredi de 10 h 30 à 16 h 30)" in others_hours
    assert "services.professionnels@ramq.gouv.qc.ca" in html
    assert "sel.professionnels@ramq.gouv.qc.ca" in html
    assert "faites le 1 pour les services en ligne" in html


def test_the_contact_page_is_linked_from_the_footer(client: Client) -> None:
    assert reverse("notices:contact") in client.get("/").content.decode()
