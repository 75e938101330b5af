"""The account's secret questions (seed 001): set, or kept after recovery."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from sel.accounts import questions
from sel.accounts.models import SecretAnswer, User
from sel.audit.events import Action
from sel.audit.services import record


@transaction.atomic
def secret_questions_set(
    *, user: User, answers: dict[str, str], request: HttpRequest | None = None
) -> None:
    """Seed 001: « choisir et répondre de façon confidentielle à huit questions secrètes ».
    The answers must already be valid (questions.answers_validate); only hashes are kept."""
    questions.answers_validate(user, answers)
    SecretAnswer.objects.filter(user=user).delete()
    SecretAnswer.objects.bulk_create(
        SecretAnswer(user=user, question=code, answer_hash=questions.answer_hash(answer))
        for code, answer in answers.items()
    )
    User.objects.filter(pk=user.pk).update(must_set_questions=False)
    user.must_set_questions = False
    record(
        action=Action.QUESTIONS_SET,
        actor=user,
        target=user,
        request=request,
        details={"questions": sorted(answers)},
    )


@transaction.atomic
def secret_questions_keep(*, user: User, request: HttpRequest | None = None) -> None:
    """After recovery the user reviews the questions; keeping them clears the required step."""
    if not user.secret_answers.count() >= questions.QUESTIONS_REQUIRED:
        raise ValueError("the user has no complete set of questions to keep")
    User.objects.filter(pk=user.pk).update(must_set_questions=False)
    user.must_set_questions = False
