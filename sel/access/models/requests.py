"""Form types and versions, access requests, their signatures and emailed links (seeds 001, 003,
004)."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current
from sel.core.uploads import ORIGINAL_NAME_MAX, UploadPath


class FormFamily(models.TextChoices):
    PROFESSIONAL = "professional", _("Professionnels et pharmacies (4313)")
    ESTABLISHMENT = "establishment", _("Établissements du réseau de la santé")
    B2B = "b2b", _("Développeurs de logiciels (B2B)")
    # Seed 002: « les utilisateurs du service en ligne des aides technique (SELAT) doivent remplir
    # le formulaire de demande d'accès aux services en ligne ».
    TECHNICAL_AIDS = "technical_aids", _("Dispensateurs d'aides techniques (SELAT)")


class Function(models.TextChoices):
    """Functions named on the paper forms: the user's (section 2), the authorizer's (section 3)."""

    # Seed 001, section 2
    ADMIN_ASSISTANT = "admin_assistant", _("Adjoint administratif")
    NURSE = "nurse", _("Infirmier")
    PHARMACY_TECHNICIAN = "pharmacy_technician", _("Technicien en pharmacie")
    # Seed 001, section 3
    PHARMACIST_OWNER = "pharmacist_owner", _("Pharmacien propriétaire")
    HEALTH_PROFESSIONAL = "health_professional", _("Professionnel de la santé")
    # Seed 003, section 2 (examples of the paper form) and section 3
    ADMIN_SECRETARY = "admin_secretary", _("Secrétaire administratif")
    PROJECT_COORDINATOR = "project_coordinator", _("Coordonnateur du projet")
    DIRECTOR = "director", _("Directeur")
    OPTILAB_REPRESENTATIVE = (
        "optilab_representative",
        _("Représentant autorisé d'une grappe de services (OPTILAB)"),
    )
    GMF_REPRESENTATIVE = "gmf_representative", _("Représentant autorisé d'un GMF")
    DSP = "dsp", _("Directeur des services professionnels")
    DG = "dg", _("Directeur général")
    GMF_PHYSICIAN_RESPONSIBLE = "gmf_physician_responsible", _("Médecin responsable du GMF")
    GMF_PHYSICIAN_CORESPONSIBLE = "gmf_physician_coresponsible", _("Médecin coresponsable du GMF")
    # Seed 004: « le responsable informatique désigné »; it names its authorizer only « la
    # personne qui autorise la demande d'accès »: the officer (Dirigeant) is ours.
    VENDOR_IT_LEAD = (
        "vendor_it_lead",
        _("Responsable informatique désigné du développeur de logiciels"),
    )
    VENDOR_OFFICER = "vendor_officer", _("Dirigeant du développeur de logiciels")
    # SELAT (seed 002 names the service and its users, not their functions: these are ours).
    # Section 2: seed 002's « personnel administratif », the dispenser's technicians, and the
    # dispensing professional who sends their own claims.
    AIDS_ADMIN_STAFF = "aids_admin_staff", _("Personnel administratif du dispensateur")
    AIDS_TECHNICIAN = "aids_technician", _("Technicien du dispensateur")
    AIDS_PROFESSIONAL = (
        "aids_professional",
        _("Professionnel dispensateur (audioprothésiste, orthésiste-prothésiste, oculariste…)"),
    )
    # Section 3: whoever answers for the dispenser.
    AIDS_DISPENSER_OWNER = (
        "aids_dispenser_owner",
        _("Professionnel propriétaire du cabinet ou du laboratoire"),
    )
    AIDS_DISPENSER_MANAGER = (
        "aids_dispenser_manager",
        _("Responsable du laboratoire ou du distributeur"),
    )


class FormType(models.Model):
    """A paper form turned online (4313, the establishments' form, 4058, 4123, 4134, 4444): which
    functions its user and authorizer may have, and which applications it grants."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    family = models.CharField(_("famille"), max_length=16, choices=FormFamily.choices)
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200)
    online_services = models.ManyToManyField(
        "access.OnlineService", related_name="form_types", verbose_name=_("applications")
    )
    user_functions = models.JSONField(_("fonctions permises à l'utilisateur"), default=list)
    authorizer_functions = models.JSONField(
        _("fonctions permises à la personne qui autorise"), default=list
    )
    # Seed 004: « Pour les demandes reçues avant le 31 mars 2022, les informations seront
    # transmises par courrier recommandé. »
    email_delivery_from = models.DateField(
        _("identifiants transmis par courriel à partir du"), null=True, blank=True
    )
    is_active = models.BooleanField(_("offert"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("type de formulaire")
        verbose_name_plural = _("types de formulaire")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if language_current() == Language.ENGLISH else self.name_fr

    def current_version(self, on: date | None = None) -> FormVersion | None:
        day = on or timezone.localdate()
        return (
            self.versions.filter(valid_from__lte=day)
            .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))
            .order_by("-valid_from")
            .first()
        )


