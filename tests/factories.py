from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from sel.access.models import Grant, OnlineService
from sel.accounts.models import Role, User

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
