"""The one chart module: period labels never run into each other, and a page's chart carries its axes and legend."""

import itertools
import re
from decimal import Decimal

from django.utils import translation

from fund.charts import CHAR_WIDTH, Series, chart_number, lines_svg, target_bar_svg
from fund.periods import Quarter


def _period_labels(svg: str) -> list[tuple[float, str]]:
    return [(float(x), t) for x, t in re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="middle">([^<]*)</text>', svg)]


def test_twelve_dutch_quarters_in_a_small_trend_are_thinned_never_drawn_over_each_other():
    with translation.override("nl"):
        quarters = Quarter.of_years(2024, 2026)
        svg = str(
            lines_svg(
                [q.label() for q in quarters],
                [Series("", [Decimal(n) for n in range(12)])],
                fmt=chart_number,
                title="Banen",
                width=260,
                height=72,
                from_zero=False,
                css_class="trend",
            )
        )
    labels = _period_labels(svg)
    # "3e kwartaal 2026" is 16 characters, 80 px: twelve of them cannot stand side by side in 260 px
    assert 1 < len(labels) < 12
    assert labels[-1][1] == "4e kwartaal 2026"  # the latest quarter is always labelled
    for (x1, t1), (x2, t2) in itertools.pairwise(labels):
        assert x2 - x1 >= (len(t1) + len(t2)) * CHAR_WIDTH / 2, (t1, t2)
    # the axis runs from the lowest to the highest value (0 to 11), in Dutch
    assert re.search(r'data-axis-label="low">0<', svg) and re.search(r'data-axis-label="top">11<', svg)


def test_a_figure_without_a_target_gets_no_progress_bar():
    assert "<svg" not in target_bar_svg(value=Decimal(5), target=None, fmt=chart_number, title="Banen")
    with translation.override("nl"):
        bar = str(target_bar_svg(value=Decimal("341.4"), target=Decimal(500), fmt=chart_number, title="Banen"))
    # the value in Dutch beside the bar, the axis from 0 to the target
    assert ">341,4</text>" in bar and 'data-axis-label="zero">0<' in bar and 'data-axis-label="top">500<' in bar
    assert 'class="actual"' in bar and 'class="target"' in bar
