from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from sel.access.models import Grant, OnlineService
from sel.accounts.models import Role, User
from sel.notices.models import Newsletter

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"CE{100000 + n}")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.qc.ca")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    role = Role.PHARMACIST
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OnlineServiceFactory(factory.django.DjangoModelFactory[OnlineService]):
    class Meta:
        model = OnlineService
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")


class GrantFactory(factory.django.DjangoModelFactory[Grant]):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    service = factory.SubFactory(OnlineServiceFactory)


# --- notices ---------------------------------------------------------------------------------
class NewsletterFactory(factory.django.DjangoModelFactory[Newsletter]):
    class Meta:
        model = Newsletter

    number = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    issued_on = factory.Sequence(lambda n: timezone.localdate() - timezone.timedelta(days=n))
    audience = "all"
    title_fr = factory.Sequence(lambda n: f"Infolettre d'essai {n}")
    title_en = factory.Sequence(lambda n: f"Test newsletter {n}")
    body_fr = "Premier paragraphe de l'infolettre, assez long pour servir de résumé au fil RSS."
    body_en = "First paragraph of the newsletter, long enough to be the RSS feed's summary."
    published_at = factory.LazyFunction(timezone.now)


# --- access ------------------------------------------------------------------------------------


def access_agent(**fields: Any) -> User:
    """A Régie agent (role, staff) with the access app's permissions (section 4)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    # A transactional test elsewhere may have flushed the permissions: create them again.
    create_permissions(apps.get_app_config("access"), verbosity=0)
    agent = UserFactory(role=Role.AGENT, is_staff=True, **fields)
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="access",
            codename__in=["process_accessrequest", "revoke_grant"],
        )
    )
    return User.objects.get(pk=agent.pk)  # a fresh object: no stale permission cache


# --- exception drugs -----------------------------------------------------------------------------
from datetime import date  # noqa: E402

from sel.access.models import ServiceCode  # noqa: E402
from sel.exception_drugs.models import (  # noqa: E402
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
from sel.exception_drugs.nam import nam_build  # noqa: E402


def grant_exception_drugs(user: User) -> Grant:
    """Open the exception-drugs service to ``user`` (the service row comes from a migration)."""
    # get_or_create: a transactional test elsewhere may have flushed the migration's rows.
    service, _ = OnlineService.objects.get_or_create(
        code=ServiceCode.EXCEPTION_DRUGS,
        defaults={"name_fr": "Médicaments d'exception", "name_en": "Exception drugs"},
    )
    return Grant.objects.create(user=user, service=service)


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


# --- accounts --------------------------------------------------------------------------------
# UserFactory above makes ready accounts: every required-step flag is off by default.
AGENT_TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTAGENTSECRETA"


class AgentFactory(UserFactory):
    """A Régie agent with the second factor agents must have, so login() lands on pages."""

    username = factory.Sequence(lambda n: f"CE{900100 + n}")
    role = Role.AGENT
    is_staff = True
    totp_secret = AGENT_TOTP_SECRET
    totp_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def support_permissions(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            from sel.accounts.demo import agents_group

            self.groups.add(agents_group())


def professions() -> None:
    """The catalogue of professions (a transactional test elsewhere may have flushed the
    migration's rows)."""
    from sel.accounts.models import Profession
    from sel.accounts.professions import profession_catalogue_load

    profession_catalogue_load(Profession)


def answer_questions(user: User, answers: dict[str, str] | None = None) -> dict[str, str]:
    """Gives the user 8 answered secret questions; returns the answers."""
    from sel.accounts import questions
    from sel.accounts.models import SecretAnswer

    answers = answers or {f"q{i:02d}": f"reponse numero {i}" for i in range(1, 9)}
    SecretAnswer.objects.filter(user=user).delete()
    for code, answer in answers.items():
        SecretAnswer.objects.create(
            user=user, question=code, answer_hash=questions.answer_hash(answer)
        )
    return answers


# --- messaging -------------------------------------------------------------------------------
def messaging_agent(*, teams: list[str], **fields: Any) -> User:
    """A Régie agent (role AGENT, staff, the messaging permission) in the given teams."""
    from django.contrib.auth.models import Permission

    from sel.messaging.models import Team

    agent = UserFactory(role=Role.AGENT, is_staff=True, **fields)
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label="messaging", codename="handle_messages")
    )
    for code in teams:
        Team.objects.get(code=code).members.add(agent)
    return User.objects.get(pk=agent.pk)  # fresh permission cache
