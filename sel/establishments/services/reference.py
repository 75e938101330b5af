"""Reference data from CSV: establishments (and GMFs), installations, OPTILAB clusters."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.establishments.models import (
    ActivityRate,
    Establishment,
    Installation,
    Mode,
    OptilabCluster,
    Unit,
)

# One row per installation: its establishment (and cluster) repeated on each row.
COLUMNS = (
    "cluster_number",
    "cluster_name",
    "establishment_number",
    "establishment_name",
    "kind",
    "installation_number",
    "installation_name",
)


@dataclass(frozen=True)
class ImportCounts:
    clusters: int
    establishments: int
    installations: int


def _five_digits(value: str, line: int, column: str) -> str:
    value = value.strip()
    if len(value) != 5 or not value.isdigit():
        raise ValidationError(
            _("Ligne %(line)s : %(column)s doit compter 5 chiffres.")
            % {"line": line, "column": column}
        )
    return value


@transaction.atomic
def establishments_import(*, rows: Iterable[str], actor: User | None = None) -> ImportCounts:
    """Create or update the reference data from CSV text (header ``COLUMNS``); all or nothing."""
    reader = csv.DictReader(rows)
    if reader.fieldnames is None or tuple(reader.fieldnames) != COLUMNS:
        raise ValidationError(
            _("Colonnes attendues : %(columns)s.") % {"columns": ",".join(COLUMNS)}
        )
    seen: dict[str, set[int]] = {"clusters": set(), "establishments": set(), "installations": set()}
    for line, row in enumerate(reader, start=2):
        cluster = None
        if row["cluster_number"].strip():
            cluster, _created = OptilabCluster.objects.update_or_create(
                number=_five_digits(row["cluster_number"], line, "cluster_number"),
                defaults={"name": row["cluster_name"].strip()},
            )
            seen["clusters"].add(cluster.pk)
        kind = row["kind"].strip()
        if kind not in Establishment.Kind.values:
            raise ValidationError(_("Ligne %(line)s : type inconnu.") % {"line": line})
        establishment, _created = Establishment.objects.update_or_create(
            number=_five_digits(row["establishment_number"], line, "establishment_number"),
            defaults={"name": row["establishment_name"].strip(), "kind": kind, "cluster": cluster},
        )
        seen["establishments"].add(establishment.pk)
        installation, _created = Installation.objects.update_or_create(
            number=_five_digits(row["installation_number"], line, "installation_number"),
            defaults={"name": row["installation_name"].strip(), "establishment": establishment},
        )
        seen["installations"].add(installation.pk)
    counts = ImportCounts(*(len(seen[k]) for k in ("clusters", "establishments", "installations")))
    record(
        action=Action.ESTABLISHMENTS_IMPORTED,
        actor=actor,
        details={
            "clusters": counts.clusters,
            "establishments": counts.establishments,
            "installations": counts.installations,
        },
    )
    return counts


RATE_COLUMNS = ("code", "label_fr", "label_en", "mode", "unit", "rate")


@transaction.atomic
def activity_rates_import(*, rows: Iterable[str], actor: User | None = None) -> int:
    """Create or update the rate table kept by the Régie from CSV text; all or nothing."""
    reader = csv.DictReader(rows)
    if reader.fieldnames is None or tuple(reader.fieldnames) != RATE_COLUMNS:
        raise ValidationError(
            _("Colonnes attendues : %(columns)s.") % {"columns": ",".join(RATE_COLUMNS)}
        )
    count = 0
    for line, row in enumerate(reader, start=2):
        try:
            rate = Decimal(row["rate"].strip())
        except InvalidOperation as error:
            raise ValidationError(
                _("Ligne %(line)s : tarif illisible.") % {"line": line}
            ) from error
        if row["mode"] not in Mode.values or row["unit"] not in Unit.values:
            raise ValidationError(_("Ligne %(line)s : mode ou unité inconnu.") % {"line": line})
        ActivityRate.objects.update_or_create(
            code=row["code"].strip().upper(),
            defaults={
                "label_fr": row["label_fr"].strip(),
                "label_en": row["label_en"].strip(),
                "mode": row["mode"],
                "unit": row["unit"],
                "rate": rate,
            },
        )
        count += 1
    record(action=Action.ESTABLISHMENTS_IMPORTED, actor=actor, details={"rates": count})
    return count
