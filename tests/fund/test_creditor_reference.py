"""ISO 11649 RF creditor references: the check digits of the standard's published example, and the forms members and
banks type them in."""

import pytest

from fund.creditor_reference import (
    creditor_reference_compact,
    creditor_reference_create,
    creditor_reference_format,
    creditor_reference_in,
    creditor_reference_is_valid,
)


def test_the_iso_11649_example_gets_check_digits_18():
    # ISO 11649's own example: body 539007547034 → RF18 5390 0754 7034
    assert creditor_reference_create("539007547034") == "RF18539007547034"
    assert creditor_reference_format("RF18539007547034") == "RF18 5390 0754 7034"
    assert creditor_reference_is_valid("RF18 5390 0754 7034")


@pytest.mark.parametrize(
    ("body", "published"), [("G72UUR", "RF45G72UUR"), ("18K5", "RF6518K5"), ("2348231", "RF712348231")]
)
def test_other_published_examples_with_letters_get_their_check_digits(body, published):
    # the examples of the Wikipedia article "Creditor Reference" (RF45 G72U UR, RF65 18K5, RF71 2348 231)
    assert creditor_reference_create(body) == published


def test_check_digits_worked_by_hand_for_a_body_with_a_letter():
    # body "C1": move RF00 behind it → C 1 R F 0 0 → 12 1 27 15 0 0 = 121271500; 121271500 mod 97 = 63 (97 × 1250221
    # = 121271437); check digits 98 − 63 = 35
    assert creditor_reference_create("C1") == "RF35C1"


@pytest.mark.parametrize("typed", ["rf18 5390 0754 7034", "RF18539007547034", " Rf18-5390-0754-7034 "])
def test_spaces_dashes_and_lower_case_are_the_same_reference(typed):
    assert creditor_reference_compact(typed) == "RF18539007547034"
    assert creditor_reference_is_valid(typed)


@pytest.mark.parametrize("wrong", ["RF19539007547034", "RF18539007547035", "RF18", "XX18539007547034"])
def test_a_wrong_check_digit_or_shape_is_not_a_reference(wrong):
    assert not creditor_reference_is_valid(wrong)


def test_a_body_longer_than_21_characters_is_refused():
    with pytest.raises(ValueError):
        creditor_reference_create("1" * 22)
    assert len(creditor_reference_create("1" * 21)) == 25  # RF + 2 check digits + 21


def test_a_description_quotes_a_reference_whatever_its_spacing():
    text = "/REMI/USTD//Stortingsverzoek 1 rf18 5390 0754 7034 dank u/"
    assert creditor_reference_in("RF18539007547034", text)
    assert not creditor_reference_in("RF18539007547034", "RF18 5390 0754 7035")
