"""The rules of the establishments' applications: seed 003's and issue #14's, each in one
function named after it. Each returns per-field errors (empty when the rule holds); services
raise them as ``sel.core.rules.RuleViolation`` and forms show them field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sel.establishments.models import ActivityRate, SignatoryFunction, Unit

Errors = dict[str, list[ValidationError]]

BOARD_RESOLUTION_EXEMPT = frozenset(
    {
        SignatoryFunction.OPTILAB_REPRESENTATIVE,
        SignatoryFunction.GMF_RESPONSIBLE,
        SignatoryFunction.GMF_CORESPONSIBLE,
    }
)


def board_resolution_required(
    *, function: str, resolution_number: str, resolution_date: date | None
) -> Errors:
    """Seed 003, NOTE: « Pour l’application Autorisation des demandes de paiement en ligne,
    l’utilisateur doit avoir été désigné comme signataire autorisé par une résolution du conseil
    d’administration de l’établissement. Cette règle ne s’applique pas au représentant autorisé
    d’une grappe de services (OPTILAB) ni au représentant autorisé d’un GMF. »

    The register records the resolution's number and date; a GMF's responsible or co-responsible
    physician (its authorized representatives) and an OPTILAB cluster's representative need none."""
    if function in BOARD_RESOLUTION_EXEMPT:
        return {}
    errors: Errors = {}
    if not resolution_number.strip():
        errors["resolution_number"] = [
            ValidationError(
                _(
                    "Inscrivez le numéro de la résolution du conseil d'administration qui a "
                    "désigné ce signataire autorisé."
                ),
                code="resolution_required",
            )
        ]
    if resolution_date is None:
        errors["resolution_date"] = [
            ValidationError(
                _("Inscrivez la date de la résolution du conseil d'administration."),
                code="resolution_required",
            )
        ]
    elif resolution_date > timezone.localdate():
        errors["resolution_date"] = [
            ValidationError(_("La date de la résolution ne peut pas être future."), code="future")
        ]
    return errors


@dataclass(frozen=True)
class DesignatingRequest:
    """What the register needs to know of the access request an agent names: what it is, and
    whether it designates this person for this establishment's *Autorisation* application."""

    reference: str
    approved: bool
    names_person: bool
    asks_authorization: bool
    for_establishment: bool


def signatory_designated_by_access_request(
    *, reference: str, found: DesignatingRequest | None
) -> Errors:
    """Issue #14: « Board resolutions and the register of authorized signatories (function,
    resolution, dates) are kept by the Régie's agents from the access request that designated
    the signatory »: the reference names an existing establishments' access request, accepted,
    whose user is this person, asking for the application « Autorisation des demandes de
    paiement en ligne » (seed 003, section 1) for this establishment."""
    if found is None:
        if not reference.strip():
            message = _(
                "Inscrivez le numéro de référence de la demande d'accès qui a désigné ce "
                "signataire."
            )
        else:
            message = _(
                "Aucune demande d'accès des établissements ne porte le numéro %(reference)s."
            ) % {"reference": reference.strip()}
    elif not found.approved:
        message = _(
            "La demande d'accès %(reference)s n'est pas acceptée : inscrivez le signataire une "
            "fois la demande acceptée."
        ) % {"reference": found.reference}
    elif not found.names_person:
        message = _(
            "La demande d'accès %(reference)s ne désigne pas cette personne : vérifiez le nom "
            "d'utilisateur ou le numéro de référence."
        ) % {"reference": found.reference}
    elif not found.asks_authorization:
        message = _(
            "La demande d'accès %(reference)s ne demande pas l'application « Autorisation des "
            "demandes de paiement en ligne »."
        ) % {"reference": found.reference}
    elif not found.for_establishment:
        message = _("La demande d'accès %(reference)s ne vise pas cet établissement.") % {
            "reference": found.reference
        }
    else:
        return {}
    return {"access_request_reference": [ValidationError(message, code="not_designated")]}


def association_within_grant(*, installation_id: int | None, in_scope: Iterable[int]) -> Errors:
    """Issue #14: « Refuse an association outside your grant's installations » (seed 003: the
    grant's scope, some installations, all of them, or the OPTILAB cluster)."""
    if installation_id is None or installation_id not in set(in_scope):
        return {
            "installation_number": [
                ValidationError(
                    _(
                        "Cette installation ne fait pas partie des installations de votre accès. "
                        "Vérifiez le numéro."
                    ),
                    code="outside_grant",
                )
            ]
        }
    return {}


