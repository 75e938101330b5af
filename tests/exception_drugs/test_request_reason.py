"""One rule for a request's reason, whoever writes the request: the staff console (the model's
clean) refuses what the services refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sel.exception_drugs.models import RequestKind
from tests.factories import ExceptionRequestFactory, IndicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "justification", "message"),
    [
        (RequestKind.EXCEPTION_DRUG, "   ", "Indiquez une indication reconnue"),
        (RequestKind.EXCEPTIONAL_PATIENT, "  ", "patient d'exception demande une justification"),
    ],
)
def test_a_blank_justification_is_refused_in_the_console_as_by_the_services(
    kind: str, justification: str, message: str
) -> None:
    exception_request = ExceptionRequestFactory(kind=kind, justification="x")
    exception_request.justification = justification
    with pytest.raises(ValidationError, match=message):
        exception_request.clean()


def test_an_indication_of_another_drug_is_refused_in_the_console() -> None:
    exception_request = ExceptionRequestFactory()
    exception_request.indication = IndicationFactory()
    with pytest.raises(ValidationError, match="pas reconnue pour ce médicament"):
        exception_request.clean()
