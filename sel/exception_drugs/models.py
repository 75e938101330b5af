"""Insured persons, drugs, payment-authorization requests with their history, and delegations
from prescribers to their administrative assistants (seeds 000 and 001, issue #5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current
from sel.core.uploads import UploadPath
from sel.exception_drugs.nam import nam_agrees_with_identity, nam_normalise, validate_nam


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")


class InsuredPerson(models.Model):
    """A person insured by the Régie, known by their NAM (stored normalised).

    The name, birth date and sex here are the Régie's register, the only authoritative identity:
    they are written only by the Régie (its register loads, the demo and synthetic data, the
    staff console), never by a request. A NAM the register does not know gets a row with the NAM
    alone when a request names it. What a prescriber states on a request is kept with that request
    (``StatedIdentity``) and shown back to that prescriber only (sel/exception_drugs/identity.py).
    """

    nam = models.CharField(
        _("numéro d'assurance maladie"), max_length=12, unique=True, validators=[validate_nam]
    )
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("personne assurée")
        verbose_name_plural = _("personnes assurées")

    def __str__(self) -> str:
        return self.nam

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.nam = nam_normalise(self.nam)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.nam = nam_normalise(self.nam)
        nam_agrees_with_identity(  # validates the NAM's structure first
            self.nam,
            last_name=self.last_name,
            first_name=self.first_name,
            birth_date=self.birth_date,
            sex=self.sex,
        )


class Drug(models.Model):
    """A drug by its DIN; ``is_exception`` marks the list of exception drugs."""

    din = models.CharField(_("DIN"), max_length=8, unique=True)
    name = models.CharField(_("nom"), max_length=200, db_index=True)
    strength = models.CharField(_("teneur"), max_length=100, blank=True)
    form = models.CharField(_("forme"), max_length=100, blank=True)
    is_exception = models.BooleanField(_("médicament d'exception"), default=True)

    class Meta:
        verbose_name = _("médicament")
        verbose_name_plural = _("médicaments")
        ordering = ["name", "strength"]

    def __str__(self) -> str:
        return f"{self.name} {self.strength} ({self.din})".replace("  ", " ")


def indication_text(text_fr: str, text_en: str | None) -> str:
    """The indication in the reader's language: English when asked for and written, else French."""
    if language_current() == Language.ENGLISH and text_en:
        return text_en
    return text_fr


