"""Finding a drug by DIN or by name."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from sel.exception_drugs.models import Drug
from sel.exception_drugs.selectors import drugs_matching
from tests.factories.exception_drugs import DrugFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("is_exception", [True, False])
def test_a_drug_found_by_din_is_the_same_object_as_the_orm_reads(is_exception: bool) -> None:
    drug = DrugFactory(din="02240033", name="Humira", is_exception=is_exception)
    DrugFactory(din="02240034")
    for typed in ("02240033", "2240033", " 0224 0033 "):
        [found] = drugs_matching(typed)
        assert found == drug and found.pk == drug.pk
        assert model_to_dict(found) == model_to_dict(Drug.objects.get(pk=drug.pk))
        assert found.is_exception is is_exception  # a boolean, also on SQLite
        assert str(found) == str(drug)


def test_an_unknown_din_finds_nothing_and_a_name_finds_by_part() -> None:
    DrugFactory(din="02240033", name="Humira")
    assert drugs_matching("99999999") == []
    assert [d.din for d in drugs_matching("humi")] == ["02240033"]
    assert drugs_matching("   ") == []
