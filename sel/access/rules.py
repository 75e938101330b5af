"""Every rule the seeds set on an access request, one function each, the seed quoted.

Each rule either returns the cleaned value or raises ``ValidationError`` with a message meant for
the field at fault. ``user_section_errors`` and ``authorizer_section_errors`` run every rule on a
whole section and return the errors by field: the services call them (through ``*_checked``, which
raises ``sel.core.rules.RuleViolation``) and the forms show the same errors on their fields.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from sel.access.models import (
    AccessRequest,
    FormFamily,
    FormType,
    FormVersion,
    Function,
    OnlineService,
    RefusedMailboxLocalPart,
)
from sel.core.rules import RuleViolation

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


def _digits(value: str, count: int, message: str, *, code: str) -> str:
    """A Régie number of ``count`` digits, spaces and dashes ignored; else ``message``."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(rf"\d{{{count}}}", digits):
        raise ValidationError(message, code=code)
    return digits


def practice_number_format(value: str) -> str:
    """Seed 001, section 3: « Numéro de pratique ». The Régie's professional number: 6 digits
    (spaces and dashes ignored)."""
    return _digits(
        value,
        6,
        _("Le numéro de pratique compte 6 chiffres, par exemple 123456."),
        code="practice_number",
    )


def establishment_number_format(value: str) -> str:
    """Seed 003, section 2 and 5: « Numéro de l'établissement », « Numéros d'établissement
    supplémentaires ». The Régie's establishment (or pharmacy) number: 5 digits."""
    return _digits(
        value,
        5,
        _("Le numéro d'établissement compte 5 chiffres, par exemple 01234."),
        code="establishment_number",
    )


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
    """Seed 001, section 2: « Fonction ☐ Adjoint administratif ☐ Infirmier ☐ Technicien en
    pharmacie »; seed 004 names its own. Each form type lists its users' functions, except the
    establishments' form, whose « Fonction » is free text (seed 003: « Inscrivez le nom de la
    fonction que vous assumez (par exemple, secrétaire administratif, coordonnateur du projet,
    directeur ou représentant autorisé d'une grappe de services [OPTILAB]) »)."""
    if form_type.family == FormFamily.ESTABLISHMENT:
        if len(function.strip()) > USER_FUNCTION_MAX_LENGTH:
            raise ValidationError(
                _("La fonction compte au plus %(max)s caractères."),
                code="user_function",
                params={"max": USER_FUNCTION_MAX_LENGTH},
            )
        return
    if function not in form_type.user_functions:
        raise ValidationError(
            _("Cette fonction ne peut pas demander l'accès avec ce formulaire."),
            code="user_function",
        )


USER_FUNCTION_MAX_LENGTH = 100


def organization_number_required(family: str) -> bool:
    """Seed 003, section 2 asks for « Numéro de l'établissement »; seed 001's section 2 has only
    « Nom de la pharmacie ou de l'établissement », and seed 004's software developer has no
    number: there the number is optional for the requester, and the Régie's agent completes it
    (issue #12, item 8: no field the seed's form lacks is required). SELAT's form is not in the
    seeds: asking its dispenser's number is our rule (``selat_dispenser_number_required``)."""
    return family == FormFamily.ESTABLISHMENT or selat_dispenser_number_required(family)


def selat_dispenser_number_required(family: str) -> bool:
    """Our rule (seed 002 names SELAT's users, « les utilisateurs du service en ligne des aides
    technique (SELAT) », but prints no form for them): a SELAT access is given for one dispenser
    of technical aids, whose claims its user sends, so section 2 names the dispenser and gives
    its number at the Régie; the user knows it, and without it the Régie cannot tell whose
    claims the access is for."""
    return family == FormFamily.TECHNICAL_AIDS


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


# Seed 003's section 3 has no practice number: a GMF physician may give it, and the
# Régie's agent completes it where it is needed (issue #12, item 8). A SELAT dispenser's owning
# professional gives theirs (our rule, ``selat_authorizer_answers_for_the_dispenser``).
PRACTICE_NUMBER_FUNCTIONS = {
    Function.PHARMACIST_OWNER,
    Function.HEALTH_PROFESSIONAL,
    Function.AIDS_DISPENSER_OWNER,
}

SELAT_AUTHORIZERS = {Function.AIDS_DISPENSER_OWNER, Function.AIDS_DISPENSER_MANAGER}


