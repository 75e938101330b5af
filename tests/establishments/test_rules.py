"""Each rule of the establishments' applications, in its one function (establishments/rules.py)."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sel.establishments import rules
from sel.establishments.models import ActivityRate
from sel.establishments.rules import LineInput, PaymentRequestSection

SEED_003 = next((Path(__file__).resolve().parents[2] / "../shared/seeds").glob("003_*.txt"), None)


def test_the_board_resolution_rule_quotes_seed_003s_note_exactly() -> None:
    note = (
        "Cette règle ne s’applique pas au représentant autorisé d’une grappe de services "
        "(OPTILAB) ni au représentant autorisé d’un GMF."
    )
    doc = " ".join((inspect.getdoc(rules.board_resolution_required) or "").split())
    assert note in doc
    if SEED_003 is not None and SEED_003.exists():
        assert note in " ".join(SEED_003.read_text("utf-8").split())


def test_a_dsp_needs_the_resolutions_number_and_date() -> None:
    errors = rules.board_resolution_required(
        function="dsp", resolution_number=" ", resolution_date=None
    )
    assert set(errors) == {"resolution_number", "resolution_date"}
    assert not rules.board_resolution_required(
        function="dsp", resolution_number="CA-12", resolution_date=date(2026, 1, 5)
    )


@pytest.mark.parametrize(
    "function", ["optilab_representative", "gmf_responsible", "gmf_coresponsible"]
)
def test_optilab_and_gmf_representatives_need_no_resolution(function: str) -> None:
    assert not rules.board_resolution_required(
        function=function, resolution_number="", resolution_date=None
    )


def test_an_association_outside_the_grants_installations_is_refused() -> None:
    assert rules.association_within_grant(installation_id=3, in_scope=[1, 2])
    assert rules.association_within_grant(installation_id=None, in_scope=[1, 2])
    assert not rules.association_within_grant(installation_id=2, in_scope=[1, 2])


def test_overlapping_association_periods_are_refused() -> None:
    jan, feb, mar = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    assert rules.association_dates_must_not_overlap(
        valid_from=feb, valid_until=None, others=[(jan, None)]
    )
    assert rules.association_dates_must_not_overlap(
        valid_from=jan, valid_until=mar, others=[(feb, None)]
    )
    assert not rules.association_dates_must_not_overlap(
        valid_from=mar, valid_until=None, others=[(jan, feb)]
    )
    assert "valid_until" in rules.association_dates_must_not_overlap(
        valid_from=mar, valid_until=feb, others=[]
    )


def test_a_signatory_not_in_the_register_is_refused() -> None:
    assert "signatory_username" in rules.association_signatory_in_register(signatory_found=False)
    assert not rules.association_signatory_in_register(signatory_found=True)


def _rates() -> dict[str, ActivityRate]:
    return {
        "H001": ActivityRate(code="H001", mode="hourly", unit="hours", rate=Decimal("100")),
        "V001": ActivityRate(code="V001", mode="sessional", unit="sessions", rate=Decimal("400")),
    }


def _section(*lines: tuple[date, str, str], mode: str = "hourly") -> PaymentRequestSection:
    start = date(2026, 3, 2)
    return PaymentRequestSection(
        installation_number="51234",
        mode=mode,
        period_start=start,
        period_end=start + timedelta(days=6),
        lines=tuple(LineInput(day, code, Decimal(q)) for day, code, q in lines),
    )


def codes(errors: dict[int, Any]) -> dict[int, list[str]]:
    return {i: [e.code for e in found] for i, found in errors.items()}


def test_lines_outside_the_period_duplicate_or_over_a_day_are_refused_by_line() -> None:
    day = date(2026, 3, 3)
    section = _section(
        (day, "H001", "8"),
        (day, "H001", "2"),  # duplicate
        (date(2026, 3, 20), "H001", "1"),  # outside
        (date(2026, 3, 4), "H001", "25"),  # over a day
        (date(2026, 3, 5), "V001", "1"),  # another mode
        (date(2026, 3, 6), "X999", "1"),  # unknown
    )
    assert codes(rules.payment_lines_errors(section, _rates())) == {
        1: ["duplicate_line"],
        2: ["outside_period"],
        3: ["over_a_day"],
        4: ["wrong_mode"],
        5: ["unknown_activity"],
    }


def test_a_session_counts_three_and_a_half_hours_toward_the_day() -> None:
    day = date(2026, 3, 3)
    ok = _section((day, "V001", "6"), mode="sessional")  # 21 h
    assert not rules.payment_lines_errors(ok, _rates())
    over = _section((day, "V001", "7"), mode="sessional")  # 24.5 h
    assert codes(rules.payment_lines_errors(over, _rates())) == {0: ["over_a_day"]}


def test_a_period_already_claimed_is_refused() -> None:
    assert rules.period_not_already_claimed(claimed_by="DP260000000001")
    assert not rules.period_not_already_claimed(claimed_by=None)


def test_no_signatory_authorizes_their_own_request() -> None:
    assert rules.no_self_authorization(signatory_user_id=4, professional_id=4)
    assert not rules.no_self_authorization(signatory_user_id=4, professional_id=5)


def test_nothing_outside_the_grants_installations_or_the_associations_dates() -> None:
    period = (date(2026, 3, 2), date(2026, 3, 8))
    inside = (date(2026, 1, 1), None)
    assert not rules.authorization_within_scope_and_association(
        installation_id=1, in_scope=[1], period=period, association=inside
    )
    assert rules.authorization_within_scope_and_association(
        installation_id=2, in_scope=[1], period=period, association=inside
    )
    assert rules.authorization_within_scope_and_association(
        installation_id=1,
        in_scope=[1],
        period=period,
        association=(date(2026, 1, 1), date(2026, 3, 5)),
    )
    assert rules.authorization_within_scope_and_association(
        installation_id=1, in_scope=[1], period=period, association=None
    )


def test_a_withdrawn_grant_or_an_ended_association_closes_the_queue() -> None:
    assert rules.queue_closed_when_access_ends(grant_in_force=False, association_in_force=True)
    assert rules.queue_closed_when_access_ends(grant_in_force=True, association_in_force=False)
    assert not rules.queue_closed_when_access_ends(grant_in_force=True, association_in_force=True)


def test_a_refusal_needs_its_reason() -> None:
    assert rules.refusal_reason_required(reason="  ")
    assert not rules.refusal_reason_required(reason="Heures non travaillées")
