from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    ESTABLISHMENT_STAFF = "establishment_staff", _("Personnel d'établissement")
    SOFTWARE_VENDOR = "software_vendor", _("Responsable informatique d'un développeur de logiciels")
    AGENT = "agent", _("Agent de la Régie")


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
    accounts created from access requests (seed 002)."""

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

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email", "first_name", "last_name", "role"]

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    def __str__(self) -> str:
        return f"{self.username} ({self.get_full_name()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username = self.username.upper()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_agent(self) -> bool:
        return self.role == Role.AGENT