def selat_authorizer_answers_for_the_dispenser(function: str) -> None:
    """Our rule (the seeds do not say who authorizes a SELAT access): as on seed 001's form,
    where « Cette partie doit être remplie par un pharmacien propriétaire ou un professionnel de
    la santé », whoever answers for the dispenser authorizes its users: the professional who
    owns the practice or laboratory, with their practice number, or the manager of the
    laboratory or distributor, whose dispenser number section 2 gives. Held even if the form
    type's list (data, editable by staff) were widened: an employee does not vouch for a
    colleague."""
    if function not in SELAT_AUTHORIZERS:
        raise ValidationError(
            _(
                "Une demande d'accès au SELAT est autorisée par le professionnel propriétaire du "
                "cabinet ou du laboratoire, ou par le responsable du laboratoire ou du "
                "distributeur."
            ),
            code="selat_authorizer",
        )


def authorizer_practice_number_required(function: str, practice_number: str) -> None:
    """Seed 001, section 3: « Fonction ☐ Pharmacien propriétaire ☐ Professionnel de la santé »
    beside « Numéro de pratique ». A professional who authorizes gives a practice number."""
    if function in PRACTICE_NUMBER_FUNCTIONS and not practice_number:
        raise ValidationError(
            _("Inscrivez votre numéro de pratique."), code="practice_number_required"
        )


# The physicians who authorize on seed 003's form, whose section 3 has no practice number.
GMF_PHYSICIAN_FUNCTIONS = {Function.GMF_PHYSICIAN_RESPONSIBLE, Function.GMF_PHYSICIAN_CORESPONSIBLE}


def numbers_completed_by_regie(access_request: AccessRequest) -> list[str]:
    """Issue #12, item 8 (our rule, the seeds' forms lack these fields): where the agent needs a
    number the requester could leave blank, the agent completes it: 4313's « numéro de la
    pharmacie ou de l'établissement » (seed 001 asks only for the name) and a GMF physician's
    practice number (seed 003's section 3 has none). Only a number left blank, so nothing a
    signer wrote is overwritten. Returns the names of the numbers the agent may complete."""
    names = []
    if (
        access_request.family == FormFamily.PROFESSIONAL
        and not access_request.organization_number.strip()
    ):
        names.append("organization_number")
    if (
        access_request.auth_function in GMF_PHYSICIAN_FUNCTIONS
        and not access_request.auth_practice_number.strip()
    ):
        names.append("auth_practice_number")
    return names


def numbers_by_regie_errors(
    access_request: AccessRequest, *, organization_number: str, auth_practice_number: str
) -> tuple[dict[str, str], dict[str, list[ValidationError]]]:
    """The numbers an agent typed, checked (``numbers_completed_by_regie`` and each number's
    format): the cleaned values by field, and the errors by field."""
    allowed = numbers_completed_by_regie(access_request)
    checks = {
        "organization_number": (organization_number, establishment_number_format),
        "auth_practice_number": (auth_practice_number, practice_number_format),
    }
    cleaned: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, (value, number_format) in checks.items():
        value = value.strip()
        if not value:
            continue
        if name not in allowed:
            errors[name] = [
                ValidationError(
                    _("Ce numéro n'est pas à compléter par la Régie pour cette demande."),
                    code="not_completed_by_regie",
                )
            ]
            continue
        try:
            cleaned[name] = number_format(value)
        except ValidationError as error:
            errors[name] = [error]
    return cleaned, errors


def establishment_scope_numbers(scope: str, numbers: Iterable[str]) -> list[str]:
    """Seed 003: « De certaines installations de l'établissement » (« Spécifiez le ou les
    numéros d'établissement à la section 5 au verso »), « De toutes les installations de
    l'établissement » and « De la grappe de services (OPTILAB) » (each: « Ne joignez pas de
    liste »)."""
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


def _is_authorized_representative(function: str) -> bool:
    """The user's free-text function names « représentant autorisé » of a grappe (OPTILAB) or
    of a GMF (seed 003's words), accents and case aside; or a stored code saying so."""
    if function in BOARD_RESOLUTION_EXEMPT:
        return True
    text = unicodedata.normalize("NFKD", function).encode("ascii", "ignore").decode().lower()
    return "representant autorise" in text and any(
        word in text for word in ("optilab", "grappe", "gmf")
    )


