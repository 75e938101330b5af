"""Payment requests of professionals paid by an establishment's mode of remuneration, their
lines, the rate table kept by the Régie, and each request's history of statuses."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sel.core.formats import money
from sel.core.languages import Language, language_current
from sel.establishments.models.reference import Installation
from sel.establishments.models.register import Association


class Mode(models.TextChoices):
    HOURLY = "hourly", _("Tarif horaire")
    SESSIONAL = "sessional", _("Vacation")
    PER_DIEM = "per_diem", _("Per diem")
    FIXED_FEES = "fixed_fees", _("Honoraires fixes")


class Unit(models.TextChoices):
    HOURS = "hours", _("heures")
    SESSIONS = "sessions", _("vacations")
    DAYS = "days", _("jours")


class ActivityRate(models.Model):
    """One line of the rate table kept by the Régie: an activity code of a mode, its unit and
    its rate per unit (demo rates)."""

    code = models.CharField(_("code d'activité"), max_length=8, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200)
    mode = models.CharField(_("mode de rémunération"), max_length=16, choices=Mode.choices)
    unit = models.CharField(_("unité"), max_length=8, choices=Unit.choices)
    rate = models.DecimalField(_("tarif par unité"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("tarif d'activité")
        verbose_name_plural = _("table des tarifs")
        ordering = ["mode", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.label_en if language_current() == Language.ENGLISH else self.label_fr

    @property
    def rate_per_unit(self) -> str:
        """« 128,75 $ l'heure », « $128.75 per hour »."""
        per: dict[str, str | Promise] = {
            Unit.HOURS: _("%(amount)s l'heure"),
            Unit.SESSIONS: _("%(amount)s la vacation"),
            Unit.DAYS: _("%(amount)s par jour"),
        }
        return str(per.get(self.unit, "%(amount)s")) % {"amount": money(self.rate)}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Soumise")
    AWAITING = "awaiting", _("En attente d'autorisation")
    AUTHORIZED = "authorized", _("Autorisée")
    REFUSED = "refused", _("Refusée")
    RETURNED = "returned", _("Retournée pour correction")
    TRANSMITTED = "transmitted", _("Transmise pour paiement")


# The statuses a signatory decides on.
WAITING = frozenset({Status.AWAITING})
# The statuses in which a request still claims its period (a new one for it is refused).
CLAIMING = frozenset(
    {Status.SUBMITTED, Status.AWAITING, Status.AUTHORIZED, Status.TRANSMITTED, Status.RETURNED}
)


class PaymentRequest(models.Model):
    """A professional's payment request for work at one installation over a period."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portail")
        IMPORT = "import", _("Importée par la Régie (logiciel)")
        # Issue #14: sent by a vendor's software through the B2B services (sel.b2b).
        SOFTWARE = "software", _("Transmise par un logiciel (B2B)")

    reference = models.CharField(_("numéro de la demande"), max_length=20, unique=True)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_requests"
    )
    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="payment_requests"
    )
    mode = models.CharField(_("mode de rémunération"), max_length=16, choices=Mode.choices)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PORTAL)
    submitted_at = models.DateTimeField(_("soumise le"), default=timezone.now)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=Decimal(0))
    # The association under which it waits: set when it enters the queue, so that the queue is
    # one indexed read (bench/establishments_queue.py).
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_requests",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("demande de paiement")
        verbose_name_plural = _("demandes de paiement")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["association", "status", "submitted_at", "id"]),
            models.Index(fields=["professional", "installation", "period_start"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentLine(models.Model):
    """One line: a date, an activity code and a quantity in the activity's unit."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="lines")
    day = models.DateField(_("date"))
    activity = models.ForeignKey(ActivityRate, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("heures ou vacations"), max_digits=6, decimal_places=2)
    amount = models.DecimalField(_("montant"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de demande de paiement")
        verbose_name_plural = _("lignes de demande de paiement")
        ordering = ["day", "activity__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "day", "activity"], name="one_line_per_day_and_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.activity_id} {self.quantity}"


class PaymentRequestStep(models.Model):
    """A request's history: each status it entered, when, who moved it and why."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("état"), max_length=16, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("étape d'une demande de paiement")
        verbose_name_plural = _("historique des demandes de paiement")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.status}"
