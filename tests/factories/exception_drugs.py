"""Exception drugs: insured persons, drugs and their indications, requests, delegations, and the
service's grant."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Role, User
from sel.exception_drugs.models import (
    Channel,
    Delegation,
    Drug,
    ExceptionRequest,
    Indication,
    InsuredPerson,
    RequestKind,
    Status,
    StatusChange,
)
from sel.exception_drugs.nam import nam_build
from tests.factories.accounts import UserFactory


def grant_exception_drugs(user: User) -> Grant:
    """Open the exception-drugs service to ``user`` (the service row comes from a migration)."""
    # get_or_create: a transactional test elsewhere may have flushed the migration's rows.
    service, _ = OnlineService.objects.get_or_create(
        code=ServiceCode.EXCEPTION_DRUGS,
        defaults={"name_fr": "Médicaments d'exception", "name_en": "Exception drugs"},
    )
    return Grant.objects.create(user=user, online_service=service)


class InsuredPersonFactory(factory.django.DjangoModelFactory[InsuredPerson]):
    class Meta:
        model = InsuredPerson

    last_name = factory.Sequence(lambda n: f"Tremblay{'abcdefghij'[n % 10]}")
    first_name = "Marie"
    birth_date = factory.Sequence(lambda n: date(1950 + n % 50, 1 + n % 12, 1 + n % 28))
    sex = "F"
    nam = factory.LazyAttributeSequence(
        lambda o, n: nam_build(
            last_name=o.last_name,
            first_name=o.first_name,
            birth_date=o.birth_date,
            female=o.sex == "F",
            administrative=f"{n % 100:02d}",
        )
    )


class DrugFactory(factory.django.DjangoModelFactory[Drug]):
    class Meta:
        model = Drug

    din = factory.Sequence(lambda n: f"{2240000 + n:08d}")
    name = factory.Sequence(lambda n: f"Adalimumab-{n}")
    strength = "40 mg/0,8 mL"
    form = "Seringue"
    is_exception = True


class IndicationFactory(factory.django.DjangoModelFactory[Indication]):
    class Meta:
        model = Indication

    drug = factory.SubFactory(DrugFactory)
    code = factory.Sequence(lambda n: f"RH{n:03d}")
    text_fr = "Polyarthrite rhumatoïde modérée ou grave"
    text_en = "Moderate or severe rheumatoid arthritis"


class ExceptionRequestFactory(factory.django.DjangoModelFactory[ExceptionRequest]):
    class Meta:
        model = ExceptionRequest
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ME26T{n:07d}")
    kind = RequestKind.EXCEPTION_DRUG
    insured_person = factory.SubFactory(InsuredPersonFactory)
    drug = factory.SubFactory(DrugFactory)
    prescriber = factory.SubFactory(UserFactory, role=Role.PRESCRIBER)
    justification = "Échec de deux traitements de première intention."
    channel = Channel.ONLINE
    status = Status.IN_PROCESSING

    @factory.post_generation
    def history(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            StatusChange.objects.create(
                request=self,
                to_status=Status.IN_PROCESSING,
                changed_at=self.received_at,
            )


class DelegationFactory(factory.django.DjangoModelFactory[Delegation]):
    class Meta:
        model = Delegation

    prescriber = factory.SubFactory(UserFactory, role=Role.PRESCRIBER)
    assistant = factory.SubFactory(UserFactory, role=Role.ADMIN_ASSISTANT)
