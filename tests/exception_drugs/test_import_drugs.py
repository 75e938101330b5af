"""The drug import: idempotent, line-numbered rejects, one bad row never half-applied."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sel.exception_drugs.models import Drug, Indication

pytestmark = pytest.mark.django_db

GOOD = """din,name,strength,form,is_exception,indication_code,indication_fr,indication_en
02258595,Adalimumab,40 mg/0,8 mL,Seringue,oui,RH001,Polyarthrite rhumatoïde,Rheumatoid arthritis
02258595,Adalimumab,40 mg/0,8 mL,Seringue,oui,CR002,Maladie de Crohn,Crohn's disease
2247087,Méthotrexate,2,5 mg,Comprimé,non,,,
"""


def run(tmp_path: Path, text: str) -> str:
    path = tmp_path / "drugs.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_drugs", str(path), "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_good_file_creates_drugs_and_indications_and_says_so(tmp_path: Path) -> None:
    text = GOOD.replace("40 mg/0,8 mL", '"40 mg/0,8 mL"').replace("2,5 mg", '"2,5 mg"')
    out = run(tmp_path, text)
    assert "drugs_created=2" in out and "indications_created=2" in out and "rejected=0" in out
    assert Drug.objects.get(din="02247087").is_exception is False
    assert set(Indication.objects.values_list("code", flat=True)) == {"RH001", "CR002"}


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    text = GOOD.replace("40 mg/0,8 mL", '"40 mg/0,8 mL"').replace("2,5 mg", '"2,5 mg"')
    run(tmp_path, text)
    out = run(tmp_path, text)
    assert "drugs_created=0 drugs_updated=0 drugs_unchanged=3" in out
    assert "indications_created=0 indications_updated=0" in out
    assert Drug.objects.count() == 2


def test_a_changed_name_updates_the_drug(tmp_path: Path) -> None:
    run(tmp_path, "din,name,strength,form,is_exception\n02258595,Humira,40 mg,Seringue,oui\n")
    out = run(
        tmp_path, "din,name,strength,form,is_exception\n02258595,Adalimumab,40 mg,Seringue,1\n"
    )
    assert "drugs_updated=1" in out
    assert Drug.objects.get().name == "Adalimumab"


def test_bad_rows_are_reported_by_line_and_leave_no_trace_while_the_others_apply(
    tmp_path: Path,
) -> None:
    text = (
        "din,name,strength,form,is_exception,indication_code,indication_fr,indication_en\n"
        "02258595,Adalimumab,40 mg,Seringue,oui,RH001,Polyarthrite,Arthritis\n"  # line 2: ok
        "ABC,Mauvais DIN,1 mg,Comprimé,oui,,,\n"  # line 3
        "02402475,Dabigatran,150 mg,Capsule,peut-être,,,\n"  # line 4: bad flag
        "02456915,Sémaglutide,1 mg,Stylo,oui,EN020,,\n"  # line 5: indication without text
        "02456916,,1 mg,Stylo,oui,,,\n"  # line 6: no name
        "02456917,Trop,1 mg,Stylo,oui,,,,extra\n"  # line 7: too many columns
        "02247087,Méthotrexate,2 mg,Comprimé,non,,,\n"  # line 8: ok
    )
    out = run(tmp_path, text)
    assert "line 3: DIN « ABC »" in out
    assert "line 4: is_exception « peut-être »" in out
    assert "line 5: indication EN020 sans texte français" in out
    assert "line 6: name est vide" in out
    assert "line 7: trop de colonnes" in out
    assert "rejected=5" in out
    assert set(Drug.objects.values_list("din", flat=True)) == {"02258595", "02247087"}


def test_a_bad_indication_does_not_leave_its_drug_half_imported(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        "din,name,strength,form,is_exception,indication_code,indication_fr\n"
        f"02456915,Sémaglutide,1 mg,Stylo,oui,{'X' * 25},Diabète\n",
    )
    assert "line 2: indication_code" in out
    assert not Drug.objects.exists()


def test_a_file_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="colonnes manquantes : is_exception"):
        run(tmp_path, "din,name,strength,form\n02258595,A,1,B\n")
