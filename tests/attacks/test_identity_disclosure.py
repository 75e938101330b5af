"""Item 5, identity disclosure: a prescriber who types only a NAM must not learn the name and
birth date the Régie holds for it, must not set that identity for everyone after them, and every
read of an identity leaves an audit row (SECURITY.md checks 29 and 31)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.models import Drug, ExceptionRequest, InsuredPerson
from sel.exception_drugs.nam import nam_build
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import DrugFactory, InsuredPersonFactory, grant_exception_drugs

SUBMIT_URL = "/medicaments-exception/demandes/nouvelle/"

# The Régie's register knows this person; the stranger-prescribers below never had a request
# for them. Every field is distinctive, so a leak of any one of them shows in a page.
REGISTERED = {
    "last_name": "Tremblay-Lachance",
    "first_name": "Marie-Ève",
    "birth_date": date(1938, 7, 14),
    "sex": "F",
}


def prescriber(username: str) -> User:
    user = UserFactory(role=Role.PRESCRIBER, username=username)
    grant_exception_drugs(user)
    return user


@pytest.fixture
def drug(db: Any) -> Drug:
    return DrugFactory()


@pytest.fixture
def registered(db: Any) -> InsuredPerson:
    return InsuredPersonFactory(**REGISTERED)


def submit(client: Client, drug: Drug, nam: str, **identity: Any) -> Any:
    data = {
        "nam": nam,
        "kind": "exception_drug",
        "drug": drug.din,
        "justification": "Échec du méthotrexate.",
        **identity,
    }
    return client.post(SUBMIT_URL, data, follow=True)


def newest_request_of(user: User) -> ExceptionRequest:
    return ExceptionRequest.objects.filter(prescriber=user).latest("pk")


def renewal_page(client: Client, exception_request: ExceptionRequest) -> str:
    response = client.get(
        f"/medicaments-exception/demandes/{exception_request.reference}/renouveler/"
    )
    assert response.status_code == 200
    return str(response.content.decode())


def leaked(html: str, identity: dict[str, Any]) -> list[str]:
    """The parts of ``identity`` that appear in the page (the birth date in any usual form)."""
    born: date = identity["birth_date"]
    needles = [
        identity["last_name"],
        identity["first_name"],
        born.isoformat(),
        born.strftime("%d/%m/%Y"),
        str(born.year),
    ]
    return [needle for needle in needles if needle in html]


def test_prescriber_learns_a_stranger_s_identity_from_the_renewal_page(
    client: Client, drug: Drug, registered: InsuredPerson
) -> None:
    stranger = prescriber("IP500001")
    login(client, stranger)
    confirmation = submit(client, drug, registered.nam)
    assert confirmation.status_code == 200
    assert confirmation.redirect_chain, "the bare NAM is a valid submission"
    assert leaked(confirmation.content.decode(), REGISTERED) == []

    exception_request = newest_request_of(stranger)
    detail = client.get(f"/medicaments-exception/demandes/{exception_request.reference}/")
    assert leaked(detail.content.decode(), REGISTERED) == []
    html = renewal_page(client, exception_request)
    assert f'value="{registered.nam}"' in html  # what the prescriber typed comes back
    assert leaked(html, REGISTERED) == []


def test_prescriber_tells_a_registered_nam_from_an_unknown_one_by_the_renewal_page(
    client: Client, drug: Drug, registered: InsuredPerson
) -> None:
    """Check 29: a NAM the prescriber may not know about answers as a NAM that does not exist."""
    unknown = nam_build(
        last_name="Tremblay", first_name="Marie", birth_date=date(1938, 7, 15), female=True
    )
    assert not InsuredPerson.objects.filter(nam=unknown).exists()
    stranger = prescriber("IP500002")
    login(client, stranger)
    pages = []
    for nam in (registered.nam, unknown):
        assert submit(client, drug, nam).redirect_chain
        exception_request = newest_request_of(stranger)
        html = renewal_page(client, exception_request)
        html = html.replace(nam, "NAM").replace(exception_request.reference, "REF")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))
    assert pages[0] == pages[1]


def test_first_prescriber_to_submit_a_nam_sets_the_identity_everyone_else_sees(
    client: Client, drug: Drug
) -> None:
    """A NAM the register does not know: the first prescriber's (false) identity must neither
    become the person's identity nor reach the next prescriber's pages."""
    true_identity = {
        "last_name": "Tremblay",
        "first_name": "Marie",
        "birth_date": date(1956, 12, 31),
        "sex": "F",
    }
    nam = nam_build(
        last_name="Tremblay", first_name="Marie", birth_date=date(1956, 12, 31), female=True
    )
    false_identity = {**true_identity, "last_name": "Trebuchet", "first_name": "Mauve"}
    first, second = prescriber("IP500003"), prescriber("IP500004")

    login(client, first)
    assert submit(client, drug, nam, **false_identity).redirect_chain
    person = InsuredPerson.objects.get(nam=nam)
    assert (person.last_name, person.first_name, person.birth_date) == ("", "", None)

    login(client, second)
    response = submit(client, drug, nam, **true_identity)
    assert response.redirect_chain, "the true identity is not refused for the first one's lie"
    html = renewal_page(client, newest_request_of(second))
    assert 'value="Tremblay"' in html and 'value="Marie"' in html
    assert "Trebuchet" not in html and "Mauve" not in html

    login(client, first)
    html = renewal_page(client, newest_request_of(first))
    assert 'value="Trebuchet"' in html  # each prescriber gets back only what they typed
    assert "1956-12-31" in html


@pytest.mark.parametrize(
    "typed",
    [
        {"last_name": "Tremblay-Lavoie"},  # same NAM letters, another surname
        {"first_name": "Mélodie"},  # same initial, another first name
        {"birth_date": "2038-07-14"},  # same NAM digits, another century
    ],
)
def test_prescriber_overwrites_the_register_identity_with_one_the_nam_agrees_with(
    client: Client, drug: Drug, registered: InsuredPerson, typed: dict[str, str]
) -> None:
    stranger = prescriber("IP500005")
    login(client, stranger)
    response = submit(client, drug, registered.nam, **typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "ne correspond pas à celle que la Régie connaît" in html
    assert not ExceptionRequest.objects.filter(prescriber=stranger).exists()
    registered.refresh_from_db()
    assert {name: getattr(registered, name) for name in REGISTERED} == REGISTERED
    # The refusal names no stored value: only what the prescriber typed comes back.
    assert leaked(html.replace('value="2038-07-14"', ""), REGISTERED) == []
    refusal = AuditEvent.objects.get(action=Action.INSURED_PERSON_IDENTITY_REFUSED)
    assert (refusal.actor, refusal.subject_key) == (stranger, registered.nam)


def test_prescriber_guesses_the_stored_name_until_the_submission_is_accepted_unseen(
    client: Client, drug: Drug, registered: InsuredPerson
) -> None:
    """Each comparison with the register tells the prescriber one bit: each one is audited, the
    right guess as well as the wrong ones."""
    stranger = prescriber("IP500006")
    login(client, stranger)
    for guess in ("Tremblay", "Tremblay-Lavoie", "Tremblay-Lachance"):
        submit(client, drug, registered.nam, last_name=guess)
    trail = AuditEvent.objects.filter(actor=stranger, subject_key=registered.nam)
    assert trail.filter(action=Action.INSURED_PERSON_IDENTITY_REFUSED).count() == 2
    submitted = trail.get(action=Action.EXCEPTION_REQUEST_SUBMITTED)
    assert submitted.details["identity"] == "agrees"


def test_prescriber_guesses_the_stored_name_past_the_day_s_cap(
    client: Client, drug: Drug, registered: InsuredPerson, settings: Any
) -> None:
    """Past IDENTITY_REFUSALS_PER_DAY refusals, even the right name is no longer compared: the
    guessing stops, with a message that sends the prescriber to the support centre."""
    settings.IDENTITY_REFUSALS_PER_DAY = 3
    stranger = prescriber("IP500016")
    login(client, stranger)
    for guess in ("Tremblay", "Tremblay-Lavoie", "Tremblay-Roy"):
        html = submit(client, drug, registered.nam, last_name=guess).content.decode()
        assert "ne correspond pas" in html
    html = submit(client, drug, registered.nam, **REGISTERED).content.decode()
    assert "identités refusées aujourd" in html
    assert not ExceptionRequest.objects.filter(prescriber=stranger).exists()


def test_prescriber_reads_an_identity_on_the_renewal_page_without_leaving_a_trace(
    client: Client, drug: Drug, registered: InsuredPerson
) -> None:
    owner = prescriber("IP500007")
    login(client, owner)
    assert submit(client, drug, registered.nam, **REGISTERED).redirect_chain
    exception_request = newest_request_of(owner)
    before = AuditEvent.objects.count()
    html = renewal_page(client, exception_request)
    assert 'value="Tremblay-Lachance"' in html and 'value="1938-07-14"' in html
    read = AuditEvent.objects.get(action=Action.INSURED_PERSON_IDENTITY_READ)
    assert AuditEvent.objects.count() == before + 1
    assert (read.actor, read.subject_key) == (owner, registered.nam)
    assert read.target_id == str(exception_request.pk)
    assert read.details["fields"] == ["nam", "last_name", "first_name", "birth_date", "sex"]
    assert read.details["purpose"] == "renewal"


def test_a_fax_transcribed_by_an_agent_sets_the_identity_a_stranger_then_reads(
    client: Client, drug: Drug, settings: Any, tmp_path: Any
) -> None:
    """The agent's transcription of prescriber A's fax is A's statement, not the register: it
    reaches A's renewal page, never prescriber B's."""
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.upload_samples import png_bytes
    from tests.factories.accounts import AgentFactory

    settings.MEDIA_ROOT = tmp_path
    nam = nam_build(
        last_name="Gagnon", first_name="Louis", birth_date=date(1972, 3, 15), female=False
    )
    by_fax, stranger = prescriber("IP500008"), prescriber("IP500009")
    agent = AgentFactory()
    agent.user_permissions.add(Permission.objects.get(codename="process_exceptionrequest"))
    login(client, User.objects.get(pk=agent.pk))
    response = client.post(
        "/medicaments-exception/regie/saisie/",
        {
            "channel": "fax",
            "received_on": "2026-01-05",
            "prescriber_username": by_fax.username,
            "nam": nam,
            "last_name": "Gagnon-Simard",
            "first_name": "Louis",
            "birth_date": "1972-03-15",
            "kind": "exception_drug",
            "drug": drug.din,
            "justification": "Intolérance documentée.",
            "scan": SimpleUploadedFile("fax.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302

    login(client, stranger)
    assert submit(client, drug, nam).redirect_chain
    html = renewal_page(client, newest_request_of(stranger))
    assert "Gagnon-Simard" not in html and "1972-03-15" not in html

    login(client, by_fax)
    html = renewal_page(client, newest_request_of(by_fax))
    assert 'value="Gagnon-Simard"' in html