def board_resolution_signatory(
    service_codes: Iterable[str], user_function: str, attested: bool
) -> None:
    """Seed 003: « Pour l'application Autorisation des demandes de paiement en ligne,
    l'utilisateur doit avoir été désigné comme signataire autorisé par une résolution du conseil
    d'administration de l'établissement. Cette règle ne s'applique pas au représentant autorisé
    d'une grappe de services (OPTILAB) ni au représentant autorisé d'un GMF. »"""
    if (
        "online-payment-authorization" in set(service_codes)
        and not _is_authorized_representative(user_function)
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


# --- the sections as a whole: what the services check -------------------------------------------

FieldErrors = dict[str, list[ValidationError]]


def _required() -> ValidationError:
    return ValidationError(_("Ce champ est obligatoire."), code="required")


@dataclass(frozen=True)
class UserSection:
    """Sections 1, 2 and 5, filled by the user. Field names are the online form's, so that an
    error the rules find is shown on the field that caused it. ``online_services`` are the
    applications asked for (section 1)."""

    online_services: list[OnlineService]
    last_name: str
    first_name: str
    sex: str
    function: str
    organization_name: str
    address: str
    postal_code: str
    phone: str
    email: str
    authorizer_email: str
    existing_username: str = ""
    organization_number: str = ""
    phone_ext: str = ""
    fax: str = ""
    scope: str = ""
    establishment_numbers: list[str] = field(default_factory=list)
    board_resolution: bool = False
    credentials: str = ""

    def model_fields(self) -> dict[str, Any]:
        """The section as ``AccessRequest`` fields (without the services, a many-to-many)."""
        return {
            "user_last_name": self.last_name,
            "user_first_name": self.first_name,
            "user_sex": self.sex,
            "user_function": self.function,
            "user_existing_username": self.existing_username,
            "organization_name": self.organization_name,
            "organization_number": self.organization_number,
            "user_address": self.address,
            "user_postal_code": self.postal_code,
            "user_phone": self.phone,
            "user_phone_ext": self.phone_ext,
            "user_fax": self.fax,
            "user_email": self.email.strip().lower(),
            "auth_email": self.authorizer_email.strip().lower(),
            "scope": self.scope,
            "establishment_numbers": self.establishment_numbers,
            "board_resolution": self.board_resolution,
            "credentials": self.credentials,
        }


@dataclass(frozen=True)
class AuthorizerSection:
    """Section 3, filled by the person who authorizes (the form's and the model's names)."""

    auth_last_name: str
    auth_first_name: str
    auth_sex: str
    auth_function: str
    auth_organization_name: str
    auth_address: str
    auth_postal_code: str
    auth_phone: str
    auth_practice_number: str = ""
    auth_phone_ext: str = ""
    auth_fax: str = ""

    def model_fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


USER_SECTION_TEXT_FIELDS = [
    f.name
    for f in fields(UserSection)
    if f.name not in {"online_services", "establishment_numbers", "board_resolution"}
]
AUTHORIZER_SECTION_TEXT_FIELDS = [f.name for f in fields(AuthorizerSection)]


def _check(
    errors: FieldErrors, name: str, value: str, check: Callable[[str], str], *, optional: bool
) -> str:
    """Run a format rule on one field, collecting its error; returns the cleaned value."""
    if not value:
        if not optional:
            errors.setdefault(name, []).append(_required())
        return value
    try:
        return check(value)
    except ValidationError as error:
        errors.setdefault(name, []).append(error)
        return value


def _catch(errors: FieldErrors, name: str, rule: Callable[[], object]) -> None:
    try:
        rule()
    except ValidationError as error:
        errors.setdefault(name, []).append(error)


# A section's postal code, phone, extension and fax: the rule of each and whether it may be blank.
CONTACT_CHECKS: tuple[tuple[str, Callable[[str], str], bool], ...] = (
    ("postal_code", canadian_postal_code, False),
    ("phone", north_american_phone, False),
    ("phone_ext", phone_extension, True),
    ("fax", north_american_phone, True),
)


def _contact_checked(
    errors: FieldErrors, section: UserSection | AuthorizerSection, *, prefix: str
) -> dict[str, Any]:
    """The contact fields of a section (``prefix``: ``auth_`` for section 3), cleaned (typed
    ``Any`` for ``dataclasses.replace``: each value is a ``str``)."""
    return {
        prefix + name: _check(
            errors, prefix + name, getattr(section, prefix + name), check, optional=optional
        )
        for name, check, optional in CONTACT_CHECKS
    }


def user_section_errors(
    form_type: FormType, section: UserSection
) -> tuple[UserSection, FieldErrors]:
    """Every rule above that applies to sections 1, 2 and 5 of ``form_type``. Returns the
    section cleaned (capitals, formats) and its errors by field name (empty when it passes)."""
    errors: FieldErrors = {}
    family = form_type.family
    same = lambda value: value  # noqa: E731

    def capitals(name: str) -> str:
        return _check(errors, name, getattr(section, name), names_in_capitals, optional=False)

    for name in ("sex", "function", "email", "authorizer_email"):
        _check(errors, name, getattr(section, name), same, optional=False)
    offered = set(form_type.online_services.filter(is_active=True).values_list("pk", flat=True))
    if not section.online_services:
        errors["online_services"] = [_required()]
    elif any(service.pk not in offered for service in section.online_services):
        errors["online_services"] = [
            ValidationError(
                _("Cette application ne peut pas être demandée avec ce formulaire."),
                code="online_service",
            )
        ]
    if section.function:
        _catch(errors, "function", lambda: user_function_allowed(form_type, section.function))
    number_optional = not organization_number_required(family)
    number = (
        section.organization_number.strip()
        if family == FormFamily.B2B
        else _check(
            errors,
            "organization_number",
            section.organization_number.strip(),
            establishment_number_format,
            optional=number_optional,
        )
    )
    for name in ("email", "authorizer_email"):
        if getattr(section, name):
            _catch(
                errors, name, functools.partial(mailbox_must_be_personal, getattr(section, name))
            )
    _catch(
        errors,
        "authorizer_email",
        lambda: emails_must_differ(section.email, section.authorizer_email),
    )
    establishment_numbers = section.establishment_numbers
    if family == FormFamily.ESTABLISHMENT:
        if not section.scope:
            errors["scope"] = [_required()]
        else:
            try:
                establishment_numbers = establishment_scope_numbers(
                    section.scope, section.establishment_numbers
                )
            except ValidationError as error:
                errors.setdefault("establishment_numbers", []).append(error)
        if section.function:
            _catch(
                errors,
                "board_resolution",
                lambda: board_resolution_signatory(
                    [s.code for s in section.online_services],
                    section.function,
                    section.board_resolution,
                ),
            )
    if family == FormFamily.B2B and not section.credentials:
        errors["credentials"] = [_required()]
    cleaned = replace(
        section,
        last_name=capitals("last_name"),
        first_name=capitals("first_name"),
        organization_name=capitals("organization_name"),
        address=capitals("address"),
        organization_number=number,
        existing_username=_check(
            errors,
            "existing_username",
            section.existing_username,
            existing_username_format,
            optional=True,
        ),
        **_contact_checked(errors, section, prefix=""),
        establishment_numbers=establishment_numbers,
    )
    return cleaned, errors


def authorizer_section_errors(
    form_type: FormType, section: AuthorizerSection
) -> tuple[AuthorizerSection, FieldErrors]:
    """Every rule above that applies to section 3 of ``form_type``: cleaned section, errors."""
    errors: FieldErrors = {}
    same = lambda value: value  # noqa: E731

    def capitals(name: str) -> str:
        return _check(errors, name, getattr(section, name), names_in_capitals, optional=False)

    for name in ("auth_sex", "auth_function"):
        _check(errors, name, getattr(section, name), same, optional=False)
    function = section.auth_function
    if function:
        _catch(errors, "auth_function", lambda: authorizer_function_allowed(form_type, function))
    if function and form_type.family == FormFamily.TECHNICAL_AIDS and "auth_function" not in errors:
        _catch(
            errors, "auth_function", lambda: selat_authorizer_answers_for_the_dispenser(function)
        )
    practice_number = section.auth_practice_number.strip()
    if form_type.family != FormFamily.B2B and function:
        _catch(
            errors,
            "auth_practice_number",
            lambda: authorizer_practice_number_required(function, practice_number),
        )
        if "auth_practice_number" not in errors:
            practice_number = _check(
                errors,
                "auth_practice_number",
                practice_number,
                practice_number_format,
                optional=True,
            )
    cleaned = replace(
        section,
        auth_last_name=capitals("auth_last_name"),
        auth_first_name=capitals("auth_first_name"),
        auth_organization_name=capitals("auth_organization_name"),
        auth_address=capitals("auth_address"),
        auth_practice_number=practice_number,
        **_contact_checked(errors, section, prefix="auth_"),
    )
    return cleaned, errors


def user_section_checked(form_type: FormType, section: UserSection) -> UserSection:
    """The section cleaned, or ``RuleViolation`` naming each field at fault (for services)."""
    cleaned, errors = user_section_errors(form_type, section)
    if errors:
        raise RuleViolation(errors)
    return cleaned


def authorizer_section_checked(
    form_type: FormType, section: AuthorizerSection
) -> AuthorizerSection:
    """Section 3 cleaned, or ``RuleViolation`` naming each field at fault (for services)."""
    cleaned, errors = authorizer_section_errors(form_type, section)
    if errors:
        raise RuleViolation(errors)
    return cleaned


# --- paper requests: the directives of the printed forms ------------------------------------


@dataclass(frozen=True)
class PaperDirective:
    """One directive a paper form prints, as the agent checks it on the scan (``check``) and as
    the requester reads it when the request is refused for it (``refusal``)."""

    code: str
    check: Promise
    refusal: Promise
    seeds: str


PAPER_DIRECTIVES: tuple[PaperDirective, ...] = (
    PaperDirective(
        code="photographed",
        check=gettext_lazy("Le document n'est pas une photographie du formulaire."),
        refusal=gettext_lazy(
            "Le formulaire reçu est une photographie. Aucun document photographié n'est "
            "accepté : numérisez le formulaire original signé ou envoyez-le par la poste."
        ),
        seeds="003",
    ),
    PaperDirective(
        code="photocopied",
        check=gettext_lazy("Le document n'est pas une photocopie."),
        refusal=gettext_lazy(
            "Le formulaire reçu est une photocopie. Aucun document photocopié n'est accepté : "
            "envoyez le formulaire original signé."
        ),
        seeds="001",
    ),
    PaperDirective(
        code="faxed",
        check=gettext_lazy("Le document n'a pas été transmis par télécopieur."),
        refusal=gettext_lazy(
            "Le formulaire a été reçu par télécopieur. Aucun document télécopié n'est accepté : "
            "envoyez le formulaire original signé par la poste, ou numérisé."
        ),
        seeds="001, 003",
    ),
    PaperDirective(
        code="nonconforming",
        check=gettext_lazy(
            "Le document est conforme : le formulaire de la Régie, complet et lisible, signé "
            "aux endroits indiqués."
        ),
        refusal=gettext_lazy(
            "Le document reçu n'est pas conforme : il doit s'agir du formulaire de la Régie, "
            "complet et lisible, signé aux endroits indiqués."
        ),
        seeds="001, 003",
    ),
    PaperDirective(
        code="signature_not_handwritten",
        check=gettext_lazy(
            "Chaque signature est manuscrite : ni lettres moulées, ni initiales, ni tampon."
        ),
        refusal=gettext_lazy(
            "Une signature du formulaire est en lettres moulées, en initiales ou apposée par un "
            "tampon. Ces signatures ne sont pas acceptées : chaque personne doit signer à la main."
        ),
        seeds="001",
    ),
)
PAPER_DIRECTIVE_CODES = tuple(directive.code for directive in PAPER_DIRECTIVES)


def paper_document_must_follow_directives(confirmed: Iterable[str]) -> None:
    """Seed 003: « Aucun document photographié, télécopié ou non conforme ne sera accepté. »
    Seed 001: « Aucun document photocopié, télécopié ou non conforme ne sera accepté » and « Les
    lettres moulées, les initiales et les tampons ne sont pas acceptés pour la signature. »

    A paper request is accepted only once the agent has confirmed each of these on the scan
    (``PAPER_DIRECTIVES``). Asking every directive of every paper form, whichever seed prints it,
    is ours: the forms share them, and no seed exempts one. A PDF signed with a certificate is
    not a paper scan (``sel.core.signed_pdf``); its checks are the signature's."""
    missing = [d for d in PAPER_DIRECTIVES if d.code not in set(confirmed)]
    if missing:
        raise ValidationError(
            _("Avant d'accepter une demande papier, confirmez chaque directive du formulaire : %s")
            % " ; ".join(str(directive.check) for directive in missing),
            code="paper_directives",
        )


def paper_refusal_texts(codes: Iterable[str]) -> list[str]:
    """What the requester reads for each directive the scan broke, in the current language
    (the caller sets the recipient's)."""
    chosen = set(codes)
    return [str(d.refusal) for d in PAPER_DIRECTIVES if d.code in chosen]
