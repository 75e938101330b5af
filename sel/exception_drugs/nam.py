"""The health insurance number (NAM, *numéro d'assurance maladie*).

Structure (issue #5): 4 letters + 8 digits: the first 3 letters of the surname, the first letter of
the first name, the birth year YY, the birth month MM (+50 for women), the day DD, then 2
administrative digits. The Régie publishes no check-digit rule, so none is applied here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAM_LENGTH = 12
_SEPARATORS = re.compile(r"[\s\-.]+")
FEMALE_MONTH_OFFSET = 50


@dataclass(frozen=True)
class NamParts:
    surname_letters: str
    first_name_letter: str
    year: int  # two digits, 0-99
    month: int  # 1-12, the +50 for women removed
    day: int
    female: bool
    administrative: str


def nam_normalise(value: str) -> str:
    """Capitals, no spaces, hyphens or dots: « abcd 1234 5678 » → « ABCD12345678 »."""
    return _SEPARATORS.sub("", value or "").upper()


def nam_parse(value: str) -> NamParts:
    """The normalised NAM's parts; raises ValidationError naming precisely what is wrong."""
    nam = nam_normalise(value)
    if not nam:
        raise ValidationError(_("Saisissez le numéro d'assurance maladie."), code="nam_empty")
    if len(nam) != NAM_LENGTH:
        raise ValidationError(
            _(
                "Le numéro d'assurance maladie compte 12 caractères (4 lettres et 8 chiffres); "
                "vous en avez saisi %(count)d."
            ),
            code="nam_length",
            params={"count": len(nam)},
        )
    letters, digits = nam[:4], nam[4:]
    if not re.fullmatch(r"[A-Z]{4}", letters):
        raise ValidationError(
            _("Les 4 premiers caractères du numéro d'assurance maladie doivent être des lettres."),
            code="nam_letters",
        )
    if not re.fullmatch(r"[0-9]{8}", digits):
        raise ValidationError(
            _("Les 8 derniers caractères du numéro d'assurance maladie doivent être des chiffres."),
            code="nam_digits",
        )
    year, raw_month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    female = raw_month > FEMALE_MONTH_OFFSET
    month = raw_month - FEMALE_MONTH_OFFSET if female else raw_month
    if not 1 <= month <= 12:
        raise ValidationError(
            _(
                "Le mois de naissance (%(month)s) n'est pas valide : il va de 01 à 12, "
                "ou de 51 à 62 pour une femme."
            ),
            code="nam_month",
            params={"month": digits[2:4]},
        )
    # The century is not in the NAM; 2000 + YY is a leap year exactly when 19YY or 20YY may be.
    last_day = calendar.monthrange(2000 + year, month)[1]
    if not 1 <= day <= last_day:
        raise ValidationError(
            _("Le jour de naissance (%(day)s) n'existe pas pour le mois %(month)02d."),
            code="nam_day",
            params={"day": digits[4:6], "month": month},
        )
    return NamParts(
        surname_letters=letters[:3],
        first_name_letter=letters[3],
        year=year,
        month=month,
        day=day,
        female=female,
        administrative=digits[6:8],
    )


def validate_nam(value: str) -> None:
    """Model and form validator: structure and date only (no guessed check digit)."""
    nam_parse(value)


def letters_only(text: str) -> str:
    """A name's letters, capitals without accents: « Côté-Lévesque » → « COTELEVESQUE »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).upper()


def surname_code(last_name: str) -> str:
    """The 3 surname letters of a NAM: accents, hyphens, spaces and apostrophes dropped, completed
    with X when the surname is shorter than 3 letters."""
    return (letters_only(last_name) + "XXX")[:3]


def nam_agrees_with_identity(
    nam: str,
    *,
    last_name: str = "",
    first_name: str = "",
    birth_date: date | None = None,
    sex: str = "",
) -> None:
    """Where the person's name, birth date or sex are known, the NAM must agree (issue #5).

    Raises one ValidationError listing every part that disagrees."""
    parts = nam_parse(nam)
    problems: list[ValidationError] = []
    if last_name and parts.surname_letters != surname_code(last_name):
        problems.append(
            ValidationError(
                _(
                    "Les lettres %(found)s ne correspondent pas au nom de famille "
                    "(attendu : %(expected)s)."
                ),
                code="nam_surname",
                params={"found": parts.surname_letters, "expected": surname_code(last_name)},
            )
        )
    initial = letters_only(first_name)[:1]
    if initial and parts.first_name_letter != initial:
        problems.append(
            ValidationError(
                _(
                    "La 4e lettre (%(found)s) ne correspond pas à l'initiale du prénom "
                    "(%(expected)s)."
                ),
                code="nam_first_name",
                params={"found": parts.first_name_letter, "expected": initial},
            )
        )
    if birth_date is not None and (parts.year, parts.month, parts.day) != (
        birth_date.year % 100,
        birth_date.month,
        birth_date.day,
    ):
        problems.append(
            ValidationError(
                _("La date de naissance du numéro ne correspond pas à %(date)s."),
                code="nam_birth_date",
                params={"date": birth_date.isoformat()},
            )
        )
    if sex in {"F", "M"} and parts.female != (sex == "F"):
        problems.append(
            ValidationError(
                _(
                    "Le mois de naissance ne correspond pas au sexe : on ajoute 50 au mois pour "
                    "une femme seulement."
                ),
                code="nam_sex",
            )
        )
    if problems:
        raise ValidationError(problems)


def nam_build(
    *, last_name: str, first_name: str, birth_date: date, female: bool, administrative: str = "01"
) -> str:
    """A NAM made from an identity (for demo and synthetic data, and for tests)."""
    month = birth_date.month + (FEMALE_MONTH_OFFSET if female else 0)
    initial = (letters_only(first_name) + "X")[:1]
    return (
        f"{surname_code(last_name)}{initial}"
        f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}{administrative}"
    )


class NamField(forms.CharField):
    """A form's NAM: normalised, then checked by ``validate_nam`` (each app's forms use it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Numéro d'assurance maladie"))
        kwargs.setdefault("help_text", _("4 lettres et 8 chiffres, par exemple TREM 5612 3101."))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "error_messages", {"required": _("Saisissez le numéro d'assurance maladie.")}
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> str:
        value = nam_normalise(super().clean(value))
        validate_nam(value)
        return value
