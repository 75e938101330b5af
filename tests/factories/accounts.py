"""Accounts: users ready to log in (every required-step flag off), Régie agents with their second
factor, and answered secret questions."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from sel.accounts.models import Role, User

DEFAULT_PASSWORD = "correct horse battery staple"
AGENT_TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTAGENTSECRETA"


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


def questions_post_data(prefix: str = "réponse") -> dict[str, str]:
    """What the *Questions secrètes* page posts: 8 different questions, each answered."""
    data = {}
    for index in range(1, 9):
        data[f"question_{index}"] = f"q{index + 2:02d}"
        data[f"answer_{index}"] = f"{prefix} {index}"
    return data


def professions() -> None:
    """The catalogue of professions (a transactional test elsewhere may have flushed the
    migration's rows)."""
    from sel.accounts.models import Profession
    from sel.accounts.professions import profession_catalogue_load

    profession_catalogue_load(Profession)
