"""Reference data kept by the Régie: establishments and their installations, OPTILAB clusters
(seed 003's « grappe de services ») and GMFs, loaded from CSV (``manage.py
establishments_import``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OptilabCluster(models.Model):
    """A « grappe de services (OPTILAB) »: laboratories of several establishments."""

    number = models.CharField(_("numéro"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("grappe de services (OPTILAB)")
        verbose_name_plural = _("grappes de services (OPTILAB)")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Establishment(models.Model):
    """An establishment of the health network (CISSS, CIUSSS, …) or a GMF, by its Régie number."""

    class Kind(models.TextChoices):
        ESTABLISHMENT = "establishment", _("Établissement")
        GMF = "gmf", _("Groupe de médecine de famille (GMF)")

    number = models.CharField(_("numéro d'établissement"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    cluster = models.ForeignKey(
        OptilabCluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="establishments",
        verbose_name=_("grappe OPTILAB"),
    )

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["number"]
        permissions = [
            ("view_establishment_data", "Consulter les données des établissements (lecture)"),
            ("keep_signatory_register", "Tenir le registre des signataires autorisés"),
            ("import_payment_requests", "Importer des demandes de paiement (CSV)"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Installation(models.Model):
    """An installation (site) of an establishment, by its Régie number (seed 003, section 5:
    « Numéros d'établissement supplémentaires »)."""

    number = models.CharField(_("numéro d'installation"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="installations"
    )

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
