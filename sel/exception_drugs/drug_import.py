"""Import of a drug list from CSV: idempotent, one savepoint per row, line-numbered rejects.

Columns (header row required): ``din, name, strength, form, is_exception, indication_code,
indication_fr, indication_en``. A DIN may appear on several rows, one per recognised indication.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from sel.exception_drugs.models import Drug, Indication

REQUIRED_COLUMNS = ("din", "name", "strength", "form", "is_exception")
OPTIONAL_COLUMNS = ("indication_code", "indication_fr", "indication_en")
TRUE_WORDS = {"1", "true", "yes", "oui", "o", "y", "vrai"}
FALSE_WORDS = {"0", "false", "no", "non", "n", "faux"}


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    rejects: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        keys = (
            "rows",
            "drugs_created",
            "drugs_updated",
            "drugs_unchanged",
            "indications_created",
            "indications_updated",
        )
        pairs = [f"{key}={self.counts[key]}" for key in keys]
        return " ".join([*pairs, f"rejected={len(self.rejects)}"])


def normalise_din(raw: str) -> str:
    """A DIN is 8 digits; shorter numbers are completed with leading zeros."""
    din = raw.strip().replace(" ", "")
    if not din.isdigit() or len(din) > 8:
        raise ValidationError(f"DIN « {raw} » : 8 chiffres au plus, rien d'autre")
    return din.zfill(8)


def parse_flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValidationError(f"is_exception « {raw} » : attendu oui/non (1/0)")


def _import_row(row: dict[str, str], report: ImportReport) -> None:
    din = normalise_din(row.get("din") or "")
    name = (row.get("name") or "").strip()
    if not name:
        raise ValidationError("name est vide")
    values = {
        "name": name[:200],
        "strength": (row.get("strength") or "").strip()[:100],
        "form": (row.get("form") or "").strip()[:100],
        "is_exception": parse_flag(row.get("is_exception") or ""),
    }
    code = (row.get("indication_code") or "").strip().upper()
    text_fr = (row.get("indication_fr") or "").strip()
    text_en = (row.get("indication_en") or "").strip()
    if code and not text_fr:
        raise ValidationError(f"indication {code} sans texte français (indication_fr)")
    if (text_fr or text_en) and not code:
        raise ValidationError("texte d'indication sans indication_code")
    if len(code) > 20:
        raise ValidationError(f"indication_code « {code} » : 20 caractères au plus")
    drug = Drug.objects.select_for_update().filter(din=din).first()
    if drug is None:
        drug = Drug.objects.create(din=din, **values)
        report.counts["drugs_created"] += 1
    elif any(getattr(drug, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(drug, key, value)
        drug.save()
        report.counts["drugs_updated"] += 1
    else:
        report.counts["drugs_unchanged"] += 1
    if code:
        indication, created = Indication.objects.get_or_create(
            drug=drug, code=code, defaults={"text_fr": text_fr, "text_en": text_en}
        )
        if created:
            report.counts["indications_created"] += 1
        elif (indication.text_fr, indication.text_en) != (text_fr, text_en):
            indication.text_fr, indication.text_en = text_fr, text_en
            indication.save()
            report.counts["indications_updated"] += 1


def read_rows(handle: TextIO, delimiter: str = ",") -> tuple[list[str], Iterator[dict[str, str]]]:
    reader = csv.DictReader(handle, delimiter=delimiter)
    columns = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValidationError(f"colonnes manquantes : {', '.join(missing)}")
    reader.fieldnames = columns
    return columns, iter(reader)


def drugs_import(rows: Iterable[dict[str, str]], *, first_line: int = 2) -> ImportReport:
    """Each row in its own savepoint: a bad row is reported with its line number and leaves no
    trace; the others are applied. Running the same file twice changes nothing the second time."""
    report = ImportReport()
    for line, row in enumerate(rows, start=first_line):
        report.counts["rows"] += 1
        if None in row:
            report.rejects.append((line, "trop de colonnes"))
            continue
        try:
            with transaction.atomic():
                _import_row(row, report)
        except ValidationError as exc:
            report.rejects.append((line, "; ".join(exc.messages)))
    return report
