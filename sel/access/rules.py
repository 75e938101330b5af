"""Every rule the seeds set on an access request, one function each, the seed quoted.

Each function either returns the cleaned value or raises ``ValidationError`` with a message meant
for the field at fault; forms call them, so do services for requests recorded from paper.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sel.access.models import FormType, FormVersion, Function, RefusedMailboxLocalPart

SIGNATURE_MAX_BYTES = 300 * 1024
SIGNATURE_MAX_PIXELS = 2400 * 1200
SIGNATURE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class SignatureInput:
    """A signature checked by ``signature_image_verified``, as the services record it."""

    image: bytes
    image_type: str
    kind: str  # Signature.Kind value


def names_in_capitals(value: str) -> str:
    """Seed 001 and 003, Directives: « Remplissez en lettres majuscules les sections 2 et 3 du
    formulaire. » Names are stored, and so shown, in capitals; extra spaces go."""
    return " ".join(value.split()).upper()


def emails_must_differ(user_email: str, authorizer_email: str) -> None:
    """Seed 003 (and 004): « Pour des raisons de sécurité, l'utilisateur et la personne qui
    autorise la demande d'accès doivent avoir des adresses électroniques différentes » and « Si
    vous êtes à la fois l'utilisateur et la personne qui autorise la demande, vous devez tout de
    même nous fournir deux adresses électroniques différentes »."""
    if (
        user_email
        and authorizer_email
        and user_email.strip().lower() == authorizer_email.strip().lower()
    ):
        raise ValidationError(
            _(
                "L'adresse électronique de la personne qui autorise doit être différente de celle "
                "de l'utilisateur, même si vous êtes à la fois l'utilisateur et la personne qui "
                "autorise (par exemple : votre adresse personnelle à la section 2, votre adresse "
                "professionnelle à la section 3)."
            ),
            code="same_email",
        )


def _normalised_local_part(local_part: str) -> str:
    return re.sub(r"[._\-]", "", local_part.split("+", 1)[0].lower())


def mailbox_must_be_personal(email: str) -> None:
    """Seed 003: « nous n'acceptons que les adresses électroniques personnelles ou
    professionnelles (p. ex. jacques.untel@xx.com), et non les adresses de boîte courriel
    partagée (p. ex. information@xx.com) »; seed 004: « Vous ne pouvez pas utiliser une adresse
    de boîte courriel partagée ». The refused local parts are data (``RefusedMailboxLocalPart``)."""
    if "@" not in email:
        return
    local_part = _normalised_local_part(email.rsplit("@", 1)[0])
    refused = {
        _normalised_local_part(value)
        for value in RefusedMailboxLocalPart.objects.values_list("local_part", flat=True)
    }
    if local_part in refused:
        raise ValidationError(
            _(
                "Cette adresse semble être celle d'une boîte courriel partagée (%(address)s). "
                "Inscrivez une adresse personnelle ou professionnelle à votre nom, par exemple "
                "jacques.untel@exemple.com."
            ),
            code="shared_mailbox",
            params={"address": email},
        )


POSTAL_CODE = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s?(\d[ABCEGHJ-NPRSTV-Z]\d)$")


def canadian_postal_code(value: str) -> str:
    """Seed 001, section 2: « Code postal ». A Canadian postal code (A1A 1A1; no D, F, I, O, Q
    or U, no W or Z first), stored as ``A1A 1A1`` (DESIGN.md §4: Quebec formats)."""
    match = POSTAL_CODE.match(value.strip().upper())
    if not match:
        raise ValidationError(
            _("Inscrivez un code postal canadien valide, par exemple G1K 7T3."),
            code="postal_code",
        )
    return f"{match.group(1)} {match.group(2)}"


def north_american_phone(value: str) -> str:
    """Seed 001, section 2: « Téléphone IND. RÉG. » and « Télécopieur IND. RÉG. ». A North
    American number (NANP: area code and exchange start with 2–9), stored as ``418 643-8210``."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise ValidationError(
            _(
                "Inscrivez un numéro nord-américain de 10 chiffres avec l'indicatif régional, "
                "par exemple 418 643-8210."
            ),
            code="phone",
        )
    return f"{digits[:3]} {digits[3:6]}-{digits[6:]}"


