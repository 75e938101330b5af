"""Secret questions catalogue and answers (seed 001; SECURITY.md #7)."""

from __future__ import annotations

import pytest
from django.utils import translation

from sel.accounts import questions
from sel.accounts.models import SecretAnswer
from tests.factories.accounts import UserFactory, answer_questions

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_at_least_16_questions_in_french_and_english() -> None:
    assert len(questions.CATALOGUE) >= 16
    with translation.override("fr-ca"):
        french = [str(text) for text in questions.CATALOGUE.values()]
    with translation.override("en"):
        english = [str(text) for text in questions.CATALOGUE.values()]
    assert len(set(french)) == len(french)
    assert all(fr != en for fr, en in zip(french, english, strict=True))
    assert english[0] == "What was the name of your first pet?"


@pytest.mark.parametrize("typed", ["montreal", "Montréal ", "  MONTRÉAL", "Mont\u0301real"])
def test_answers_are_normalised_before_hashing(typed: str) -> None:
    encoded = questions.answer_hash("Montréal")
    assert questions.answer_matches(typed, encoded)
    assert not questions.answer_matches("Montréal-Nord", encoded)


def test_collapsed_spaces_and_case_do_not_matter() -> None:
    assert questions.answer_normalise("  Rue   des  ÉRABLES ") == "rue des erables"


def test_no_answer_is_stored_in_clear() -> None:
    user = UserFactory()
    answers = answer_questions(user)
    for row in SecretAnswer.objects.filter(user_id=user.pk):
        assert row.answer_hash.startswith("argon2$argon2id$")
        for answer in answers.values():
            assert answer not in row.answer_hash
