"""The SVG charts of the PDF reports: every number formatted, labels whole and inside the chart, axes and a legend."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from fund.charts import CHAR_WIDTH, Bar, bars_svg, line_svg
from fund.periods import Quarter
from portfolio.services.arrears import snapshots_take
from reporting.definitions.loans import portfolio_section, report_dates
from reporting.formatting import percent_text
from tests import factories


def _texts(svg: str) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of every <text> element."""
    return [
        (float(x), anchor, text)
        for x, anchor, text in re.findall(r'<text x="([\d.]+)"[^>]*?text-anchor="(\w+)">([^<]*)</text>', svg)
    ]


def test_a_long_bar_label_is_wrapped_onto_lines_never_cut():
    label = "People from social assistance placed in paid work"
    svg = str(bars_svg([Bar(label, Decimal(62), Decimal(150), "62")], fmt=str, title="Impact", legend="Actual"))
    lines = [text for x, _anchor, text in _texts(svg) if x == 0]
    # the label column once cut it to "People from social assistance placed i"
    assert " ".join(lines) == label and len(lines) == 2


def test_bar_charts_have_a_value_axis_and_a_legend_for_bars_and_targets():
    with translation.override("nl"):
        svg = str(
            bars_svg(
                [Bar("Banen", Decimal("1234.5"), Decimal(2000), "1.234,5")],
                fmt=percent_text,
                title="Impact",
                legend="Gerealiseerd",
                target_legend="Doelstelling",
            )
        )
    texts = [text for _x, _anchor, text in _texts(svg)] + re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert "0,00\xa0%" in texts and "2.000,00\xa0%" in texts  # the axis from 0 to the top, in the chart's format
    assert "Gerealiseerd" in texts and "Doelstelling" in texts and "<title>Impact</title>" in svg


def test_period_labels_of_a_line_chart_stay_inside_it():
    points = [(f"2026Q{q}", Decimal(q * 1000)) for q in (1, 2, 3, 4)]
    svg = str(line_svg(points, fmt=str, title="Outstanding", legend="Outstanding", width=480))
    for x, anchor, text in _texts(svg):
        if anchor == "middle":  # the period labels: "2026Q" was once cut off at the right edge
            assert x - len(text) * CHAR_WIDTH / 2 >= 0 and x + len(text) * CHAR_WIDTH / 2 <= 480, text


@pytest.mark.django_db
def test_the_outstanding_chart_labels_its_values_in_euros_not_raw_floats():
    fund = factories.fund()
    managers = [factories.user("fund_manager", fund=fund) for _ in range(2)]
    for amount in ("48750.60", "12345.67"):  # amounts with cents, so a raw float would show
        factories.loan(
            fund=fund,
            organisation=factories.organisation(),
            requester=managers[0],
            approver=managers[1],
            amount=amount,
            rate="4.5",
            term=36,
            disbursed_on=datetime.date(2025, 11, 3),
        )  # nothing repaid: by 30 September 2026 both are over 30 days past due
    snapshots_take(fund=fund, dates=report_dates(Quarter(2026, 3)))  # as the report run does before rendering
    with translation.override("nl"):
        section = portfolio_section(fund=fund, period=Quarter(2026, 3))
    chart = str(section["chart_outstanding"])
    outstanding = section["figures"].outstanding
    assert outstanding == Decimal("61096.27")  # nothing repaid: 48,750.60 + 12,345.67
    # once "487506.040000000": now the last point in the report's money format, the axis from € 0,00 to the top
    assert "487506" not in chart and re.search(r">€\xa0[\d.]+,\d\d<", chart)
    assert f"{outstanding:.2f}" not in chart
    assert ">€\xa00,00<" in chart
    with translation.override("nl"):
        assert gettext("Outstanding principal at the quarter's end") in chart  # the legend, in Dutch
    par30 = str(section["chart_par30"])
    assert re.search(r">\d+,\d\d\xa0%<", par30) and ">0,00\xa0%<" in par30
