"""Establishments: reference data, grants with their scope, the register, associations and
payment requests, each built as the services leave them.

    world = EstablishmentWorld.build()   # a CISSS (3 installations), another one, a GMF, rates
    signatory = signatory_with_grant(world.cisss)        # grant « all », in the register
    AssociationFactory(signatory=..., professional=..., installation=world.hospital)
    PaymentRequestFactory(association=...)                # waiting in that signatory's queue
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.utils import timezone

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Role, User
from sel.establishments.models import (
    ActivityRate,
    Association,
    Establishment,
    Installation,
    OptilabCluster,
    PaymentLine,
    PaymentRequest,
    PaymentRequestStep,
    Signatory,
    Status,
)
from sel.establishments.services.reference import activity_rates_import
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import AgentFactory, UserFactory

RATES = Path(__file__).resolve().parents[2] / "sel/establishments/data/demo_rates.csv"


@dataclass
class EstablishmentWorld:
    cluster: OptilabCluster
    cisss: Establishment
    hospital: Installation
    clsc: Installation
    chsld: Installation
    other: Establishment
    other_hospital: Installation
    gmf: Establishment
    gmf_site: Installation

    @classmethod
    def build(cls) -> EstablishmentWorld:
        activity_rates_import(rows=RATES.read_text("utf-8").splitlines())
        cluster = OptilabCluster.objects.create(number="90001", name="OPTILAB TEST")
        cisss = Establishment.objects.create(
            number="11045", name="CISSS TEST", kind="establishment", cluster=cluster
        )
        other = Establishment.objects.create(
            number="11046", name="CIUSSS AUTRE", kind="establishment"
        )
        gmf = Establishment.objects.create(number="60123", name="GMF TEST", kind="gmf")
        return cls(
            cluster=cluster,
            cisss=cisss,
            hospital=Installation.objects.create(
                number="51234", name="HÔPITAL", establishment=cisss
            ),
            clsc=Installation.objects.create(number="51235", name="CLSC", establishment=cisss),
            chsld=Installation.objects.create(number="51236", name="CHSLD", establishment=cisss),
            other=other,
            other_hospital=Installation.objects.create(
                number="52001", name="HÔPITAL AUTRE", establishment=other
            ),
            gmf=gmf,
            gmf_site=Installation.objects.create(
                number="60124", name="GMF SITE", establishment=gmf
            ),
        )


def establishment_grant(
    user: User,
    service_code: str,
    *,
    scope: str = "all",
    number: str = "11045",
    numbers: list[str] | None = None,
) -> Any:
    """An approved establishments' access request naming ``user``, with its scope, and the
    grant it gave. Returns the grant."""
    request = AccessRequestFactory(
        form="etablissements",
        approved=True,
        account=user,
        username_issued=user.username,
        scope=scope,
        organization_number=number,
        establishment_numbers=numbers or [],
        online_services=[OnlineService.objects.get(code=service_code)],
    )
    return request.grants.get()


def signatory_with_grant(
    establishment: Establishment, *, user: User | None = None, function: str = "dsp", **grant: Any
) -> Signatory:
    """An account with the *Autorisation* grant on ``establishment`` (scope « all » unless
    told), entered in its register (with a board resolution unless exempt)."""
    user = user or User.objects.get(pk=UserFactory(role=Role.ESTABLISHMENT_STAFF).pk)
    grant.setdefault("number", establishment.number)  # an OPTILAB grant names its cluster
    given = establishment_grant(user, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, **grant)
    exempt = function in {"optilab_representative", "gmf_responsible", "gmf_coresponsible"}
    return Signatory.objects.create(
        access_request=given.access_request,
        user=user,
        establishment=establishment,
        function=function,
        resolution_number="" if exempt else "CA-2026-001",
        resolution_date=None if exempt else timezone.localdate() - timedelta(days=30),
        valid_from=timezone.localdate() - timedelta(days=30),
        recorded_by=AgentFactory(),
    )


def association_user(establishment: Establishment, **grant: Any) -> User:
    user = UserFactory(role=Role.ESTABLISHMENT_STAFF)
    establishment_grant(
        user, ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION, number=establishment.number, **grant
    )
    return user


def establishments_agent(*codenames: str) -> User:
    """A Régie agent with the establishments' permissions (all three unless named)."""
    create_permissions(apps.get_app_config("establishments"), verbosity=0)
    agent = AgentFactory()
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="establishments",
            codename__in=codenames
            or ["view_establishment_data", "keep_signatory_register", "import_payment_requests"],
        )
    )
    return User.objects.get(pk=agent.pk)


def payment_requests_grant(user: User) -> Grant:
    """The grant of the payment requests' service (registration or an agent opens it)."""
    return Grant.objects.create(
        user=user, online_service=OnlineService.objects.get(code=ServiceCode.PAYMENT_REQUESTS)
    )


def professional(*, granted: bool = True, **fields: Any) -> User:
    """A professional, with the grant of the payment requests unless ``granted=False``."""
    user = UserFactory(
        role=Role.PROFESSIONAL,
        username=factory.Sequence(lambda n: f"IP{300000 + n}")
        if "username" not in fields
        else fields.pop("username"),
        **fields,
    )
    if granted:
        payment_requests_grant(user)
    return user


class AssociationFactory(factory.django.DjangoModelFactory[Association]):
    class Meta:
        model = Association

    professional = factory.LazyFunction(lambda: professional())
    installation = factory.LazyAttribute(lambda o: o.signatory.establishment.installations.first())
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3650))
    valid_until = None
    created_by = factory.LazyAttribute(lambda o: o.signatory.recorded_by)


class PaymentRequestFactory(factory.django.DjangoModelFactory[PaymentRequest]):
    """A request waiting under ``association`` (its professional and installation), with one
    line of 7.5 hours at the first day of its period."""

    class Meta:
        model = PaymentRequest
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"DP26{n:010d}")
    professional = factory.LazyAttribute(lambda o: o.association.professional)
    installation = factory.LazyAttribute(lambda o: o.association.installation)
    mode = "hourly"
    # A week of its own for each request, within the last four years (the associations' ten).
    period_start = factory.Sequence(
        lambda n: timezone.localdate() - timedelta(days=60 + 7 * (n % 200))
    )
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=6))
    status = Status.AWAITING
    submitted_at = factory.Sequence(
        lambda n: timezone.now() - timedelta(days=30 - (n % 30), minutes=n)
    )
    total = Decimal("965.63")

    @factory.post_generation
    def lines(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        rate = ActivityRate.objects.get(code="H001")
        PaymentLine.objects.create(
            request=self,
            day=self.period_start,
            activity=rate,
            quantity=Decimal("7.5"),
            amount=Decimal("965.63"),
        )
        PaymentRequestStep.objects.create(request=self, status=Status.SUBMITTED)
        if self.status == Status.AWAITING:
            PaymentRequestStep.objects.create(request=self, status=Status.AWAITING)
