"""Every page, email and printed form that gives a number, hours or an address gives what the seeds
say, read here from the seed files themselves (``sel/notices/seed_newsletters``), not from the code
under test (issue #12, item 7)."""

from __future__ import annotations

import html as html_module
import re
import zlib
from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from sel.access.pdf import access_request_pdf_bytes, credentials_letter_pdf_bytes
from sel.notices.seeds import SEED_DIR, SEED_NEWSLETTERS
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"(?:1 )?\d{3} \d{3}-\d{4}")


def seed(number: str) -> str:
    text = (SEED_DIR / f"{number}.txt").read_text(encoding="utf-8")
    return text.replace("’", "'").replace("\u00a0", " ")


def flat(text: str) -> str:
    """Whitespace collapsed, so that a line broken differently still matches."""
    return re.sub(r"\s+", " ", text).strip()


def table_002() -> dict[str, list[str]]:
    """Seed 002's table, row label → [Pharmaciens cell, Autres professionnels cell]; rows that
    continue the one above (empty label) are joined to it."""
    lines = seed("002").splitlines()
    header = ["Pharmaciens", "Autres professionnels"]
    start = next(i for i, line in enumerate(lines) if line.split("\t")[1:3] == header)
    rows: dict[str, list[str]] = {}
    label = ""
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        cells = line.split("\t")
        label = cells[0].strip() or label
        columns = rows.setdefault(label, ["", ""])
        for index, cell in enumerate(cells[1:3]):
            columns[index] = f"{columns[index]} {cell}".strip()
    return rows


TABLE = table_002()
PHARMACISTS_PHONES = PHONE.findall(TABLE["Téléphone :"][0])
OTHERS_PHONES = PHONE.findall(TABLE["Téléphone :"][1])
PHARMACISTS_HOURS = TABLE["Heures de service :"][0]
OTHERS_HOURS = TABLE["Heures de service :"][1]
NEWSLETTER_2022_PHONES = PHONE.findall(seed("004").split("#### Téléphone")[1].split("####")[0])


def test_the_seed_table_is_read_as_the_seed_prints_it() -> None:
    assert PHARMACISTS_PHONES == ["418 643-9025", "1 888 883-7427"]
    assert OTHERS_PHONES == ["418 643-8210", "514 873-3480", "1 800 463-4776"]
    assert PHARMACISTS_HOURS == "du lundi au vendredi, de 8 h 30 à 16 h 30"
    assert OTHERS_HOURS.endswith("(mercredi de 10 h 30 à 16 h 30)")
    assert NEWSLETTER_2022_PHONES == ["418 780-4208", "514 687-3612", "1 888 330-3023"]
    # Seeds 000 and 001 give the other professionals' numbers for the online services.
    for other in ("000", "001"):
        assert all(number in seed(other) for number in OTHERS_PHONES)


def assert_both_lines(text: str) -> None:
    """Both lines of 002's table with their own hours, in that order, and never 004's numbers
    nor the 4313 form's « 16 h » Wednesday."""
    text = flat(html_module.unescape(text))
    pharmacists = text.index(PHARMACISTS_PHONES[0])
    others = text.index(OTHERS_PHONES[0])
    assert pharmacists < others
    for number in PHARMACISTS_PHONES:
        assert pharmacists <= text.index(number) < others
    for number in OTHERS_PHONES:
        assert text.index(number) >= others
    assert PHARMACISTS_HOURS in text[pharmacists:others]
    assert OTHERS_HOURS in text[others:]
    assert "faites le 1 pour les services en ligne" in text
    assert "mercredi de 10 h 30 à 16 h)" not in text


def assert_no_2022_numbers(text: str) -> None:
    for number in NEWSLETTER_2022_PHONES:
        assert number not in text


def assert_table_of_002(page: str) -> None:
    """The contact page's table: one column per line of 002, in 002's order, with its hours."""
    table = page.split('<table class="contact-table">')[1].split("</table>")[0]
    rows = {}
    for row in table.split("<tr>")[1:]:
        cells = [flat(re.sub(r"<[^>]+>", " ", html_module.unescape(c))) for c in row.split("<td>")]
        rows[cells[0]] = cells[1:]
    assert PHONE.findall(rows["Téléphone :"][0]) == PHARMACISTS_PHONES
    assert PHONE.findall(rows["Téléphone :"][1]) == OTHERS_PHONES
    assert rows["Heures de service :"] == [PHARMACISTS_HOURS, OTHERS_HOURS]


def no_questions_page(client: Client) -> str:
    from tests.accounts.test_recovery import _enter_code, _start

    user = UserFactory()
    _start(client, user.username)
    _enter_code(client, user)
    return client.get("/compte/mot-de-passe-oublie/questions/").content.decode()


def locked_account_page(client: Client) -> str:
    from tests.accounts.test_account_lock import _lock_by_failures, _recover_with_right_answers
    from tests.factories.accounts import answer_questions

    user = UserFactory()
    answers = answer_questions(user)
    _lock_by_failures(user)
    return _recover_with_right_answers(client, user, answers).content.decode()


FLOWS = {"no-questions": no_questions_page, "locked-account": locked_account_page}


