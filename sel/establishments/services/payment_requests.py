"""Payment requests: submitted by a professional in the portal, corrected after a return,
imported by an agent from software's CSV, transmitted for payment once authorized."""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.rules import RuleViolation
from sel.establishments.models import (
    CLAIMING,
    ActivityRate,
    Association,
    Installation,
    PaymentLine,
    PaymentRequest,
    PaymentRequestStep,
    Status,
)
from sel.establishments.rules import (
    LineInput,
    PaymentRequestSection,
    installation_must_exist,
    payment_lines_errors,
    payment_period_errors,
    period_not_already_claimed,
)
from sel.establishments.services._common import raise_errors

CENT = Decimal("0.01")  # amounts are rounded half up to the cent, line by line


def new_reference() -> str:
    """``DP`` + year + 10 random digits: unguessable, so that a reference tells nothing."""
    return f"DP{timezone.localdate():%y}{secrets.randbelow(10**10):010d}"


def _covering_association(
    professional: User, installation: Installation, start: date, end: date
) -> Association | None:
    return (
        Association.objects.in_force_on(timezone.localdate())
        .filter(
            professional=professional,
            installation=installation,
            valid_from__lte=start,
            signatory__ended_at__isnull=True,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
        .first()
    )


def activity_rates_of(section: PaymentRequestSection) -> dict[str, ActivityRate]:
    """The rate table's lines for the activity codes the section names."""
    codes = {line.activity_code for line in section.lines}
    return {rate.code: rate for rate in ActivityRate.objects.filter(code__in=codes)}


def section_rule_errors(
    section: PaymentRequestSection,
    rates: dict[str, ActivityRate],
    *,
    installation_found: bool,
    claimed_by: Callable[[], str | None],
) -> tuple[dict[str, list[ValidationError]], dict[int, list[ValidationError]]]:
    """The rules of a request's section, once its installation and rates are read: the
    installation, the period, at least one line, the lines, and the period not already claimed
    (``claimed_by``: the reference of a request that claims it, read only when all else
    holds). The portal's form, the CSV import and the B2B services all answer these."""
    errors: dict[str, list[ValidationError]] = {}
    for found in (
        installation_must_exist(found=installation_found),
        payment_period_errors(section),
    ):
        for name, items in found.items():
            errors.setdefault(name, []).extend(items)
    if not section.lines:
        errors.setdefault("lines", []).append(
            ValidationError(_("Ajoutez au moins une ligne."), code="no_lines")
        )
    line_errors = payment_lines_errors(section, rates)
    if installation_found and not errors:
        for name, items in period_not_already_claimed(claimed_by=claimed_by()).items():
            errors.setdefault(name, []).extend(items)
    return errors, line_errors


def period_claimed_by(
    section: PaymentRequestSection,
    *,
    professional: User,
    installation: Installation,
    replacing: PaymentRequest | None = None,
) -> str | None:
    """The reference of the professional's request at that installation whose period overlaps
    the section's and still claims it (``CLAIMING``), if any."""
    claimed: str | None = (
        PaymentRequest.objects.filter(
            professional=professional,
            installation=installation,
            status__in=CLAIMING,
            period_start__lte=section.period_end,
            period_end__gte=section.period_start,
        )
        .exclude(pk=replacing.pk if replacing else 0)
        .values_list("reference", flat=True)
        .first()
    )
    return claimed


def section_errors(
    section: PaymentRequestSection, *, professional: User, replacing: PaymentRequest | None = None
) -> tuple[
    Installation | None,
    dict[str, ActivityRate],
    dict[str, list[ValidationError]],
    dict[int, list[ValidationError]],
]:
    """Every rule of a request's section: the installation, the period, the lines, the period
    not already claimed. The form shows the same errors as the service raises."""
    installation = Installation.objects.filter(number=section.installation_number.strip()).first()
    rates = activity_rates_of(section)
    errors, line_errors = section_rule_errors(
        section,
        rates,
        installation_found=installation is not None,
        claimed_by=lambda: period_claimed_by(
            section,
            professional=professional,
            installation=installation,  # type: ignore[arg-type]
            replacing=replacing,
        ),
    )
    return installation, rates, errors, line_errors


def _raise(
    errors: dict[str, list[ValidationError]], line_errors: dict[int, list[ValidationError]]
) -> None:
    merged = dict(errors)
    for index, items in line_errors.items():
        merged[f"line-{index}"] = items
    raise_errors(merged)


def line_amount(quantity: Decimal, rate: ActivityRate) -> Decimal:
    """A line's amount: its quantity at the rate table's rate, rounded half up to the cent."""
    return (quantity * rate.rate).quantize(CENT, rounding=ROUND_HALF_UP)


def section_total(section: PaymentRequestSection, rates: dict[str, ActivityRate]) -> Decimal:
    """The request's total: the sum of its lines' amounts (``line_amount``)."""
    return sum(
        (line_amount(line.quantity, rates[line.activity_code]) for line in section.lines),
        Decimal(0),
    )


def _write_lines(
    payment_request: PaymentRequest, section: PaymentRequestSection, rates: dict[str, ActivityRate]
) -> None:
    lines = [
        PaymentLine(
            request=payment_request,
            day=line.day,
            activity=rates[line.activity_code],
            quantity=line.quantity,
            amount=line_amount(line.quantity, rates[line.activity_code]),
        )
        for line in section.lines
    ]
    PaymentLine.objects.bulk_create(lines)
    payment_request.total = sum((line.amount for line in lines), Decimal(0))


def _enter_queue(payment_request: PaymentRequest, *, actor: User | None) -> None:
    """Soumise, then en attente d'autorisation as soon as an association covers it."""
    association = _covering_association(
        payment_request.professional,
        payment_request.installation,
        payment_request.period_start,
        payment_request.period_end,
    )
    steps = [PaymentRequestStep(request=payment_request, status=Status.SUBMITTED, actor=actor)]
    if association is not None:
        payment_request.association = association
        payment_request.status = Status.AWAITING
        steps.append(PaymentRequestStep(request=payment_request, status=Status.AWAITING))
    payment_request.save()
    PaymentRequestStep.objects.bulk_create(steps)


def _submissions_one_at_a_time(professional: User) -> None:
    """The professional's row is locked until the transaction ends: two submissions of the same
    period at once (the portal and a software, a double click) cannot both find it unclaimed."""
    list(User.objects.select_for_update().filter(pk=professional.pk).values_list("pk"))


@transaction.atomic
def payment_request_submit(
    *,
    professional: User,
    section: PaymentRequestSection,
    channel: str = PaymentRequest.Channel.PORTAL,
    actor: User | None = None,
    request: HttpRequest | None = None,
    audit_details: dict[str, Any] | None = None,
) -> PaymentRequest:
    """A professional's request: checked, totalled from the rate table, then in the queue of
    the signatory associated with them at that installation (or soumise until one is).
    ``audit_details`` adds to the audit row what the channel knows (software: its client)."""
    _submissions_one_at_a_time(professional)
    installation, rates, errors, line_errors = section_errors(section, professional=professional)
    _raise(errors, line_errors)
    assert installation is not None
    payment_request = PaymentRequest.objects.create(
        reference=new_reference(),
        professional=professional,
        installation=installation,
        mode=section.mode,
        period_start=section.period_start,
        period_end=section.period_end,
        channel=channel,
    )
    _write_lines(payment_request, section, rates)
    _enter_queue(payment_request, actor=actor or professional)
    record(
        action=Action.PAYMENT_REQUEST_SUBMITTED,
        actor=actor or professional,
        target=payment_request,
        request=request,
        details={
            "installation": installation.number,
            "channel": channel,
            "lines": len(section.lines),
            **(audit_details or {}),
        },
    )
    return payment_request


@transaction.atomic
def payment_request_correct(
    *,
    professional: User,
    payment_request: PaymentRequest,
    section: PaymentRequestSection,
    request: HttpRequest | None = None,
) -> PaymentRequest:
    """A request returned for correction, submitted again with its lines replaced."""
    _submissions_one_at_a_time(professional)
    locked = PaymentRequest.objects.select_for_update().get(pk=payment_request.pk)
    if locked.professional_id != professional.pk or locked.status != Status.RETURNED:
        raise ValidationError(_("Cette demande ne peut plus être corrigée."), code="not_returned")
    installation, rates, errors, line_errors = section_errors(
        section, professional=professional, replacing=locked
    )
    _raise(errors, line_errors)
    assert installation is not None
    locked.lines.all().delete()
    locked.installation = installation
    locked.mode = section.mode
    locked.period_start = section.period_start
    locked.period_end = section.period_end
    locked.submitted_at = timezone.now()
    locked.association = None
    locked.status = Status.SUBMITTED
    locked.decided_by = None
    locked.decided_at = None
    _write_lines(locked, section, rates)
    _enter_queue(locked, actor=professional)
    record(
        action=Action.PAYMENT_REQUEST_SUBMITTED,
        actor=professional,
        target=locked,
        request=request,
        details={"installation": installation.number, "corrected": True},
    )
    return locked


# --- import by an agent (software's requests; software may also send them through the B2B
# services, sel.b2b.services.payments) -----------------------------------------------------------

IMPORT_COLUMNS = (
    "request",
    "professional",
    "installation",
    "mode",
    "period_start",
    "period_end",
    "day",
    "activity",
    "quantity",
)


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    errors: list[str]


def _parse_rows(
    rows: Iterable[str],
) -> tuple[dict[str, tuple[str, PaymentRequestSection]], list[str]]:
    reader = csv.DictReader(rows)
    if reader.fieldnames is None or tuple(f.strip() for f in reader.fieldnames) != IMPORT_COLUMNS:
        return {}, [_("Colonnes attendues : %(columns)s.") % {"columns": ",".join(IMPORT_COLUMNS)}]
    grouped: dict[str, tuple[str, PaymentRequestSection]] = {}
    errors: list[str] = []
    for number, row in enumerate(reader, start=2):
        try:
            line = LineInput(
                day=date.fromisoformat(row["day"].strip()),
                activity_code=row["activity"].strip().upper(),
                quantity=Decimal(row["quantity"].strip().replace(",", ".")),
            )
            start = date.fromisoformat(row["period_start"].strip())
            end = date.fromisoformat(row["period_end"].strip())
        except (ValueError, InvalidOperation, AttributeError):
            errors.append(_("Ligne %(line)s : date ou quantité illisible.") % {"line": number})
            continue
        key = row["request"].strip()
        username = row["professional"].strip().upper()
        if key in grouped:
            previous_user, section = grouped[key]
            grouped[key] = (
                previous_user,
                PaymentRequestSection(**{**section.__dict__, "lines": (*section.lines, line)}),
            )
        else:
            grouped[key] = (
                username,
                PaymentRequestSection(
                    installation_number=row["installation"].strip(),
                    mode=row["mode"].strip(),
                    period_start=start,
                    period_end=end,
                    lines=(line,),
                ),
            )
    return grouped, errors


def _messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


@transaction.atomic
def payment_requests_import(
    *, agent: User, rows: Iterable[str], request: HttpRequest | None = None
) -> ImportResult:
    """Software's requests as CSV, one row per line, grouped by the ``request`` column. Every
    request goes through the same rules as the portal's form; all or nothing: one bad request
    and none is recorded, each error named by its request."""
    grouped, errors = _parse_rows(rows)
    created: list[str] = []
    professionals = {
        u.username: u for u in User.objects.filter(username__in=[g[0] for g in grouped.values()])
    }
    for key, (username, section) in grouped.items():
        professional = professionals.get(username)
        if professional is None:
            errors.append(_("Demande %(key)s : professionnel inconnu.") % {"key": key})
            continue
        try:
            with transaction.atomic():
                created.append(
                    payment_request_submit(
                        professional=professional,
                        section=section,
                        channel=PaymentRequest.Channel.IMPORT,
                        actor=agent,
                        request=request,
                    ).reference
                )
        except RuleViolation as violation:
            errors.append(
                _("Demande %(key)s : %(errors)s") % {"key": key, "errors": _messages(violation)}
            )
    if errors:
        transaction.set_rollback(True)
        return ImportResult(created=[], errors=errors)
    record(
        action=Action.PAYMENT_REQUESTS_IMPORTED,
        actor=agent,
        request=request,
        details={"count": len(created)},
    )
    return ImportResult(created=created, errors=[])


@transaction.atomic
def payment_requests_transmit() -> int:
    """The day's authorized requests are transmitted for payment (the worker's daily job)."""
    ids = list(
        PaymentRequest.objects.select_for_update()
        .filter(status=Status.AUTHORIZED)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    PaymentRequest.objects.filter(pk__in=ids).update(status=Status.TRANSMITTED)
    PaymentRequestStep.objects.bulk_create(
        PaymentRequestStep(request_id=pk, status=Status.TRANSMITTED) for pk in ids
    )
    record(action=Action.PAYMENT_REQUESTS_TRANSMITTED, details={"count": len(ids)})
    return len(ids)