class FormVersion(models.Model):
    """A numbered version of a form, accepted from one date until another (seed 004: « À partir
    du 31 mars 2022, les anciens formulaires ne seront plus acceptés »)."""

    form_type = models.ForeignKey(FormType, on_delete=models.PROTECT, related_name="versions")
    number = models.CharField(_("version"), max_length=20)
    valid_from = models.DateField(_("accepté à partir du"))
    valid_until = models.DateField(_("accepté jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("version de formulaire")
        verbose_name_plural = _("versions de formulaire")
        ordering = ["form_type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["form_type", "number"], name="access_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form_type.code} v{self.number}"

    def accepted_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class RefusedMailboxLocalPart(models.Model):
    """Local parts of shared mailboxes (seed 003: « et non les adresses de boîte courriel partagée
    (p. ex. information@xx.com) »). Data, editable by staff."""

    local_part = models.CharField(_("partie locale"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("boîte courriel partagée refusée")
        verbose_name_plural = _("boîtes courriel partagées refusées")
        ordering = ["local_part"]

    def __str__(self) -> str:
        return f"{self.local_part}@…"


class AccessRequest(models.Model):
    """One access request: sections 1, 2, 3 and 5 filled online (or scanned on paper), section 4
    recorded by the Régie's agent."""

    class Status(models.TextChoices):
        AWAITING_USER_EMAIL = (
            "awaiting_user_email",
            _("En attente de la confirmation de l'adresse électronique de l'utilisateur"),
        )
        AWAITING_AUTHORIZER = "awaiting_authorizer", _("En attente de la signature d'autorisation")
        SUBMITTED = "submitted", _("Reçue, en traitement à la Régie")
        INCOMPLETE = "incomplete", _("Retournée : renseignements à corriger")
        APPROVED = "approved", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        EXPIRED = "expired", _("Expirée : adresse électronique de l'utilisateur non confirmée")

    class Channel(models.TextChoices):
        ONLINE = "online", _("En ligne")
        PAPER = "paper", _("Papier ou numérisée")

    class Scope(models.TextChoices):
        SOME = "some", _("De certaines installations de l'établissement")
        ALL = "all", _("De toutes les installations de l'établissement")
        OPTILAB = "optilab", _("De la grappe de services (OPTILAB)")

    class Credentials(models.TextChoices):
        PRODUCTION = "production", _("Identifiants de production")
        TRAINING = "training", _("Identifiants de formation")

    class Sex(models.TextChoices):
        M = "M", _("M")
        F = "F", _("F")

    reference = models.CharField(_("numéro de référence"), max_length=20, unique=True)
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(
        _("état"), max_length=24, choices=Status.choices, default=Status.AWAITING_USER_EMAIL
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(_("date de réception"), null=True, blank=True)
    # The language each person filled their sections in: their emails are written in it, since
    # neither has an account (and its preference) yet. For a paper request, the agent records
    # each signer's language (French unless said otherwise).
    user_language = models.CharField(
        _("langue de l'utilisateur"),
        max_length=10,
        choices=Language.choices,
        default=Language.FRENCH,
    )
    auth_language = models.CharField(
        _("langue de la personne qui autorise"),
        max_length=10,
        choices=Language.choices,
        default=Language.FRENCH,
    )

    # Section 1
    online_services = models.ManyToManyField(
        "access.OnlineService", related_name="access_requests", verbose_name=_("applications")
    )
    scope = models.CharField(_("portée"), max_length=8, choices=Scope.choices, blank=True)
    credentials = models.CharField(
        _("type d'identifiants"), max_length=10, choices=Credentials.choices, blank=True
    )
    board_resolution = models.BooleanField(_("signataire autorisé par résolution"), default=False)

    # Section 2
    user_last_name = models.CharField(_("nom"), max_length=100)
    user_first_name = models.CharField(_("prénom"), max_length=100)
    user_sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    # A code of ``Function`` (seeds 001, 004), or the free text of seed 003's « Fonction ».
    user_function = models.CharField(_("fonction"), max_length=100)
    user_existing_username = models.CharField(
        _("nom d'utilisateur actuel"), max_length=12, blank=True
    )
    organization_name = models.CharField(_("nom de l'organisation"), max_length=200)
    organization_number = models.CharField(_("numéro"), max_length=20, blank=True)
    user_address = models.CharField(_("adresse de correspondance"), max_length=300)
    user_postal_code = models.CharField(_("code postal"), max_length=7)
    user_phone = models.CharField(_("téléphone"), max_length=20)
    user_phone_ext = models.CharField(_("poste"), max_length=6, blank=True)
    user_fax = models.CharField(_("télécopieur"), max_length=20, blank=True)
    user_email = models.EmailField(_("adresse électronique"))

    # Section 3
    auth_last_name = models.CharField(_("nom"), max_length=100, blank=True)
    auth_first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    auth_sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    auth_function = models.CharField(
        _("fonction"), max_length=40, choices=Function.choices, blank=True
    )
    auth_practice_number = models.CharField(_("numéro de pratique"), max_length=10, blank=True)
    auth_organization_name = models.CharField(
        _("nom de l'organisation"), max_length=200, blank=True
    )
    auth_address = models.CharField(_("adresse de correspondance"), max_length=300, blank=True)
    auth_postal_code = models.CharField(_("code postal"), max_length=7, blank=True)
    auth_phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    auth_phone_ext = models.CharField(_("poste"), max_length=6, blank=True)
    auth_fax = models.CharField(_("télécopieur"), max_length=20, blank=True)
    auth_email = models.EmailField(_("adresse électronique de la personne qui autorise"))

    # Section 5 (establishments, scope « some installations »)
    establishment_numbers = models.JSONField(_("numéros d'établissement"), default=list, blank=True)

    # Paper channel
    # Stored under a random name (sel.core.uploads); the name the agent's file had is kept in
    # ``scan_original_name`` and used for the download. Scans stored before keep their path.
    scan = models.FileField(
        _("formulaire numérisé"), upload_to=UploadPath("access"), max_length=200, blank=True
    )
    scan_original_name = models.CharField(
        _("nom du fichier numérisé"), max_length=ORIGINAL_NAME_MAX, blank=True
    )

    # Section 4
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("motif ou renseignements à corriger"), blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
    )
    username_issued = models.CharField(_("nom d'utilisateur"), max_length=12, blank=True)
    registration_date = models.DateField(_("date d'inscription"), null=True, blank=True)
    valid_until = models.DateField(_("période de validité jusqu'au"), null=True, blank=True)
    # Numbers the requester may leave blank and the Régie's agent completes (issue #12, item 8):
    # outside the signed sections (``section_content``), so the signatures stay intact.
    organization_number_by_regie = models.CharField(
        _("numéro de la pharmacie ou de l'établissement (complété par la Régie)"),
        max_length=20,
        blank=True,
    )
    auth_practice_number_by_regie = models.CharField(
        _("numéro de pratique de la personne qui autorise (complété par la Régie)"),
        max_length=10,
        blank=True,
    )

    class Meta:
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")
        ordering = ["received_at", "created_at"]
        indexes = [models.Index(fields=["status", "received_at"])]
        permissions = [("process_accessrequest", "Traiter les demandes d'accès (section 4)")]

    def __str__(self) -> str:
        return self.reference

    @property
    def form_type(self) -> FormType:
        return self.form_version.form_type

    @property
    def family(self) -> str:
        return self.form_version.form_type.family

    @property
    def organization_number_known(self) -> str:
        """Section 2's number as the requester gave it, else as the Régie's agent completed it
        (issue #12 item 8): what approval and the agent's review use."""
        return self.organization_number.strip() or self.organization_number_by_regie

    @property
    def auth_practice_number_known(self) -> str:
        """Section 3's practice number as the authorizer gave it, else as the agent completed it:
        the number by which the authorizer's account is found."""
        return self.auth_practice_number.strip() or self.auth_practice_number_by_regie

    @property
    def user_function_label(self) -> str:
        """The function as the user reads it: a code's label, or the free text they typed."""
        if self.user_function in Function.values:
            return str(Function(self.user_function).label)
        return self.user_function

    def section_content(self, *, through: int) -> dict[str, Any]:
        """The content a signer vouches for: sections 1–2 (user) or 1–3 and 5 (authorizer), in a
        stable form so that its hash reveals any later change."""
        fields = [
            "form_version_id",
            "scope",
            "credentials",
            "board_resolution",
            "user_last_name",
            "user_first_name",
            "user_sex",
            "user_function",
            "user_existing_username",
            "organization_name",
            "organization_number",
            "user_address",
            "user_postal_code",
            "user_phone",
            "user_phone_ext",
            "user_fax",
            "user_email",
            "establishment_numbers",
            "auth_email",
        ]
        if through >= 3:
            fields += [
                "auth_last_name",
                "auth_first_name",
                "auth_sex",
                "auth_function",
                "auth_practice_number",
                "auth_organization_name",
                "auth_address",
                "auth_postal_code",
                "auth_phone",
                "auth_phone_ext",
                "auth_fax",
            ]
        content: dict[str, Any] = {name: getattr(self, name) for name in fields}
        # The signed content keeps the key it had when the field was named ``services``.
        content["services"] = sorted(self.online_services.values_list("code", flat=True))
        content["reference"] = self.reference
        return content


class Signature(models.Model):
    """A signature drawn or uploaded, with when, from where and the hash of what was signed."""

    class Role(models.TextChoices):
        USER = "user", _("Utilisateur")
        AUTHORIZER = "authorizer", _("Personne qui autorise")

    class Kind(models.TextChoices):
        DRAWN = "drawn", _("Signature manuscrite tracée à l'écran")
        IMAGE = "image", _("Image d'une signature manuscrite")
        PAPER = "paper", _("Signature originale sur le formulaire papier")

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.PROTECT, related_name="signatures"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    image = models.BinaryField(blank=True)
    image_type = models.CharField(max_length=20, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    signer_address = models.GenericIPAddressField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.access_request} – {self.role} – {self.signed_at:%Y-%m-%d %H:%M}"

    @property
    def data_url(self) -> str:
        """The image inline (CSP allows data: images), verified by Pillow when it was signed."""
        if not self.image:
            return ""
        encoded = base64.b64encode(bytes(self.image)).decode()
        return f"data:{self.image_type};base64,{encoded}"


class AccessLink(models.Model):
    """A single-use, expiring emailed link; only the hash of its token is stored."""

    class Purpose(models.TextChoices):
        USER_EMAIL = "user_email", _("Confirmation de l'adresse de l'utilisateur")
        AUTHORIZER_SIGN = "authorizer_sign", _("Signature de la personne qui autorise")
        CORRECTION = "correction", _("Correction d'une demande incomplète")
        YEARLY_CONFIRMATION = "yearly_confirmation", _("Confirmation annuelle des accès")

    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} → {self.email}"

    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class MailRoomLetter(models.Model):
    """A registered-mail letter carrying credentials (seed 004: training credentials, and
    requests received before the cut-off date). The PDF holds a temporary password: it lives in
    private storage, only agents fetch it, and it is erased once the letter is mailed."""

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.PROTECT, related_name="letters"
    )
    recipient = models.CharField(max_length=20, default="user")
    pdf = models.BinaryField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    mailed_at = models.DateTimeField(null=True, blank=True)
    mailed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.access_request} ({self.created_at:%Y-%m-%d})"