@pytest.mark.parametrize(
    "url",
    ["/", "/infos/nous-joindre/", "/compte/connexion/", "/infos/aide/", *FLOWS],
)
def test_every_page_gives_both_lines_of_seed_002_with_their_hours(client: Client, url: str) -> None:
    page = FLOWS[url](client) if url in FLOWS else client.get(url).content.decode()
    main, footer = page.split('<footer class="site-footer">')
    assert_both_lines(footer)
    if url == "/infos/nous-joindre/":
        assert_table_of_002(main)
    elif url != "/infos/aide/":
        assert_both_lines(main)
    if url != "/infos/nous-joindre/":
        assert_no_2022_numbers(page)


def test_the_contact_page_states_the_decision_once_with_the_seed_dates(client: Client) -> None:
    page = flat(html_module.unescape(client.get("/infos/nous-joindre/").content.decode()))
    sources = page.split("D'où viennent ces coordonnées")[1]
    # The seed's own header « 2 juin 2015 » is kept as the newsletter's date, not in its body.
    issued = next(n.issued_on for n in SEED_NEWSLETTERS if n.file == "002.txt")
    assert issued == date(2015, 6, 2) and "2 juin 2015" in sources
    assert "8 mai 2017" in seed("000") and "8 mai 2017" in sources
    assert "depuis décembre 2017" in seed("001") and "depuis décembre 2017" in sources
    assert "31 mars 2022" in seed("004") and "31 mars 2022" in sources
    for number in NEWSLETTER_2022_PHONES:
        assert number in sources
    assert page.count("Coordonnées en vigueur") == 1
    for email in ("services.professionnels@ramq.gouv.qc.ca", "sel.professionnels@ramq.gouv.qc.ca"):
        assert email in seed("002") and email in page


def address_lines(number: str, first: str, count: int) -> list[str]:
    """``count`` lines of a seed starting at the line that holds ``first``."""
    lines = [flat(line) for line in seed(number).splitlines()]
    start = next(i for i, line in enumerate(lines) if first in line)
    return lines[start : start + count]


ADDRESS_4313 = address_lines("001", "Régie de l'assurance maladie du Québec", 4)
ADDRESS_003 = ["Régie de l'assurance maladie du Québec", *address_lines("003", "C. P. 6600", 2)]
EMAIL_003 = re.search(r"par courriel : (\S+)", seed("003")).group(1)


def test_the_seed_addresses_are_read_as_the_seeds_print_them() -> None:
    assert ADDRESS_4313[1:] == [
        "Centre d'assistance aux professionnels",
        "Case postale 500",
        "Québec (Québec) G1K 7B4",
    ]
    assert ADDRESS_003[1:] == ["C. P. 6600, succ. Terminus", "Québec (Québec) G1K 7T3"]
    assert EMAIL_003 == "Demandes_acces_SEL@ramq.gouv.qc.ca"


def test_the_contact_page_gives_each_forms_address(client: Client) -> None:
    page = html_module.unescape(client.get("/infos/nous-joindre/").content.decode())
    assert "<br>".join(ADDRESS_4313) in page
    assert "<br>".join(ADDRESS_003) in page
    assert EMAIL_003 in page


def pdf_text(pdf: bytes) -> str:
    """The text drawn by fpdf2's core fonts: each ``(...) Tj`` of every content stream."""
    texts = []
    # A stream's data may end with a 0x0D byte: capture up to "\nendstream" and let zlib leave
    # whatever follows the compressed data (an end-of-line "\r") unused.
    for stream in re.findall(rb"stream\r?\n(.*?)\nendstream", pdf, flags=re.S):
        try:
            content = zlib.decompressobj().decompress(stream)
        except zlib.error:
            continue
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\) ?Tj", content):
            texts.append(re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1"))
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("code", "address", "email"),
    [
        ("4313", ADDRESS_4313, ""),
        ("etablissements", ADDRESS_003, EMAIL_003),
        ("4134", ADDRESS_003, EMAIL_003),
    ],
)
def test_each_printed_form_carries_its_own_address_and_both_lines(
    code: str, address: list[str], email: str
) -> None:
    access_request = AccessRequestFactory(form=code)
    text = pdf_text(access_request_pdf_bytes(access_request))
    lines = text.splitlines()
    start = lines.index(address[0], lines.index(next(line for line in lines if "envoyer" in line)))
    assert lines[start : start + len(address)] == address
    if email:
        assert email in text
    else:
        assert "Demandes_acces_SEL" not in text and "6600" not in text
    assert_both_lines(text.split("Pour nous joindre :")[1])
    assert_no_2022_numbers(text)
    letter = pdf_text(
        credentials_letter_pdf_bytes(access_request, username="CE000001", temporary_password="x")
    )
    assert letter.splitlines()[: len(address)] == address


EMAILS: list[tuple[str, dict[str, Any]]] = [
    ("accounts/account_locked", {"first_name": "Julie"}),
    ("accounts/alias_changed", {"first_name": "Julie", "username": "CE1", "when": "2026-01-01"}),
    ("accounts/email_changed", {"first_name": "Julie", "username": "CE1", "when": "2026-01-01"}),
    ("accounts/recovery_locked", {"first_name": "Julie", "hours": 24}),
]


@pytest.mark.parametrize(("template", "context"), EMAILS)
def test_every_email_that_gives_numbers_gives_both_lines(
    template: str, context: dict[str, Any]
) -> None:
    with translation.override("fr-ca"):
        body = render_to_string(f"email/{template}.txt", context)
    assert_both_lines(body)
    assert_no_2022_numbers(body)
    assert "&#x27;" not in body and "&amp;" not in body
