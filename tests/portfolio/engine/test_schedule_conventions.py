"""Each convention of the issue on a small loan, with amounts worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from portfolio.engine.dates import days_30e_360, due_dates, year_fraction_numerator
from portfolio.engine.schedule import generate_schedule
from portfolio.engine.terms import Tranche
from tests.portfolio.engine.helpers import terms

D = Decimal


def _amounts(schedule) -> list[tuple[str, str]]:
    return [(str(i.principal), str(i.interest)) for i in schedule.installments]


def test_due_dates_keep_the_first_due_day_and_clamp_to_month_end():
    assert due_dates(date(2024, 1, 31), "month", 1, 4) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert due_dates(date(2023, 4, 30), "month", 1, 2) == [date(2023, 4, 30), date(2023, 5, 30)]
    assert due_dates(date(2023, 1, 2), "week", 2, 3) == [date(2023, 1, 2), date(2023, 1, 16), date(2023, 1, 30)]


def test_default_first_due_date_is_one_period_after_disbursement():
    schedule = generate_schedule(terms(disbursement_date=date(2023, 1, 31), repayments=3))
    assert [i.due_date for i in schedule.installments] == [date(2023, 2, 28), date(2023, 3, 28), date(2023, 4, 28)]


def test_30e_360_counts_the_31st_and_end_of_february_as_the_30th():
    assert days_30e_360(date(2023, 1, 31), date(2023, 2, 28)) == 30
    assert days_30e_360(date(2024, 2, 29), date(2024, 3, 31)) == 30
    assert days_30e_360(date(2024, 2, 28), date(2024, 3, 28)) == 30
    assert days_30e_360(date(2023, 1, 15), date(2023, 7, 15)) == 180


def test_actual_actual_divides_each_part_by_its_own_year():
    # 12 Dec 2023 → 12 Jan 2024 is 20/365 + 11/366
    assert year_fraction_numerator(date(2023, 12, 12), date(2024, 1, 12), "actual/actual") == 20 * 366 + 11 * 365
    schedule = generate_schedule(
        terms(
            disbursement_date=date(2023, 12, 12),
            repayments=2,
            interest_period="daily",
            day_count="actual/actual",
        )
    )
    # 10,000 × 10 % × (20/365 + 11/366) = 54.7945 + 30.0546 = 84.8492
    assert schedule.installments[0].interest == D("84.85")


def test_daily_interest_counts_actual_days_over_the_day_count_year():
    schedule = generate_schedule(terms(repayments=2, interest_period="daily", day_count="actual/365"))
    # 15 Jan → 15 Feb is 31 days: 10,000 × 10 % × 31/365 = 84.93
    assert schedule.installments[0].interest == D("84.93")


def test_broken_first_period_is_charged_pro_rata_over_the_full_period_ending_on_the_first_due_date():
    schedule = generate_schedule(terms(first_repayment_date=date(2023, 3, 1)))
    # 45 days from 15 Jan to 1 Mar, over the 28 days of 1 Feb → 1 Mar: 10,000 × 10 %/12 × 45/28 = 133.93
    first = schedule.installments[0]
    assert first.interest == D("133.93")
    # the level installment is the full-period one and never adjusted; the last installment absorbs the difference
    assert first.total == D("1715.61")
    assert schedule.installments[-1].total == D("1768.36")


def test_flat_interest_is_spread_evenly_and_the_last_installment_absorbs_the_rest():
    schedule = generate_schedule(terms(interest_method="flat"))
    # 10,000 × 10 %/12 × 6 = 500.00; 500/6 = 83.33; 10,000/6 = 1666.67
    assert _amounts(schedule) == [("1666.67", "83.33")] * 5 + [("1666.65", "83.35")]
    assert schedule.total_interest == D("500.00")


def test_flat_with_a_multiple_rounds_the_installment_and_principal_takes_the_rest():
    schedule = generate_schedule(terms(interest_method="flat", principal=D("1000"), installment_multiple=D("10")))
    # 1000/6 + 50/6 = 175.00 → 180; principal 180 − 8.33 = 171.67
    assert [i.total for i in schedule.installments[:-1]] == [D("180.00")] * 5
    assert schedule.installments[0].principal == D("171.67")
    assert schedule.installments[-1].principal == D("141.65")
    assert schedule.total_interest == D("50.00")


def test_flat_interest_free_grace_charges_only_the_later_periods():
    schedule = generate_schedule(terms(interest_method="flat", grace_interest_charged=2))
    # 10,000 × 10 %/12 × 4 = 333.33 over four installments: 83.33 and 83.34 last
    assert [str(i.interest) for i in schedule.installments] == ["0.00", "0.00", "83.33", "83.33", "83.33", "83.34"]


def test_equal_principal_with_deferred_interest_due_after_the_grace():
    schedule = generate_schedule(terms(amortization="equal_principal", grace_interest_payment=2))
    # charged 83.33 + 69.44 + 55.56 falls due with installment 3
    assert [str(i.interest) for i in schedule.installments[:4]] == ["0.00", "0.00", "208.33", "41.67"]
    assert [str(i.principal) for i in schedule.installments] == ["1666.67"] * 5 + ["1666.65"]


def test_deferred_interest_leaves_the_principal_of_the_level_installment_alone():
    schedule = generate_schedule(terms(grace_interest_payment=1))
    first, second = schedule.installments[:2]
    assert (first.principal, first.interest) == (D("1632.28"), D("0.00"))
    # own interest 8367.72 × 10 %/12 = 69.73, plus the deferred 83.33
    assert (second.principal, second.interest) == (D("1645.88"), D("153.06"))


def test_interest_free_grace_on_declining_balance_charges_nothing_in_those_periods():
    schedule = generate_schedule(terms(grace_interest_charged=1, repayments=2))
    # level pmt(10 %/12, 2, 10,000) = 5062.59; the first installment is all principal
    assert _amounts(schedule) == [("5062.59", "0.00"), ("4937.41", "41.15")]


def test_fixed_principal_percent_leaves_a_balloon():
    schedule = generate_schedule(terms(amortization="equal_principal", fixed_principal_percent=D("10")))
    assert [str(i.principal) for i in schedule.installments] == ["1000.00"] * 5 + ["5000.00"]
    assert schedule.installments[-1].interest == D("41.67")


def test_a_tranche_is_charged_from_its_date_and_re_amortised():
    schedule = generate_schedule(terms(disbursements=(Tranche(date(2023, 3, 1), D("5000")),)))
    second = schedule.installments[1]
    # 8367.72 for 14 days and 13,367.72 for 14 days of a 28-day period at 10 %/12
    assert second.interest == D("90.56")
    # pmt(10 %/12, 5, 13,367.72) = 2740.75
    assert second.total == D("2740.75")
    assert schedule.total_principal == D("15000.00")


@pytest.mark.parametrize(("mode", "expected"), [("half_even", "0.86"), ("half_up", "0.87")])
def test_rounding_mode_decides_ties(mode, expected):
    # 173 × 6 %/12 = 0.865 exactly
    schedule = generate_schedule(terms(principal=D("173"), annual_interest_rate=D("6"), repayments=2, rounding=mode))
    assert str(schedule.installments[0].interest) == expected


def test_weekly_loans_use_a_52nd_of_the_annual_rate():
    schedule = generate_schedule(terms(repayment_unit="week", repayment_every=2, repayments=3))
    # 10,000 × 10 % × 2/52 = 38.46
    assert schedule.installments[0].interest == D("38.46")
    assert schedule.installments[0].due_date == date(2023, 1, 29)


def test_zero_interest_loans_repay_evenly():
    schedule = generate_schedule(terms(annual_interest_rate=D("0"), repayments=3))
    assert _amounts(schedule) == [("3333.33", "0.00"), ("3333.33", "0.00"), ("3333.34", "0.00")]
