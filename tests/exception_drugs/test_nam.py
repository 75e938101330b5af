"""The NAM: structure and date validated, normalised, checked against a known identity, and no
guessed check digit."""

from __future__ import annotations

import string
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sel.exception_drugs.nam import (
    nam_agrees_with_identity,
    nam_build,
    nam_normalise,
    nam_parse,
    surname_code,
)

letters = st.text(alphabet=string.ascii_uppercase, min_size=4, max_size=4)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def valid_nams(draw: st.DrawFn) -> str:
    day = draw(birth_dates)
    female = draw(st.booleans())
    admin = draw(st.integers(min_value=0, max_value=99))
    month = day.month + (50 if female else 0)
    return f"{draw(letters)}{day.year % 100:02d}{month:02d}{day.day:02d}{admin:02d}"


@given(valid_nams())
def test_every_well_formed_nam_with_a_real_date_is_accepted_whatever_its_last_two_digits(
    nam: str,
) -> None:
    parts = nam_parse(nam)
    assert 1 <= parts.month <= 12


@given(valid_nams(), st.sampled_from([" ", "-", "  "]))
def test_a_nam_typed_in_lowercase_with_spaces_is_stored_in_capitals_without_them(
    nam: str, separator: str
) -> None:
    typed = f"{nam[:4].lower()}{separator}{nam[4:8]}{separator}{nam[8:]}"
    assert nam_normalise(typed) == nam
    nam_parse(typed)


@given(st.text(alphabet=string.ascii_uppercase + string.digits, max_size=11))
def test_a_nam_shorter_than_12_characters_is_refused_with_the_count(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        nam_parse(value)
    assert caught.value.code in {"nam_empty", "nam_length"}


@given(valid_nams(), st.integers(min_value=0, max_value=3), st.sampled_from("0123456789"))
def test_a_digit_among_the_first_four_characters_is_refused(
    nam: str, index: int, digit: str
) -> None:
    broken = nam[:index] + digit + nam[index + 1 :]
    with pytest.raises(ValidationError) as caught:
        nam_parse(broken)
    assert caught.value.code == "nam_letters"


@given(
    valid_nams(), st.integers(min_value=4, max_value=11), st.sampled_from(string.ascii_uppercase)
)
def test_a_letter_among_the_last_eight_characters_is_refused(
    nam: str, index: int, letter: str
) -> None:
    broken = nam[:index] + letter + nam[index + 1 :]
    with pytest.raises(ValidationError) as caught:
        nam_parse(broken)
    assert caught.value.code == "nam_digits"


@pytest.mark.parametrize("month", ["00", "13", "50", "63", "99"])
def test_a_month_outside_01_12_and_51_62_is_refused_and_named(month: str) -> None:
    with pytest.raises(ValidationError) as caught:
        nam_parse(f"TREM56{month}1201")
    assert caught.value.code == "nam_month"
    assert month in caught.value.messages[0]


@pytest.mark.parametrize(
    "nam",
    [
        "TREM56023001",
        "TREM56043101",
        "TREM56000101",
        "TREM56520001",
        "TREM55022901",
        "TREM56123201",
    ],
)
def test_a_day_that_does_not_exist_in_its_month_is_refused(nam: str) -> None:
    with pytest.raises(ValidationError) as caught:
        nam_parse(nam)
    assert caught.value.code in {"nam_day", "nam_month"}


def test_february_29_is_accepted_in_a_year_that_may_be_a_leap_year() -> None:
    assert nam_parse("TREM56522901").day == 29
    assert nam_parse("TREM00022901").female is False


def test_women_have_50_added_to_their_birth_month() -> None:
    parts = nam_parse("TREM56623101")
    assert (parts.month, parts.female) == (12, True)


@given(
    st.text(alphabet=string.ascii_letters + "éèÉ' -", min_size=1, max_size=20).filter(
        lambda s: any(c.isalpha() for c in s)
    ),
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=10),
    birth_dates,
    st.booleans(),
)
def test_a_nam_built_from_an_identity_agrees_with_it(
    last_name: str, first_name: str, born: date, female: bool
) -> None:
    nam = nam_build(last_name=last_name, first_name=first_name, birth_date=born, female=female)
    nam_agrees_with_identity(
        nam, last_name=last_name, first_name=first_name, birth_date=born, sex="F" if female else "M"
    )


def test_accents_hyphens_and_short_surnames_follow_the_letters_rule() -> None:
    assert surname_code("Bélanger-Côté") == "BEL"
    assert surname_code("D'Amour") == "DAM"
    assert surname_code("Ng") == "NGX"


def test_a_nam_that_disagrees_with_the_known_identity_says_each_part_that_disagrees() -> None:
    with pytest.raises(ValidationError) as caught:
        nam_agrees_with_identity(
            "TREM56623101",
            last_name="Gagnon",
            first_name="Louise",
            birth_date=date(1956, 12, 30),
            sex="M",
        )
    codes = {error.code for error in caught.value.error_list}
    assert codes == {"nam_surname", "nam_first_name", "nam_birth_date", "nam_sex"}


def test_an_unknown_identity_is_not_held_against_the_nam() -> None:
    nam_agrees_with_identity("TREM56623101")
