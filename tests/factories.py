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
    from django.contrib.auth.models import Permission

    agent = UserFactory(role=Role.AGENT, is_staff=True, **fields)
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="access",
            codename__in=["process_accessrequest", "revoke_grant"],
        )
    )
    return User.objects.get(pk=agent.pk)  # a fresh object: no stale permission cache
