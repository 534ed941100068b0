"""Quarters: one machine label that people type and URLs carry, one human label in the reader's language."""

import datetime

import pytest
from django.utils import translation

from fund.periods import PeriodError, Quarter


def test_the_period_people_type_reads_back_as_the_same_quarter():
    # produce_reports --period 2026Q3 (lower case and spaces forgiven): 1 July to 30 September 2026
    quarter = Quarter.parse(" 2026q3 ")
    assert (quarter.start, quarter.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert str(quarter) == "2026Q3"
    with pytest.raises(PeriodError):
        Quarter.parse("2026-Q3")  # the old impact-page label is no machine label


def test_a_quarter_is_shown_as_the_reader_writes_it():
    with translation.override("nl"):
        assert Quarter(2026, 3).label() == "3e kwartaal 2026"
    with translation.override("en"):
        assert Quarter(2026, 3).label() == "Q3 2026"


def test_quarters_follow_each_other_across_the_year_end():
    assert Quarter(2025, 4).next() == Quarter(2026, 1) and Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2026, 4).end == datetime.date(2026, 12, 31)
    # on 15 February 2026 the last completed quarter is the fourth of 2025
    assert Quarter.last_completed(datetime.date(2026, 2, 15)) == Quarter(2025, 4)
    assert [str(q) for q in Quarter.of_years(2025, 2026)][::3] == ["2025Q1", "2025Q4", "2026Q3"]
