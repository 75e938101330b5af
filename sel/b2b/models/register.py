"""What the four B2B services read and write: insured persons and their coverage (4123),
physicians and family-doctor registrations (4444, 4058), technical aids and their claims (4134).

Every row belongs to one environment: ``production``, or ``training``, the sandbox of synthetic
persons that training credentials reach (``sel.b2b.sandbox``). Each selector filters by the
calling client's environment, so neither side ever reads the other."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.b2b.models.clients import B2BClient, Environment


class InsuredPerson(models.Model):
    """An insured person as the eligibility service knows them: NAM and identity, to check what
    a pharmacy typed, never returned."""

    environment = models.CharField(max_length=12, choices=Environment.choices)
    nam = models.CharField(_("NAM"), max_length=12)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))

    class Meta:
        verbose_name = _("personne assurée (B2B)")
        verbose_name_plural = _("personnes assurées (B2B)")
        constraints = [
            models.UniqueConstraint(fields=["environment", "nam"], name="b2b_person_nam_unique")
        ]

    def __str__(self) -> str:
        return f"{self.environment}:{self.pk}"


class Plan(models.TextChoices):
    HEALTH = "health", _("Régime d'assurance maladie")
    DRUG = "drug", _("Régime public d'assurance médicaments")


class Coverage(models.Model):
    """A period during which a person is covered by one plan (``ends_on`` empty: open)."""

    person = models.ForeignKey(InsuredPerson, on_delete=models.CASCADE, related_name="coverages")
    plan = models.CharField(max_length=8, choices=Plan.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "plan"], name="b2b_coverage_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.plan} {self.starts_on}–{self.ends_on or ''}"


class Physician(models.Model):
    """A physician who may be a family doctor, with the clinic or GMF they practise in."""

    environment = models.CharField(max_length=12, choices=Environment.choices)
    practice_number = models.CharField(_("numéro de pratique"), max_length=10)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    clinic_name = models.CharField(_("clinique ou GMF"), max_length=200)
    is_gmf = models.BooleanField(_("groupe de médecine de famille"), default=False)

    class Meta:
        verbose_name = _("médecin (B2B)")
        verbose_name_plural = _("médecins (B2B)")
        constraints = [
            models.UniqueConstraint(
                fields=["environment", "practice_number"], name="b2b_physician_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.environment}:{self.practice_number}"


class Registration(models.Model):
    """An insured person registered with a family physician (form 4058). One open registration
    per person at a time; a move ends the old one (``end_reason`` = moved)."""

    class EndReason(models.TextChoices):
        ENDED = "ended", _("Fin de l'inscription")
        MOVED = "moved", _("Inscrit auprès d'un autre médecin")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        InsuredPerson, on_delete=models.PROTECT, related_name="registrations"
    )
    physician = models.ForeignKey(Physician, on_delete=models.PROTECT, related_name="registrations")
    consent_date = models.DateField(_("date du consentement"))
    registered_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=8, choices=EndReason.choices, blank=True)
    client = models.ForeignKey(
        B2BClient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="b2b_one_family_physician",
            )
        ]
        indexes = [models.Index(fields=["physician", "id"], name="b2b_registration_list")]

    def __str__(self) -> str:
        return str(self.public_id)


class TechnicalAid(models.Model):
    """An aid of the technical-aids program a dispenser may claim (category and code)."""

    environment = models.CharField(max_length=12, choices=Environment.choices)
    category = models.CharField(_("catégorie"), max_length=40)
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("description"), max_length=200)

    class Meta:
        verbose_name = _("aide technique")
        verbose_name_plural = _("aides techniques")
        constraints = [
            models.UniqueConstraint(fields=["environment", "code"], name="b2b_aid_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ClaimStatus(models.TextChoices):
    """Form 4134's claim, followed like an exception-drug request."""

    RECEIVED = "received", _("Reçue")
    PROCESSING = "processing", _("En traitement")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


OPEN_CLAIM_STATUSES = (ClaimStatus.RECEIVED, ClaimStatus.PROCESSING)


class AidClaim(models.Model):
    """A dispenser's claim for a technical aid (SELAT, form 4134), processed by the Régie's
    agents (``sel.b2b.services.claims``); a refusal carries its reason in French and English,
    which the vendor's status call returns."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    environment = models.CharField(max_length=12, choices=Environment.choices)
    client = models.ForeignKey(B2BClient, on_delete=models.PROTECT, related_name="claims")
    person = models.ForeignKey(InsuredPerson, on_delete=models.PROTECT, related_name="+")
    aid = models.ForeignKey(TechnicalAid, on_delete=models.PROTECT, related_name="+")
    service_date = models.DateField()
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default="received")
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    refusal_reason_fr = models.TextField(_("motif du refus (français)"), blank=True)
    refusal_reason_en = models.TextField(_("motif du refus (anglais)"), blank=True)

    class Meta:
        verbose_name = _("réclamation SELAT")
        verbose_name_plural = _("réclamations SELAT")
        permissions = [("process_aidclaim", "Traiter les réclamations SELAT")]
        indexes = [
            models.Index(fields=["environment", "status", "created_at"], name="b2b_claim_queue")
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES
