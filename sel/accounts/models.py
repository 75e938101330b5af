from __future__ import annotations

import re
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current

USERNAME_PATTERN = re.compile(r"^(IP|CE)\d{4,10}$")


def validate_sel_username(value: str) -> None:
    """Seed 002: « votre nom d'utilisateur débutant par IP ou CE »."""
    if not USERNAME_PATTERN.match(value.upper()):
        raise ValidationError(
            _("Le nom d'utilisateur commence par IP ou CE, suivi de chiffres (ex. : CE123456)."),
            code="invalid_username",
        )


class Role(models.TextChoices):
    PHARMACIST = "pharmacist", _("Pharmacien")
    PHARMACY_TECHNICIAN = "pharmacy_technician", _("Technicien en pharmacie (ATP)")
    PRESCRIBER = "prescriber", _("Prescripteur")
    ADMIN_ASSISTANT = "admin_assistant", _("Adjoint administratif")
    NURSE = "nurse", _("Infirmier")
    PROFESSIONAL = "professional", _("Autre professionnel de la santé")
    ESTABLISHMENT_STAFF = "establishment_staff", _("Personnel d'établissement")
    SOFTWARE_VENDOR = "software_vendor", _("Responsable informatique d'un développeur de logiciels")
    TECHNICAL_AIDS_STAFF = (
        "technical_aids_staff",
        _("Utilisateur du service en ligne des aides techniques (SELAT)"),
    )
    AGENT = "agent", _("Agent de la Régie")


EXCEPTION_DRUG_ROLES = frozenset(
    {
        Role.PHARMACIST,
        Role.PRESCRIBER,
        Role.PHARMACY_TECHNICIAN,
        Role.ADMIN_ASSISTANT,
        Role.NURSE,
    }
)


class LockReason(models.TextChoices):
    """Why an account is locked. Set and cleared only by ``account_lock`` / ``account_unlock``
    (``sel.accounts.services.account``)."""

    FAILURES = "failures", _("limite d'échecs de connexion atteinte")
    NOT_ME = "not_me", _("« Ce n'était pas moi » signalé par l'utilisateur")
    SUPPORT = "support", _("verrouillé par le Centre d'assistance")


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username or "")

    def create_user(self, username: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(username=username.upper(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("role", Role.AGENT)
        return self.create_user(username, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account of the online services: ``IP…`` for health professionals, ``CE…`` for staff
    accounts created from access requests (seed 001: « donnez le nom d'utilisateur : CE »; seed
    002: « votre nom d'utilisateur débutant par IP ou CE »)."""

    username = models.CharField(
        _("nom d'utilisateur"), max_length=12, unique=True, validators=[validate_sel_username]
    )
    email = models.EmailField(_("adresse électronique"))
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    practice_number = models.CharField(_("numéro de pratique"), max_length=10, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("personnel de la Régie"), default=False)
    date_joined = models.DateTimeField(_("date d'inscription"), default=timezone.now)
    password_changed_at = models.DateTimeField(_("mot de passe changé le"), null=True, blank=True)
    # Required steps: explicit flags, off by default, so an account made in code is ready to use.
    must_change_password = models.BooleanField(_("doit changer son mot de passe"), default=False)
    must_set_questions = models.BooleanField(
        _("doit choisir ses questions secrètes"), default=False
    )
    temporary_password_expires_at = models.DateTimeField(
        _("mot de passe temporaire valide jusqu'au"), null=True, blank=True
    )
    temporary_password_used_at = models.DateTimeField(
        _("mot de passe temporaire utilisé le"), null=True, blank=True
    )
    password_expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Seed 002: a personal email alias chosen by the user; the IP/CE name stays valid.
    alias = models.EmailField(_("alias (adresse électronique)"), null=True, blank=True, unique=True)
    # Bumped to end every session of the account at once (see get_session_auth_hash).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    locked_at = models.DateTimeField(_("verrouillé le"), null=True, blank=True)
    lock_reason = models.CharField(
        _("motif du verrouillage"), max_length=32, blank=True, choices=LockReason.choices
    )
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(
        _("deuxième facteur activé le"), null=True, blank=True, editable=False
    )
    totp_last_counter = models.BigIntegerField(default=0, editable=False)
    # The language of the portal at login and of every email to this person (French by default).
    language = models.CharField(
        _("langue"), max_length=10, choices=Language.choices, default=Language.FRENCH
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email", "first_name", "last_name", "role"]

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        permissions = [
            ("support_view_account", _("Consulter un compte (centre d'assistance)")),
            ("support_unlock_account", _("Déverrouiller un compte")),
            ("support_issue_temporary_password", _("Délivrer un mot de passe temporaire")),
            ("support_clear_questions", _("Effacer les questions secrètes")),
            ("support_disable_account", _("Désactiver ou réactiver un compte")),
            ("support_send_username", _("Envoyer le nom d'utilisateur oublié")),
            ("support_issue_pin", _("Délivrer un NIP d'inscription")),
            ("support_reset_second_factor", _("Retirer le deuxième facteur d'un compte")),
            (
                "support_act_on_staff",
                _("Agir sur le compte d'un agent ou d'un superutilisateur (centre d'assistance)"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username} ({self.get_full_name()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username = self.username.upper()
        if self.alias:
            self.alias = self.alias.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_agent(self) -> bool:
        return self.role == Role.AGENT

    def is_agent_with(self, permission: str) -> bool:
        """A Régie agent who may act in one app: active, staff, agent role and that permission."""
        return self.is_active and self.is_staff and self.is_agent and self.has_perm(permission)

    @property
    def uses_exception_drugs(self) -> bool:
        """A role that form 4313 or a professional's access opens the exception-drug service to:
        the navigation shows it to them (the service's pages still check the grant)."""
        return self.role in EXCEPTION_DRUG_ROLES

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """Beyond the seeds (ASVS level 2): mandatory for the Régie's agents and staff."""
        return self.is_agent or self.is_staff

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def get_session_auth_hash(self) -> str:
        """Also covers ``session_generation``: bumping it ends every open session at once."""
        key_salt = "sel.accounts.models.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", algorithm="sha256"
        ).hexdigest()


class SecretAnswer(models.Model):
    """One of the user's 8 secret questions (seed 001) with the Argon2id hash of the normalised
    answer; the answer itself is never stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="secret_answers")
    question = models.CharField(max_length=32)
    answer_hash = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question}"


class PasswordHistory(models.Model):
    """Hashes of the user's previous passwords: the last 5 cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password_hash = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"


class RecoveryCode(models.Model):
    """A single-use recovery code of the second factor, stored as a keyed hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{'used' if self.used_at else 'unused'}"


class EmailCode(models.Model):
    """A single-use emailed code (6 digits, CSPRNG, hashed) bound to one purpose and attempt:
    password recovery, or the confirmation of a new email alias."""

    class Purpose(models.TextChoices):
        RECOVERY = "recovery", _("Mot de passe oublié")
        ALIAS = "alias", _("Confirmation d'un alias")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=128)
    target_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Recovery: 3 of the 8 questions (seed 001: « répondre à trois questions secrètes parmi les
    # huit »), drawn by the server and fixed for the attempt (ours).
    questions = models.JSONField(default=list, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose}:{self.pk}"


class Profession(models.Model):
    """A health profession of the catalogue: the Régie sends its new members a registration PIN
    (seed 002: « La Régie fait parvenir aux nouveaux professionnels de la santé un numéro
    d'identification personnel (NIP) qui leur permet de s'inscrire aux services en ligne »), the
    account role it registers as, and the online services registration opens (codes of
    ``access.OnlineService``; ours, issue #12). The Régie's agents change them on their page."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=120)
    name_en = models.CharField(_("nom (anglais)"), max_length=120)
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    registration_services = models.JSONField(
        _("services ouverts par l'inscription avec un NIP"), default=list, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        ordering = ["position", "name_fr"]
        permissions = [
            ("change_profession_services", _("Changer les services ouverts à l'inscription"))
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if language_current() == Language.ENGLISH else self.name_fr


class RegistrationPin(models.Model):
    """Seed 002: « La Régie fait parvenir aux nouveaux professionnels de la santé un numéro
    d'identification personnel (NIP) qui leur permet de s'inscrire aux services en ligne »."""

    practice_number = models.CharField(_("numéro de pratique"), max_length=10, db_index=True)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    profession = models.ForeignKey(
        Profession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profession"),
    )
    pin_hash = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("NIP d'inscription")
        verbose_name_plural = _("NIP d'inscription")

    def __str__(self) -> str:
        return f"NIP {self.practice_number}"
