"""Hand-built SVG charts of the portfolio dashboard: coordinates computed here, so templates only draw them."""

from dataclasses import dataclass
from decimal import Decimal

from fund.formatting import number

WIDTH, HEIGHT, PAD = 600, 200, 30


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
    return Chart(WIDTH, HEIGHT, lines=lines, x_labels=x_labels, top_label=f"{number(top, 0)}{unit}")


def bar_chart(*, items: list[tuple[str, Decimal, str]]) -> Chart:
    """One bar per (label, value, shown value)."""
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
    return Chart(WIDTH, HEIGHT, bars=tuple(bars))
