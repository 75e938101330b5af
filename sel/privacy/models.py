from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivacyIncident(models.Model):
    """The register of confidentiality incidents that Quebec's public-sector privacy act (A-2.1,
    s. 63.11, as amended by Law 25) requires, with the content the regulation on confidentiality
    incidents lists: the information concerned, the circumstances, when it happened and when it
    became known, how many people, the assessment of the risk of serious injury, the notices
    given to the Commission d'accès à l'information and to the people, and the measures taken."""

    class Risk(models.TextChoices):
        NOT_SERIOUS = "not_serious", _("Pas de risque de préjudice sérieux")
        SERIOUS = "serious", _("Risque de préjudice sérieux")

    information_concerned = models.TextField(
        _("renseignements personnels visés"),
        help_text=_("Ou les raisons pour lesquelles il est impossible de les décrire."),
    )
    circumstances = models.TextField(_("circonstances de l'incident"))
    occurred_from = models.DateField(_("date ou début de la période de l'incident"))
    occurred_until = models.DateField(_("fin de la période de l'incident"), null=True, blank=True)
    known_on = models.DateField(_("date de la connaissance de l'incident"))
    people_concerned = models.PositiveIntegerField(
        _("nombre de personnes concernées"), help_text=_("Une approximation, si inconnu.")
    )
    risk_assessment = models.TextField(
        _("évaluation du risque"),
        help_text=_("Sensibilité des renseignements, conséquences appréhendées, probabilité."),
    )
    risk = models.CharField(_("gravité du risque"), max_length=16, choices=Risk.choices)
    commission_notified_on = models.DateField(
        _("avis à la Commission d'accès à l'information le"), null=True, blank=True
    )
    people_notified_on = models.DateField(_("avis aux personnes le"), null=True, blank=True)
    public_notice = models.BooleanField(_("avis public"), default=False)
    measures = models.TextField(_("mesures prises pour diminuer les risques"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        ordering = ["-known_on", "-pk"]
        permissions = [
            ("manage_privacyincident", _("Tenir le registre des incidents")),
            # The privacy office answers an insured person's request for access (Law 25):
            # sel/privacy/views/agent.py.
            (
                "answer_insured_person_request",
                _("Répondre à la demande d'accès d'une personne assurée"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.known_on:%Y-%m-%d} – {self.information_concerned[:60]}"


class RetentionRun(models.Model):
    """One run of the retention job: what it deleted or anonymised, by category."""

    ran_at = models.DateTimeField(default=timezone.now)
    purged = models.JSONField(_("éléments purgés"), default=dict)

    class Meta:
        verbose_name = _("purge de conservation")
        verbose_name_plural = _("purges de conservation")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