def _overlap(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    a_end, b_end = a[1] or date.max, b[1] or date.max
    return a[0] <= b_end and b[0] <= a_end


def association_dates_must_not_overlap(
    *, valid_from: date, valid_until: date | None, others: Iterable[tuple[date, date | None]]
) -> Errors:
    """Issue #14: « Refuse … one whose dates overlap another for the same professional and
    installation » (``others``: the periods of the associations in force for both). The end, when
    given, is not before the start."""
    if valid_until is not None and valid_until < valid_from:
        return {
            "valid_until": [
                ValidationError(
                    _("La date de fin précède la date de début."), code="end_before_start"
                )
            ]
        }
    for other in others:
        if _overlap((valid_from, valid_until), other):
            until = other[1].isoformat() if other[1] else _("sans date de fin")
            return {
                "valid_from": [
                    ValidationError(
                        _(
                            "Ce professionnel est déjà associé à cette installation du %(start)s "
                            "au %(end)s : les périodes ne peuvent pas se chevaucher."
                        )
                        % {"start": other[0].isoformat(), "end": until},
                        code="overlap",
                    )
                ]
            }
    return {}


def association_change_not_in_the_past(*, valid_until: date | None) -> Errors:
    """Ours, for a change of an association (issue #14: « creates, changes and ends »): a
    change keeps it in force; an end date before today would end it in the past, which the
    end of an association refuses too."""
    if valid_until is None or valid_until >= timezone.localdate():
        return {}
    return {
        "valid_until": [
            ValidationError(
                _(
                    "La date de fin ne peut pas être passée. Pour terminer l'association, "
                    "utilisez « Terminer l'association »."
                ),
                code="end_in_the_past",
            )
        ]
    }


def association_change_keeps_waiting_requests(*, uncovered: list[str], count: int) -> Errors:
    """Ours: a change of dates may not leave out a request already waiting under the
    association (it would wait in no queue); end the association instead, or decide the
    request first. ``uncovered``: a few of their references, ``count``: how many."""
    if not count:
        return {}
    return {
        "valid_from": [
            ValidationError(
                ngettext(
                    "%(count)s demande en attente d'autorisation sous cette association sortirait "
                    "de ses dates (%(references)s) : elle doit d'abord être traitée.",
                    "%(count)s demandes en attente d'autorisation sous cette association "
                    "sortiraient de ses dates (%(references)s) : elles doivent d'abord être "
                    "traitées.",
                    count,
                )
                % {"count": count, "references": ", ".join(uncovered)},
                code="waiting_uncovered",
            )
        ]
    }


def association_signatory_in_register(*, signatory_found: bool) -> Errors:
    """Issue #14: « Refuse … one naming a signatory not in the register » (the register of the
    installation's establishment, in force today)."""
    if signatory_found:
        return {}
    return {
        "signatory_username": [
            ValidationError(
                _(
                    "Cette personne n'est pas inscrite au registre des signataires autorisés de "
                    "l'établissement de cette installation."
                ),
                code="not_in_register",
            )
        ]
    }


# --- payment requests -------------------------------------------------------------------------

# Our rule: a session (« vacation ») counts 3.5 hours and a per diem a whole day's work, so that
# a day's lines never add up to more than 24 hours whatever their units.
HOURS_PER_UNIT = {Unit.HOURS: Decimal(1), Unit.SESSIONS: Decimal("3.5"), Unit.DAYS: Decimal(24)}
HOURS_IN_A_DAY = Decimal(24)
MAX_PERIOD_DAYS = 31  # our rule: one request covers at most a month of work


@dataclass(frozen=True)
class LineInput:
    day: date
    activity_code: str
    quantity: Decimal


@dataclass(frozen=True)
class PaymentRequestSection:
    """What a professional types (or a software sends): the form's field names."""

    installation_number: str
    mode: str
    period_start: date
    period_end: date
    lines: tuple[LineInput, ...] = field(default_factory=tuple)


def payment_period_errors(section: PaymentRequestSection) -> Errors:
    """Our rule: the period ends on or after its start, lasts at most a month, and is not in
    the future."""
    if section.period_end < section.period_start:
        message = _("La fin de la période précède son début.")
    elif (section.period_end - section.period_start).days >= MAX_PERIOD_DAYS:
        message = _("Une demande couvre au plus %(days)s jours.") % {"days": MAX_PERIOD_DAYS}
    elif section.period_end > timezone.localdate():
        message = _("La période ne peut pas finir dans le futur.")
    else:
        return {}
    return {"period_end": [ValidationError(message, code="period")]}


def payment_lines_errors(
    section: PaymentRequestSection, rates: dict[str, ActivityRate]
) -> dict[int, list[ValidationError]]:
    """Issue #14, bad input: lines outside the period, hours over a day's total, a duplicate line,
    plus an unknown activity code or one of another mode. Errors by line index."""
    errors: dict[int, list[ValidationError]] = defaultdict(list)
    seen: set[tuple[date, str]] = set()
    hours_by_day: dict[date, Decimal] = defaultdict(Decimal)
    for index, line in enumerate(section.lines):
        rate = rates.get(line.activity_code)
        if rate is None:
            errors[index].append(
                ValidationError(
                    _("Code d'activité inconnu : %(code)s.") % {"code": line.activity_code},
                    code="unknown_activity",
                )
            )
        elif rate.mode != section.mode:
            errors[index].append(
                ValidationError(
                    _("Le code d'activité %(code)s n'appartient pas au mode choisi.")
                    % {"code": line.activity_code},
                    code="wrong_mode",
                )
            )
        if not section.period_start <= line.day <= section.period_end:
            errors[index].append(
                ValidationError(
                    _("La date %(day)s est hors de la période de la demande.")
                    % {"day": line.day.isoformat()},
                    code="outside_period",
                )
            )
        if line.quantity <= 0:
            errors[index].append(
                ValidationError(_("La quantité doit être plus grande que zéro."), code="quantity")
            )
        key = (line.day, line.activity_code)
        if key in seen:
            errors[index].append(
                ValidationError(
                    _("Ligne en double : même date et même code d'activité qu'une autre ligne."),
                    code="duplicate_line",
                )
            )
        seen.add(key)
        if rate is not None and line.quantity > 0:
            hours_by_day[line.day] += line.quantity * HOURS_PER_UNIT[Unit(rate.unit)]
            if hours_by_day[line.day] > HOURS_IN_A_DAY:
                errors[index].append(
                    ValidationError(
                        _(
                            "Les lignes du %(day)s dépassent 24 heures de travail (une vacation "
                            "compte 3,5 heures, un per diem une journée)."
                        )
                        % {"day": line.day.isoformat()},
                        code="over_a_day",
                    )
                )
    return dict(errors)


def period_not_already_claimed(*, claimed_by: str | None) -> Errors:
    """Issue #14, bad input: « a period already claimed »: the same professional's request for
    the same installation whose period overlaps this one, unless it was refused."""
    if claimed_by is None:
        return {}
    return {
        "period_start": [
            ValidationError(
                _(
                    "Cette période est déjà réclamée pour cette installation par la demande "
                    "%(reference)s."
                )
                % {"reference": claimed_by},
                code="already_claimed",
            )
        ]
    }


def installation_must_exist(*, found: bool) -> Errors:
    """Issue #14, bad input: « a wrong installation number »."""
    if found:
        return {}
    return {
        "installation_number": [
            ValidationError(
                _("Aucune installation ne porte ce numéro. Vérifiez-le (5 chiffres)."),
                code="unknown_installation",
            )
        ]
    }


# --- authorization ----------------------------------------------------------------------------


def no_self_authorization(*, signatory_user_id: int, professional_id: int) -> Errors:
    """Issue #14: « no signatory authorizes their own request »."""
    if signatory_user_id == professional_id:
        return {
            "__all__": [
                ValidationError(
                    _("Vous ne pouvez pas autoriser votre propre demande de paiement."),
                    code="self_authorization",
                )
            ]
        }
    return {}


def authorization_within_scope_and_association(
    *,
    installation_id: int,
    in_scope: Iterable[int],
    period: tuple[date, date],
    association: tuple[date, date | None] | None,
) -> Errors:
    """Issue #14: « nothing outside the grant's installations or the association's dates »:
    the request's installation is in the signatory's grant, and its whole period inside the
    association that names the signatory for that professional and installation."""
    inside = association is not None and (
        association[0] <= period[0] and (association[1] is None or period[1] <= association[1])
    )
    if installation_id in set(in_scope) and inside:
        return {}
    return {
        "__all__": [
            ValidationError(
                _(
                    "Cette demande n'est pas dans votre portée : installation hors de votre accès "
                    "ou période hors de votre association avec ce professionnel."
                ),
                code="outside_scope",
            )
        ]
    }


def queue_closed_when_access_ends(*, grant_in_force: bool, association_in_force: bool) -> Errors:
    """Issue #14: « a withdrawn grant or an ended association closes the queue at once »:
    checked at each decision, not only when the queue is shown."""
    if grant_in_force and association_in_force:
        return {}
    return {
        "__all__": [
            ValidationError(
                _("Votre accès à cette demande a pris fin (accès retiré ou association terminée)."),
                code="queue_closed",
            )
        ]
    }


def refusal_reason_required(*, reason: str) -> Errors:
    """Issue #14: « refusée (reason required) »; a return for correction says what to correct."""
    if reason.strip():
        return {}
    return {
        "reason": [
            ValidationError(_("Inscrivez le motif."), code="reason_required"),
        ]
    }
