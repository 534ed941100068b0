"""Ratios and percentages round one way everywhere: half up, so a figure checked by hand matches page and PDF."""

from decimal import Decimal

from fund.money import percent_of, ratio_of, round_half_up


def test_a_share_exactly_halfway_rounds_up_not_to_even():
    # 1 of 8 is 12.5 %: half up gives 13 (Python's default half-even would give 12)
    assert percent_of(1, 8, places=0) == Decimal("13")
    # 0.125 of 1 is 0.125: half up to two places is 0.13 (half-even: 0.12)
    assert ratio_of(Decimal("0.125"), 1) == Decimal("0.13")
    # 2.25 % to one place is 2.3 % (half-even: 2.2 %)
    assert percent_of(Decimal("2.25"), 100, places=1) == Decimal("2.3")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")  # halfway away from zero, for losses too


def test_a_share_of_nothing_or_of_a_missing_number_is_no_figure_not_zero():
    assert percent_of(5, 0) is None
    assert percent_of(None, 10) is None
    assert ratio_of(3, None) is None
    # 0 of 4 is a real figure: 0.00 %
    assert percent_of(0, 4) == Decimal("0.00")


def test_par30_as_the_dashboard_shows_it():
    # € 12.345,67 of € 98.765,43 outstanding is 12,4999... %: 12,50 % to two places
    assert percent_of(Decimal("12345.67"), Decimal("98765.43")) == Decimal("12.50")
