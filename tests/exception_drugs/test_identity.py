"""The identity typed with a NAM, against the Régie's register (sel/exception_drugs/identity.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from sel.accounts.models import Role
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.models import ExceptionRequest, InsuredPerson, StatedIdentity
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import DrugFactory, InsuredPersonFactory, grant_exception_drugs


def submit(client: Client, nam: str, din: str, **identity: Any) -> Any:
    data = {
        "nam": nam,
        "kind": "exception_drug",
        "drug": din,
        "justification": "Échec.",
        **identity,
    }
    return client.post("/medicaments-exception/demandes/nouvelle/", data)


def prescriber() -> Any:
    user = UserFactory(role=Role.PRESCRIBER, username="IP600001")
    grant_exception_drugs(user)
    return user


def test_a_name_typed_in_capitals_without_accents_or_hyphens_agrees_with_the_register(
    client: Client, db: Any
) -> None:
    person = InsuredPersonFactory(
        last_name="Côté-Lévesque", first_name="Marie-Ève", birth_date=date(1961, 2, 3)
    )
    drug = DrugFactory()
    user = prescriber()
    login(client, user)
    response = submit(
        client, person.nam, drug.din, last_name="COTE LEVESQUE", first_name="marie eve"
    )
    assert response.status_code == 302
    stated = StatedIdentity.objects.get(request__prescriber=user)
    assert (stated.last_name, stated.first_name) == ("COTE LEVESQUE", "marie eve")
    person.refresh_from_db()
    assert person.last_name == "Côté-Lévesque"  # the register keeps its own spelling
    submitted = AuditEvent.objects.get(action=Action.EXCEPTION_REQUEST_SUBMITTED)
    assert (submitted.subject_key, submitted.details["identity"]) == (person.nam, "agrees")


def test_where_the_register_holds_only_a_birth_date_the_names_are_not_compared(
    client: Client, db: Any
) -> None:
    person = InsuredPersonFactory(
        last_name="Roy", first_name="Jean", birth_date=date(1990, 5, 6), sex="M"
    )
    InsuredPerson.objects.filter(pk=person.pk).update(last_name="", first_name="")
    drug = DrugFactory()
    login(client, prescriber())
    assert submit(client, person.nam, drug.din, last_name="Roy", first_name="J").status_code == 302
    response = submit(client, person.nam, drug.din, birth_date="1890-05-06")
    assert response.status_code == 400
    assert ExceptionRequest.objects.count() == 1
    refusal = AuditEvent.objects.get(action=Action.INSURED_PERSON_IDENTITY_REFUSED)
    assert refusal.details["fields"] == ["birth_date"]


def test_a_bare_nam_is_submitted_without_comparing_and_states_no_identity(
    client: Client, db: Any
) -> None:
    person = InsuredPersonFactory()
    drug = DrugFactory()
    login(client, prescriber())
    assert submit(client, person.nam, drug.din).status_code == 302
    assert not StatedIdentity.objects.exists()
    submitted = AuditEvent.objects.get(action=Action.EXCEPTION_REQUEST_SUBMITTED)
    assert submitted.details["identity"] == "not_compared"


def test_the_agent_sees_the_stated_and_the_register_identity_side_by_side_and_it_is_audited(
    client: Client, db: Any
) -> None:
    from django.contrib.auth.models import Permission

    from sel.accounts.models import User
    from tests.factories.accounts import AgentFactory

    person = InsuredPersonFactory(last_name="Bouchard", first_name="Luc", sex="M")
    drug = DrugFactory()
    login(client, prescriber())
    assert submit(client, person.nam, drug.din, last_name="BOUCHARD").status_code == 302
    exception_request = ExceptionRequest.objects.get()
    made = AgentFactory()
    made.user_permissions.add(Permission.objects.get(codename="process_exceptionrequest"))
    agent = User.objects.get(pk=made.pk)  # fresh permission cache
    login(client, agent)
    html = client.get(
        f"/medicaments-exception/regie/demandes/{exception_request.reference}/"
    ).content.decode()
    assert "<td>BOUCHARD</td><td>Bouchard</td>" in html
    assert "<td>—</td><td>Luc</td>" in html
    read = AuditEvent.objects.get(action=Action.INSURED_PERSON_IDENTITY_READ)
    assert (read.actor, read.subject_key, read.details["purpose"]) == (
        agent,
        person.nam,
        "processing",
    )
