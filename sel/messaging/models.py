from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current
from sel.core.uploads import UploadPath


class Bilingual(models.Model):
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if language_current() == Language.ENGLISH else self.name_fr


class Team(Bilingual):
    """A team of the Régie's agents that answers one kind of message."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="messaging_teams",
        verbose_name=_("agents"),
    )

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["name_fr"]


class Subject(Bilingual):
    """Seed 002: « Objet du message spécifique au contenu »: the writer picks the subject that fits,
    and the subject decides which team answers."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="subjects")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("offert"), default=True)

    class Meta:
        verbose_name = _("objet")
        verbose_name_plural = _("objets")
        ordering = ["position", "name_fr"]


class Status(models.TextChoices):
    AWAITING_REGIE = "awaiting", _("En attente de la Régie")
    ANSWERED = "answered", _("Répondu")
    CLOSED = "closed", _("Fermé")


class Thread(models.Model):
    """A conversation between a professional and a team of the Régie. Never deleted."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="message_threads",
        verbose_name=_("auteur"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="message_threads_on_behalf",
        verbose_name=_("pour le compte de"),
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("objet"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.AWAITING_REGIE
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_message_at = models.DateTimeField(_("dernier message"), default=timezone.now)
    closed_at = models.DateTimeField(_("fermé le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        ordering = ["-last_message_at", "-pk"]
        permissions = [("handle_messages", _("Traiter les messages des professionnels"))]
        indexes = [
            models.Index(fields=["team", "status", "last_message_at"], name="thread_queue"),
            models.Index(fields=["author", "last_message_at"], name="thread_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def participants(self) -> list[Any]:
        """The professionals of the thread: its author and the prescriber written for."""
        return [u for u in (self.author, self.on_behalf_of) if u is not None]


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_regie = models.BooleanField(_("de la Régie"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    # A random name under MEDIA_ROOT (outside the web root); the user's file name is kept in
    # ``original_name`` only (sel.core.uploads).
    file = models.FileField(upload_to=UploadPath("messaging"), max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ThreadState(models.Model):
    """What one reader has read of a thread, and whether they archived it (for them only)."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_read_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}:{self.user_id}"
