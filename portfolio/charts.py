"""Hand-built SVG charts of the portfolio dashboard: coordinates computed here, so templates only draw them.

Every chart has its axes (a y axis labelled at 0 and at its top, in the page's number format) and a legend naming each
series or what the bars are."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats

WIDTH, HEIGHT, PAD = 600, 200, 30
LEGEND = 18  # height of the legend row under the chart


@dataclass(frozen=True)
class Line:
    points: str  # "x,y x,y ..." for an SVG polyline
    css: str
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: tuple[Line, ...] = ()
    bars: tuple[Bar, ...] = ()
    x_labels: tuple[tuple[float, str], ...] = ()
    top_label: str = ""
    zero_label: str = "0"
    legend: tuple[tuple[str, str], ...] = ()  # (css class of the series, what it shows)

    @property
    def full_height(self) -> int:
        return self.height + LEGEND

    @property
    def legend_items(self) -> tuple[tuple[int, str, str], ...]:
        """(x, css, label) of each legend key, left to right under the chart."""
        items, x = [], PAD
        for css, label in self.legend:
            items.append((x, css, label))
            x += 24 + 7 * len(str(label))
        return tuple(items)


def _axis_number(value: Decimal) -> str:
    """An axis label in the active language ("1.234.567" in Dutch, "1,234,567" in English)."""
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def _scale(values: list[Decimal]) -> Decimal:
    top = max(values, default=Decimal(0))
    return top if top > 0 else Decimal(1)


def line_chart(*, labels: list[str], series: list[tuple[str, str, list[Decimal]]], unit: str = "") -> Chart:
    """Lines over shared x labels; every series on one scale from 0 to the highest value."""
    top = _scale([v for _, _, values in series for v in values])
    count = max(len(labels) - 1, 1)
    step = (WIDTH - 2 * PAD) / count

    def y(value: Decimal) -> float:
        return round(HEIGHT - PAD - float(value / top) * (HEIGHT - 2 * PAD), 1)

    lines = tuple(
        Line(" ".join(f"{round(PAD + i * step, 1)},{y(v)}" for i, v in enumerate(values)), css, label)
        for label, css, values in series
    )
    x_labels = tuple((round(PAD + i * step, 1), label) for i, label in enumerate(labels) if i % 2 == 0)
    legend = tuple((css, label) for label, css, _values in series)
    return Chart(
        WIDTH,
        HEIGHT,
        lines=lines,
        x_labels=x_labels,
        top_label=f"{_axis_number(top)}{unit}",
        zero_label=f"0{unit}",
        legend=legend,
    )


def bar_chart(*, items: list[tuple[str, Decimal, str]], legend: str, unit: str = "") -> Chart:
    """One bar per (label, value, shown value); `legend` says what the bars measure."""
    top = _scale([value for _, value, _ in items])
    slot = (WIDTH - 2 * PAD) / max(len(items), 1)
    bars = []
    for i, (label, value, shown) in enumerate(items):
        height = float(value / top) * (HEIGHT - 2 * PAD)
        bars.append(
            Bar(
                round(PAD + i * slot + slot * 0.15, 1),
                round(HEIGHT - PAD - height, 1),
                round(slot * 0.7, 1),
                round(height, 1),
                label,
                shown,
            )
        )
    return Chart(
        WIDTH,
        HEIGHT,
        bars=tuple(bars),
        top_label=f"{_axis_number(top)}{unit}",
        zero_label=f"0{unit}",
        legend=(("series-a", legend),),
    )