def phone_extension(value: str) -> str:
    """Seed 001, section 2: « Poste ». Digits only, at most 6."""
    value = value.strip()
    if value and not re.fullmatch(r"\d{1,6}", value):
        raise ValidationError(_("Le poste contient de 1 à 6 chiffres."), code="extension")
    return value


def practice_number_format(value: str) -> str:
    """Seed 001, section 3: « Numéro de pratique ». The Régie's professional number: 6 digits
    (spaces and dashes ignored)."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{6}", digits):
        raise ValidationError(
            _("Le numéro de pratique compte 6 chiffres, par exemple 123456."),
            code="practice_number",
        )
    return digits


def establishment_number_format(value: str) -> str:
    """Seed 003, section 2 and 5: « Numéro de l'établissement », « Numéros d'établissement
    supplémentaires ». The Régie's establishment (or pharmacy) number: 5 digits."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{5}", digits):
        raise ValidationError(
            _("Le numéro d'établissement compte 5 chiffres, par exemple 01234."),
            code="establishment_number",
        )
    return digits


def existing_username_format(value: str) -> str:
    """Seed 001: « Est-ce que vous possédez un accès pour d'autres services en ligne à la Régie?
    Si oui, donnez le nom d'utilisateur : CE ». Empty, or IP/CE followed by digits."""
    value = value.strip().upper()
    if value and not re.fullmatch(r"(CE|IP)\d{4,10}", value):
        raise ValidationError(
            _("Le nom d'utilisateur commence par CE ou IP, suivi de chiffres (ex. : CE123456)."),
            code="username",
        )
    return value


def form_version_must_be_current(version: FormVersion, *, received_on: date) -> None:
    """Seed 004: « À partir du 31 mars 2022, les anciens formulaires ne seront plus acceptés. »
    A request on a version no longer accepted on its receipt date is refused, naming the current
    version."""
    if version.accepted_on(received_on):
        return
    current = version.form_type.current_version(received_on)
    if current is None:
        raise ValidationError(
            _("Ce formulaire n'est plus accepté."),
            code="retired_version",
        )
    raise ValidationError(
        _(
            "La version %(old)s de ce formulaire n'est plus acceptée depuis le %(date)s. "
            "Utilisez la version %(current)s."
        ),
        code="retired_version",
        params={
            "old": version.number,
            "date": date_format(version.valid_until, "Y-m-d") if version.valid_until else "",
            "current": current.number,
        },
    )


def user_function_allowed(form_type: FormType, function: str) -> None:
    """Seed 001, section 2: « Fonction : Adjoint administratif, Infirmier, Technicien en
    pharmacie »; seed 003 and 004 name their own. Each form type lists its users' functions."""
    if function not in form_type.user_functions:
        raise ValidationError(
            _("Cette fonction ne peut pas demander l'accès avec ce formulaire."),
            code="user_function",
        )


def authorizer_function_allowed(form_type: FormType, function: str) -> None:
    """Seed 001: « Cette partie doit être remplie par un pharmacien propriétaire ou un
    professionnel de la santé »; seed 003: « par le directeur des services professionnels, le
    directeur général de l'établissement concerné, le représentant autorisé de la grappe de
    services (OPTILAB) ou le médecin responsable ou coresponsable du GMF »."""
    if function not in form_type.authorizer_functions:
        raise ValidationError(
            _("Cette fonction ne permet pas d'autoriser une demande faite avec ce formulaire."),
            code="authorizer_function",
        )


PRACTICE_NUMBER_FUNCTIONS = {
    Function.PHARMACIST_OWNER,
    Function.HEALTH_PROFESSIONAL,
    Function.GMF_PHYSICIAN_RESPONSIBLE,
    Function.GMF_PHYSICIAN_CORESPONSIBLE,
}


