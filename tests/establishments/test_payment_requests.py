"""A professional's payment requests: the form with lines, totals from the rate table, every
bad input explained and kept; status, who decided and when; correction after a return; the
agent's CSV import."""

from __future__ import annotations

import html
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sel.audit.models import AuditEvent
from sel.establishments.models import PaymentRequest, Status
from tests.conftest import login
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    establishments_agent,
    professional,
    signatory_with_grant,
)

NEW = reverse("establishments:my_request_new")
MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)


def form(*lines: tuple[date, str, str], **fields: str) -> dict[str, str]:
    data = {
        "installation_number": "51234",
        "mode": "hourly",
        "period_start": MONDAY.isoformat(),
        "period_end": (MONDAY + timedelta(days=6)).isoformat(),
        "lines-TOTAL_FORMS": "10",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "93",
    } | fields
    for index, (day, code, quantity) in enumerate(lines):
        data |= {
            f"lines-{index}-day": day.isoformat(),
            f"lines-{index}-activity_code": code,
            f"lines-{index}-quantity": quantity,
        }
    return data


def test_a_professional_submits_and_the_total_comes_from_the_rate_table(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    AssociationFactory(signatory=signatory, professional=doctor, installation=world.hospital)
    login(client, doctor)
    response = client.post(NEW, form((MONDAY, "H001", "7,5"), (MONDAY, "H002", "2")))
    assert response.status_code == 302, response.content.decode()[:3000]
    created = PaymentRequest.objects.get()
    assert created.total == Decimal("965.63") + Decimal("193.00")  # 7.5 × 128.75, half up
    assert created.status == Status.AWAITING
    assert [s.status for s in created.steps.all()] == [Status.SUBMITTED, Status.AWAITING]
    page = client.get(reverse("establishments:my_requests")).content.decode()
    assert created.reference in page and "En attente d&#x27;autorisation" in page
    assert AuditEvent.objects.filter(action="payment_request.submitted").count() == 1


def test_without_an_association_it_stays_submitted(client: Any, world: EstablishmentWorld) -> None:
    login(client, professional())
    assert client.post(NEW, form((MONDAY, "H001", "7"))).status_code == 302
    assert PaymentRequest.objects.get().status == Status.SUBMITTED


def _refused(client: Any, data: dict[str, str], message: str) -> str:
    response = client.post(NEW, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[:4000]
    assert not PaymentRequest.objects.exists()
    return body


def test_a_wrong_installation_number_is_explained_and_kept(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, professional())
    body = _refused(
        client,
        form((MONDAY, "H001", "7"), installation_number="59999"),
        "Aucune installation ne porte ce numéro",
    )
    assert 'value="59999"' in body and 'value="H001"' in body


def test_the_form_lays_each_line_on_one_row_and_reads_rates_per_unit(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, professional())
    page = html.unescape(client.get(NEW).content.decode())
    assert page.count('<th scope="row">') == 10  # ten lines, each a row of the table
    assert (
        '<label class="visually-hidden" for="id_lines-0-quantity">Ligne 1, Quantité</label>' in page
    )
    assert "128,75\xa0$ l'heure" in page and "1\xa0250,00\xa0$ par jour" in page
    client.cookies["sel_language"] = "en"
    english = html.unescape(client.get(NEW).content.decode())
    assert "$128.75 per hour" in english and "$1,250.00 per day" in english
    assert "Line 1, Quantity" in english


def test_a_line_outside_the_period_is_explained(client: Any, world: EstablishmentWorld) -> None:
    login(client, professional())
    _refused(client, form((MONDAY - timedelta(days=1), "H001", "7")), "hors de la période")


def test_hours_over_a_day_are_explained(client: Any, world: EstablishmentWorld) -> None:
    login(client, professional())
    _refused(client, form((MONDAY, "H001", "20"), (MONDAY, "H002", "5")), "dépassent 24 heures")


def test_a_duplicate_line_is_explained(client: Any, world: EstablishmentWorld) -> None:
    login(client, professional())
    _refused(client, form((MONDAY, "H001", "2"), (MONDAY, "H001", "3")), "Ligne en double")


def test_a_period_already_claimed_is_explained(client: Any, world: EstablishmentWorld) -> None:
    doctor = professional()
    login(client, doctor)
    assert client.post(NEW, form((MONDAY, "H001", "7"))).status_code == 302
    response = client.post(NEW, form((MONDAY + timedelta(days=2), "H001", "7")))
    assert response.status_code == 400
    assert "déjà réclamée" in response.content.decode()
    assert PaymentRequest.objects.count() == 1


def test_an_incomplete_line_and_garbage_are_explained_not_a_500(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, professional())
    data = form((MONDAY, "H001", "7"))
    data["lines-1-activity_code"] = "H001"
    data["period_start"] = "pas une date"
    data["lines-TOTAL_FORMS"] = "abc"
    response = client.post(NEW, data)
    assert response.status_code == 400


def test_another_account_role_has_no_payment_requests_page(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, signatory_with_grant(world.cisss).user)
    assert client.get(NEW).status_code == 404


def test_the_professional_sees_who_decided_and_corrects_a_returned_request(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    returned = cast(
        PaymentRequest,
        PaymentRequestFactory(
            association=association,
            status=Status.RETURNED,
            decided_by=signatory.user,
            decided_at=timezone.now(),
            reason="Ajoutez la garde du mardi.",
        ),
    )
    login(client, association.professional)
    detail = client.get(
        reverse("establishments:my_request", args=[returned.reference])
    ).content.decode()
    assert signatory.user.get_full_name() in detail and "Ajoutez la garde du mardi." in detail
    url = reverse("establishments:my_request_correct", args=[returned.reference])
    assert 'value="H001"' in client.get(url).content.decode()
    start = returned.period_start
    data = form(
        (start, "H001", "7.5"),
        (start + timedelta(days=1), "H002", "4"),
        period_start=start.isoformat(),
        period_end=returned.period_end.isoformat(),
    )
    assert client.post(url, data).status_code == 302
    returned.refresh_from_db()
    assert returned.status == Status.AWAITING and returned.lines.count() == 2


def test_the_agent_imports_softwares_requests_all_or_nothing(
    client: Any, world: EstablishmentWorld
) -> None:
    doctor = professional(username="IP300999")
    AssociationFactory(
        signatory=signatory_with_grant(world.cisss),
        professional=doctor,
        installation=world.hospital,
    )
    login(client, establishments_agent())
    header = (
        "request,professional,installation,mode,period_start,period_end,day,activity,quantity\n"
    )
    start, end = MONDAY.isoformat(), (MONDAY + timedelta(days=6)).isoformat()
    good = (
        f"A,IP300999,51234,hourly,{start},{end},{start},H001,7\n"
        f"A,IP300999,51234,hourly,{start},{end},{end},H002,3\n"
    )
    bad = f"B,IP300999,59999,hourly,{start},{end},{start},H001,7\n"
    url = reverse("establishments:agent_import")
    response = client.post(
        url, {"file": SimpleUploadedFile("d.csv", (header + good + bad).encode())}
    )
    assert response.status_code == 400
    assert "Demande B" in response.content.decode()
    assert not PaymentRequest.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("d.csv", (header + good).encode())})
    assert response.status_code == 200
    created = PaymentRequest.objects.get()
    assert (created.channel, created.status, created.lines.count()) == (
        "import",
        Status.AWAITING,
        2,
    )
    assert AuditEvent.objects.filter(action="payment_request.imported").count() == 1


def test_an_import_that_is_not_csv_is_explained(client: Any, world: EstablishmentWorld) -> None:
    login(client, establishments_agent())
    url = reverse("establishments:agent_import")
    response = client.post(url, {"file": SimpleUploadedFile("d.csv", b"\xff\xfe\x00garbage")})
    assert response.status_code == 400
    response = client.post(url, {"file": SimpleUploadedFile("d.csv", b"a,b\n1,2\n")})
    assert response.status_code == 400
    assert "Colonnes attendues" in response.content.decode()
