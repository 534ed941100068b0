"""The amount and decimal fields read numbers as a person of the page's language writes them, and never guess."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from fund.fields import LocalizedDecimalField, LocalizedMoneyField, number_read, number_write

D = Decimal


class AmountForm(forms.Form):
    amount = LocalizedMoneyField(label="Amount")
    reason = forms.CharField(label="Reason")


class FteForm(forms.Form):
    fte = LocalizedDecimalField(label="FTE", max_digits=6, decimal_places=1)


def _read(text: str, language: str) -> Decimal:
    with translation.override(language):
        form = AmountForm({"amount": text, "reason": "x"})
        assert form.is_valid(), form.errors
        return form.cleaned_data["amount"]


def _refused(form_class, field: str, text: str, language: str) -> str:
    with translation.override(language):
        form = form_class({field: text, "reason": "x"})
        assert not form.is_valid()
        return " ".join(form.errors[field])


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("35.000", D("35000")),
        ("35.000,00", D("35000")),
        ("1.234,56", D("1234.56")),
        ("9,6", D("9.6")),
        ("35000", D("35000")),
        ("  35000 ", D("35000")),
        ("€ 35.000,00", D("35000")),
        ("€35.000", D("35000")),
        ("EUR 1.234,56", D("1234.56")),
        ("1.234.567,89", D("1234567.89")),
        ("-1.234,56", D("-1234.56")),
        ("0,5", D("0.5")),
    ],
)
def test_a_dutch_manager_types_amounts_as_dutch_is_written(typed, amount):
    assert _read(typed, "nl") == amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("35,000", D("35000")),
        ("35,000.00", D("35000")),
        ("1,234.56", D("1234.56")),
        ("9.6", D("9.6")),
        ("35000", D("35000")),
        (" €35,000.00 ", D("35000")),
        ("EUR 35,000", D("35000")),
        ("1,234,567.89", D("1234567.89")),
    ],
)
def test_an_english_manager_types_amounts_as_english_is_written(typed, amount):
    assert _read(typed, "en") == amount


def test_thirty_five_comma_thousand_on_the_dutch_screen_is_refused_with_how_to_write_it():
    # a Dutch reader sees 35 with three decimals, an English one 35000: never guessed
    message = _refused(AmountForm, "amount", "35,000", "nl")
    assert "35,000" in message
    assert "Schrijf 35000 of 35.000,00" in message
    assert "35" in message


def test_one_point_two_three_four_on_the_english_screen_is_refused_with_how_to_write_it():
    message = _refused(AmountForm, "amount", "1.234", "en")
    assert "can be read two ways" in message
    assert "Write 1234 or 1,234.00" in message


def test_thirty_five_point_thousand_on_the_english_screen_is_refused_too():
    message = _refused(AmountForm, "amount", "35.000", "en")
    assert "Write 35000 or 35,000.00" in message
    assert "For a number below 1,000 write 35." in message


def test_the_same_refusal_in_english_words_on_the_english_screen_for_a_decimal_field():
    # 1.234 FTE cannot be written with one decimal, so only the thousands way is offered
    message = _refused(FteForm, "fte", "1.234", "en")
    assert message == "“1.234” can be read two ways. Write 1234 or 1,234.0."


@pytest.mark.parametrize("typed", ["abc", "1.23.4", "1,2,3", "12.34,5.6", "€", "1.234.56,7.8", "--5", "1 2a"])
def test_text_that_is_no_number_is_refused(typed):
    assert _refused(AmountForm, "amount", typed, "nl")


def test_too_many_decimals_speaks_of_decimals_when_there_are_no_thousands_separators():
    message = _refused(AmountForm, "amount", "12,3456", "nl")
    assert message == "Gebruik hoogstens 2 decimalen, bijvoorbeeld 12,35."
    assert _refused(AmountForm, "amount", "12.3456", "en") == "Use at most 2 decimals, for example 12.35."


def test_too_many_decimals_with_thousands_separators_shows_the_amount_to_write_instead():
    # whoever typed a thousands separator was not thinking of decimal places
    message = _refused(AmountForm, "amount", "1.234,567", "nl")
    assert message == "Schrijf dit als 1.234,57."
    assert "decimal" not in _refused(AmountForm, "amount", "1,234.567", "en")


def test_a_rate_field_reads_three_decimals_because_a_thousands_reading_cannot_fit():
    class RateForm(forms.Form):
        rate = LocalizedDecimalField(max_digits=6, decimal_places=3)

    for language, typed in (("nl", "3,125"), ("en", "3.125"), ("nl", "3.125")):
        with translation.override(language):
            form = RateForm({"rate": typed})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["rate"] == D("3.125")


def test_fte_nine_comma_six_is_nine_point_six_on_the_dutch_screen():
    with translation.override("nl"):
        form = FteForm({"fte": "9,6"})
        assert form.is_valid()
        assert form.cleaned_data["fte"] == D("9.6")


@pytest.mark.parametrize(("language", "shown"), [("nl", "35.000,00"), ("en", "35,000.00")])
def test_a_form_shown_again_after_an_error_shows_the_amount_in_the_language_and_reads_it_back(language, shown):
    with translation.override(language):
        form = AmountForm({"amount": "35000", "reason": ""})  # the reason is missing
        assert not form.is_valid()
        html = str(form["amount"])
        assert f'value="{shown}"' in html
        again = AmountForm({"amount": shown, "reason": "x"})
        assert again.is_valid()
        assert again.cleaned_data["amount"] == D("35000")


def test_a_refused_amount_is_shown_again_as_typed():
    with translation.override("nl"):
        form = AmountForm({"amount": "35,000", "reason": "x"})
        assert not form.is_valid()
        assert 'value="35,000"' in str(form["amount"])


@pytest.mark.parametrize(("language", "shown"), [("nl", "1.234,50"), ("en", "1,234.50")])
def test_an_initial_amount_is_shown_in_the_language(language, shown):
    with translation.override(language):
        form = AmountForm(initial={"amount": D("1234.5")})
        assert f'value="{shown}"' in str(form["amount"])
        assert 'inputmode="decimal"' in str(form["amount"])


def test_numbers_are_written_in_the_language():
    assert number_write(D("1234.56"), language="nl") == "1.234,56"
    assert number_write(D("1234.56"), language="en") == "1,234.56"
    assert number_write(D("9.60"), language="nl") == "9,6"
    assert number_write(D("35000"), language="nl", decimal_places=2) == "35.000,00"
    assert number_write(D("-0.5"), language="en") == "-0.5"
    # three decimals after a short whole part would read as thousands: a fourth decimal keeps it one number
    assert number_write(D("1.234"), language="nl") == "1,2340"


cents = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=2, allow_nan=False, allow_infinity=False)


@given(amount=cents, language=st.sampled_from(["nl", "en"]))
def test_any_amount_in_cents_written_in_a_language_reads_back_the_same(amount, language):
    written = number_write(amount, language=language, decimal_places=2)
    assert number_read(written, language=language, decimal_places=2) == amount
    assert number_read(written, language=language) == amount


@given(
    number=st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=4, allow_nan=False, allow_infinity=False),
    language=st.sampled_from(["nl", "en"]),
)
def test_any_decimal_written_without_fixed_places_reads_back_the_same(number, language):
    assert number_read(number_write(number, language=language), language=language) == number


def test_the_reader_refuses_with_a_validation_error_code():
    with pytest.raises(ValidationError) as refused:
        number_read("35,000", language="nl")
    assert refused.value.code == "ambiguous"


@given(
    rate=st.decimals(min_value=D("0"), max_value=D("999.999"), places=3, allow_nan=False, allow_infinity=False),
    language=st.sampled_from(["nl", "en"]),
)
def test_any_rate_written_for_a_field_without_room_for_thousands_reads_back_the_same(rate, language):
    written = number_write(rate, language=language, max_whole_digits=3)
    assert number_read(written, language=language, max_whole_digits=3, decimal_places=3) == rate


def test_a_rate_is_shown_without_a_padding_decimal():
    class RateForm(forms.Form):
        rate = LocalizedDecimalField(max_digits=6, decimal_places=3)

    with translation.override("nl"):
        assert 'value="3,125"' in str(RateForm(initial={"rate": D("3.125")})["rate"])