def authorizer_practice_number_required(function: str, practice_number: str) -> None:
    """Seed 001, section 3: « Pharmacien propriétaire / Professionnel de la santé — Numéro de
    pratique ». A professional who authorizes gives a practice number."""
    if function in PRACTICE_NUMBER_FUNCTIONS and not practice_number:
        raise ValidationError(
            _("Inscrivez votre numéro de pratique."), code="practice_number_required"
        )


def establishment_scope_numbers(scope: str, numbers: Iterable[str]) -> list[str]:
    """Seed 003: « De certaines installations de l'établissement — Spécifiez le ou les numéros
    d'établissement à la section 5 », « De toutes les installations de l'établissement — Ne
    joignez pas de liste », « De la grappe de services (OPTILAB) — Ne joignez pas de liste »."""
    cleaned = [establishment_number_format(n) for n in numbers if n.strip()]
    if scope == "some" and not cleaned:
        raise ValidationError(
            _("Inscrivez au moins un numéro d'établissement à la section 5."),
            code="numbers_required",
        )
    if scope in {"all", "optilab"} and cleaned:
        raise ValidationError(
            _("Ne joignez pas de liste de numéros pour cette portée : laissez la section 5 vide."),
            code="numbers_not_expected",
        )
    return list(dict.fromkeys(cleaned))


BOARD_RESOLUTION_EXEMPT = {Function.OPTILAB_REPRESENTATIVE, Function.GMF_REPRESENTATIVE}


def board_resolution_signatory(
    service_codes: Iterable[str], user_function: str, attested: bool
) -> None:
    """Seed 003: « Pour l'application Autorisation des demandes de paiement en ligne,
    l'utilisateur doit avoir été désigné comme signataire autorisé par une résolution du conseil
    d'administration de l'établissement. Cette règle ne s'applique pas au représentant autorisé
    d'une grappe de services (OPTILAB) ni au représentant autorisé d'un GMF. »"""
    if (
        "online-payment-authorization" in set(service_codes)
        and user_function not in BOARD_RESOLUTION_EXEMPT
        and not attested
    ):
        raise ValidationError(
            _(
                "Pour l'application Autorisation des demandes de paiement en ligne, vous devez "
                "attester avoir été désigné signataire autorisé par une résolution du conseil "
                "d'administration de l'établissement."
            ),
            code="board_resolution",
        )


def signature_image_verified(data: bytes) -> tuple[bytes, str]:
    """Seed 003, Signature électronique: « une signature manuscrite apposée à l'aide d'un
    accessoire technologique (par exemple, un stylet, un écran tactile ou une souris) » or « une
    signature manuscrite numérisée (par exemple, l'apposition de l'image d'une signature) ». The
    bytes must be a PNG or JPEG image, size-limited, not blank. Returns (bytes, content type)."""
    if not data:
        raise ValidationError(
            _("Signez dans le cadre ou joignez l'image de votre signature."),
            code="signature_missing",
        )
    if len(data) > SIGNATURE_MAX_BYTES:
        raise ValidationError(
            _("L'image de la signature dépasse %(size)s Ko."),
            code="signature_too_big",
            params={"size": SIGNATURE_MAX_BYTES // 1024},
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > SIGNATURE_MAX_PIXELS:
                raise ValidationError(
                    _("L'image de la signature est trop grande."), code="signature_too_big"
                )
            grey = image.convert("RGBA")
            background = Image.new("RGBA", grey.size, (255, 255, 255, 255))
            flattened = Image.alpha_composite(background, grey).convert("L")
            inked = flattened.point(lambda v: 255 if v < 200 else 0).getbbox()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("Le fichier n'est pas une image PNG ou JPEG lisible."), code="signature_not_image"
        ) from exc
    if image_format not in SIGNATURE_FORMATS:
        raise ValidationError(
            _("Le fichier n'est pas une image PNG ou JPEG lisible."), code="signature_not_image"
        )
    if inked is None:
        raise ValidationError(
            _("La signature est vide : signez dans le cadre."), code="signature_blank"
        )
    return data, SIGNATURE_FORMATS[image_format]