class Indication(models.Model):
    """A recognised indication of an exception drug: a code and its text in both languages."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="indications")
    code = models.CharField(_("code"), max_length=20)
    text_fr = models.TextField(_("texte (français)"))
    text_en = models.TextField(_("texte (anglais)"), blank=True)

    class Meta:
        verbose_name = _("indication reconnue")
        verbose_name_plural = _("indications reconnues")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "code"], name="indication_unique_code_per_drug")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.text}"

    @property
    def text(self) -> str:
        return indication_text(self.text_fr, self.text_en)


class RequestKind(models.TextChoices):
    EXCEPTION_DRUG = "exception_drug", _("Médicament d'exception")
    EXCEPTIONAL_PATIENT = "exceptional_patient", _("Mesure du patient d'exception")


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne")
    FAX = "fax", _("Télécopieur")
    MAIL = "mail", _("Courrier")


class Status(models.TextChoices):
    """Seed 001: « Une demande peut être acceptée, refusée, en traitement ou en attente de
    renseignements complémentaires »."""

    IN_PROCESSING = "in_processing", _("en traitement")
    AWAITING_INFORMATION = "awaiting_information", _("en attente de renseignements complémentaires")
    ACCEPTED = "accepted", _("acceptée")
    REFUSED = "refused", _("refusée")


OPEN_STATUSES = (Status.IN_PROCESSING, Status.AWAITING_INFORMATION)


def request_reason_check(
    *, kind: str, drug_id: int | None, indication: Indication | None, justification: str
) -> None:
    """What a request gives as its reason (our rule, not a seed's): an indication recognised for
    its drug, or a justification; the exceptional-patient measure always needs a justification.
    The model's ``clean`` (the staff console) and the services (every other writer) call it."""
    if indication is not None and indication.drug_id != drug_id:
        raise ValidationError(_("Cette indication n'est pas reconnue pour ce médicament."))
    if kind == RequestKind.EXCEPTION_DRUG and indication is None and not justification.strip():
        raise ValidationError(_("Indiquez une indication reconnue ou une justification."))
    if kind == RequestKind.EXCEPTIONAL_PATIENT and not justification.strip():
        raise ValidationError(_("La mesure du patient d'exception demande une justification."))


class ExceptionRequest(models.Model):
    """A payment-authorization request for an exception drug or the exceptional-patient measure,
    whatever the channel it came by."""

    reference = models.CharField(_("numéro de référence"), max_length=16, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=RequestKind.choices)
    # Indexed with the drug by ``exreq_person_drug`` (the consultation), not on its own.
    insured_person = models.ForeignKey(
        InsuredPerson, on_delete=models.PROTECT, related_name="requests", db_index=False
    )
    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="requests")
    prescriber = models.ForeignKey(  # indexed with received_at by ``exreq_prescriber``
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exception_requests",
        verbose_name=_("prescripteur"),
        db_index=False,
    )
    pharmacy = models.CharField(_("pharmacie"), max_length=200, blank=True)
    indication = models.ForeignKey(
        Indication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indication reconnue"),
    )
    justification = models.TextField(_("justification"), blank=True)
    channel = models.CharField(_("mode de transmission"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=32, choices=Status.choices, default=Status.IN_PROCESSING
    )
    status_changed_at = models.DateTimeField(_("état depuis"), default=timezone.now)
    decided_at = models.DateTimeField(_("date de la décision"), null=True, blank=True)
    authorized_from = models.DateField(_("autorisée du"), null=True, blank=True)
    authorized_until = models.DateField(_("autorisée jusqu'au"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    information_requested = models.TextField(_("renseignements demandés"), blank=True)
    prescriber_answer = models.TextField(_("réponse du prescripteur"), blank=True)
    renewal_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renouvellement de"),
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )

    class Meta:
        verbose_name = _("demande d'autorisation de paiement")
        verbose_name_plural = _("demandes d'autorisation de paiement")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # Consultation by NAM + drug (the hot path) and the prescriber's own list.
            models.Index(fields=["insured_person", "drug"], name="exreq_person_drug"),
            models.Index(fields=["prescriber", "-received_at"], name="exreq_prescriber"),
            models.Index(fields=["status", "received_at"], name="exreq_queue"),
            models.Index(fields=["status", "authorized_until"], name="exreq_expiry"),
        ]
        permissions = [
            ("process_exceptionrequest", _("Traiter les demandes d'autorisation de paiement")),
            ("search_consultation_audit", _("Chercher les consultations par NAM")),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        request_reason_check(
            kind=self.kind,
            drug_id=self.drug_id,
            indication=self.indication if self.indication_id else None,
            justification=self.justification,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StatedIdentity(models.Model):
    """The insured person's identity as one request states it: typed by its prescriber online, or
    transcribed by an agent from the prescriber's fax or letter. It never becomes the person's
    identity (``InsuredPerson``) and is shown back only to whoever may renew that request."""

    request = models.OneToOneField(
        ExceptionRequest,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stated_identity",
    )
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("identité déclarée")
        verbose_name_plural = _("identités déclarées")

    def __str__(self) -> str:
        return f"{self.request_id}"


class StatusChange(models.Model):
    """One step of a request's history: who moved it to which status, and when."""

    request = models.ForeignKey(ExceptionRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["request", "changed_at"], name="exreq_history")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class AttachmentKind(models.TextChoices):
    ATTACHMENT = "attachment", _("Pièce jointe")
    SCAN = "scan", _("Numérisation de la demande reçue")


class Attachment(models.Model):
    """A file joined to a request, stored under MEDIA_ROOT and served only by an access-checked
    view."""

    request = models.ForeignKey(
        ExceptionRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=16, choices=AttachmentKind.choices)
    # The stored name is random; the original name (possibly health data) stays in the database
    # (sel.core.uploads).
    file = models.FileField(upload_to=UploadPath("exception_drugs"), max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def in_force(self, day: date | None = None) -> DelegationQuerySet:
        day = day or timezone.localdate()
        return self.filter(ended_at__isnull=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class Delegation(models.Model):
    """Seed 000: « les adjoints administratifs [...] travaillant auprès d'un prescripteur autorisé
    pourront avoir accès au panorama Consulter les demandes par personne assurée »: a prescriber
    lets an assistant follow their requests, possibly until an end date."""

    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("prescripteur"),
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("adjoint administratif"),
    )
    starts_on = models.DateField(_("à partir du"), default=timezone.localdate)
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A link made by the approval of a 4313 request: the request, and for a pharmacy technician
    # the pharmacy of the owner pharmacist who authorized it (section 3).
    access_request = models.ForeignKey(
        "access.AccessRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demande d'accès"),
    )
    pharmacy = models.CharField(_("pharmacie"), max_length=200, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("délégation")
        verbose_name_plural = _("délégations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["assistant", "prescriber"], name="delegation_assistant")]

    def __str__(self) -> str:
        return f"{self.prescriber_id} → {self.assistant_id}"

    def is_in_force(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.ended_at is None
            and self.starts_on <= day
            and (self.ends_on is None or self.ends_on >= day)
        )
