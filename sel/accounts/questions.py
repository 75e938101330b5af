"""The catalogue of secret questions and the handling of answers (seeds 001 and 002).

Answers are normalised (Unicode NFKC, case-folded, accents and repeated spaces ignored) and hashed
with Argon2id; they are never stored, logged or shown in clear.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import check_password, make_password
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sel.accounts.models import User

QUESTIONS_REQUIRED = 8
QUESTIONS_ASKED = 3
ANSWER_MIN_LENGTH = 3

# Codes are stored with the answers; the texts are translated (French source, English catalogue).
CATALOGUE: dict[str, Promise] = {
    "q01": _("Quel était le nom de votre premier animal de compagnie?"),
    "q02": _("Dans quelle ville votre mère est-elle née?"),
    "q03": _("Dans quelle ville votre père est-il né?"),
    "q04": _("Quel était le nom de votre école primaire?"),
    "q05": _("Quel était le prénom de votre meilleur ami d'enfance?"),
    "q06": _("Quel était le modèle de votre première voiture?"),
    "q07": _("Dans quelle rue habitiez-vous à l'âge de dix ans?"),
    "q08": _("Quel est le deuxième prénom de votre aîné?"),
    "q09": _("Quel était le métier de votre grand-père maternel?"),
    "q10": _("Quel est le titre de votre livre préféré de l'enfance?"),
    "q11": _("Dans quelle ville avez-vous obtenu votre premier emploi?"),
    "q12": _("Quel était le nom de votre premier employeur?"),
    "q13": _("Quel était le surnom que vous donnait votre famille?"),
    "q14": _("Quel est le nom de jeune fille de votre grand-mère paternelle?"),
    "q15": _("Quel était le nom de votre professeur préféré au secondaire?"),
    "q16": _("Dans quel hôpital ou quelle ville êtes-vous né?"),
    "q17": _("Quelle était la destination de votre premier voyage en avion?"),
    "q18": _("Quel était le nom de votre premier club ou équipe sportive?"),
}


def question_text(code: str) -> str:
    return str(CATALOGUE.get(code, code))


def question_choices() -> list[tuple[str, str]]:
    return [(code, str(text)) for code, text in CATALOGUE.items()]


def answer_normalise(answer: str) -> str:
    """NFKC, case-folded, accents removed, runs of spaces collapsed: « Montréal  » and
    « montreal » are the same answer."""
    text = unicodedata.normalize("NFKC", answer).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", without_accents).split())


def answer_hash(answer: str) -> str:
    return make_password(answer_normalise(answer))


def answer_matches(answer: str, encoded: str) -> bool:
    return check_password(answer_normalise(answer), encoded)


def answers_errors(user: User, answers: dict[str, str]) -> dict[str, str]:
    """Per question, why an answer is refused: fewer than 3 characters, equal to a username, or
    equal to another answer. The 8 questions must be different ones from the catalogue."""
    errors: dict[str, str] = {}
    names = {
        answer_normalise(str(getattr(user, field, "") or ""))
        for field in ("username", "alias")
        if getattr(user, field, "")
    }
    seen: dict[str, str] = {}
    for code, answer in answers.items():
        if code not in CATALOGUE:
            errors[code] = gettext("Cette question ne fait pas partie du catalogue.")
            continue
        normal = answer_normalise(answer)
        if len(normal) < ANSWER_MIN_LENGTH:
            errors[code] = gettext("La réponse doit compter au moins 3 caractères.")
        elif normal in names:
            errors[code] = gettext("La réponse ne peut pas être votre nom d'utilisateur.")
        elif normal in seen:
            errors[code] = gettext("Chaque question doit avoir une réponse différente.")
        seen.setdefault(normal, code)
    if len(answers) != QUESTIONS_REQUIRED and not errors:
        errors["__all__"] = gettext("Choisissez 8 questions différentes.")
    return errors


def answers_validate(user: User, answers: dict[str, str]) -> None:
    errors = answers_errors(user, answers)
    if errors:
        raise ValueError(f"invalid answers for {sorted(errors)}")


@cache
def decoy_hash() -> str:
    """Verified in place of a real answer when there is no account, so the work is the same."""
    return make_password("no answer of anyone")
