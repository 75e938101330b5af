from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from sel.accounts.models import Role, User
from sel.exception_drugs.models import Channel, Drug, ExceptionRequest, InsuredPerson
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import (
    DelegationFactory,
    DrugFactory,
    ExceptionRequestFactory,
    InsuredPersonFactory,
    grant_exception_drugs,
)


@dataclass
class World:
    drug: Drug
    person: InsuredPerson
    prescriber_a: User
    prescriber_b: User
    assistant_a: User
    pharmacist: User
    technician: User
    request_a: ExceptionRequest
    request_b_fax: ExceptionRequest

    def granted(self, role: str, **kwargs: Any) -> User:
        user = UserFactory(role=role, **kwargs)
        grant_exception_drugs(user)
        return user


@pytest.fixture
def world(db: Any) -> World:
    """One insured person with two requests for one drug: one online by prescriber A, one by fax
    for prescriber B; A delegated to an assistant; a pharmacist and an ATP with the grant."""
    drug = DrugFactory()
    person = InsuredPersonFactory()
    prescriber_a = UserFactory(role=Role.PRESCRIBER, username="IP300001")
    prescriber_b = UserFactory(role=Role.PRESCRIBER, username="IP300002")
    assistant_a = UserFactory(role=Role.ADMIN_ASSISTANT, username="CE300003")
    pharmacist = UserFactory(role=Role.PHARMACIST, username="IP300004")
    technician = UserFactory(role=Role.PHARMACY_TECHNICIAN, username="CE300005")
    for user in (prescriber_a, prescriber_b, assistant_a, pharmacist, technician):
        grant_exception_drugs(user)
    DelegationFactory(prescriber=prescriber_a, assistant=assistant_a)
    request_a = ExceptionRequestFactory(insured_person=person, drug=drug, prescriber=prescriber_a)
    request_b_fax = ExceptionRequestFactory(
        insured_person=person, drug=drug, prescriber=prescriber_b, channel=Channel.FAX
    )
    return World(
        drug=drug,
        person=person,
        prescriber_a=prescriber_a,
        prescriber_b=prescriber_b,
        assistant_a=assistant_a,
        pharmacist=pharmacist,
        technician=technician,
        request_a=request_a,
        request_b_fax=request_b_fax,
    )
