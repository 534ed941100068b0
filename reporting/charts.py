"""Hand-built SVG charts for the PDF reports: horizontal bars against a target, and a line over periods.

The geometry is computed here so templates hold no arithmetic; every text is escaped by format_html. Values are
Decimals; a chart without data says so instead of drawing nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fund.formatting import number

INK, ACCENT, TARGET, GRID = "#1d2430", "#0b6e4f", "#c2410c", "#d9dee5"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    target: Decimal | None = None
    shown: str = ""  # the value as the reader should see it (formatted by the caller)


def bars_svg(bars: list[Bar], *, width: int = 480, row: int = 18, label_width: int = 170) -> SafeString:
    """One horizontal bar per row, scaled to the largest value or target; a target is a vertical tick."""
    if not bars:
        return format_html('<p class="muted">{}</p>', "—")
    top = max([b.value or 0 for b in bars] + [b.target or 0 for b in bars]) or Decimal(1)
    span = width - label_width - 70
    rows = []
    for i, bar in enumerate(bars):
        y = i * row
        length = int(Decimal(bar.value or 0) / top * span)
        rows.append(
            format_html(
                '<text x="0" y="{ty}" font-size="8" fill="{ink}">{label}</text>'
                '<rect x="{x}" y="{by}" width="{w}" height="{h}" fill="{accent}"/>'
                '<text x="{vx}" y="{ty}" font-size="8" fill="{ink}">{shown}</text>',
                ty=y + 11,
                ink=INK,
                label=bar.label[:38],
                x=label_width,
                by=y + 3,
                w=length,
                h=row - 7,
                accent=ACCENT,
                vx=label_width + length + 4,
                shown=bar.shown,
            )
        )
        if bar.target:
            tx = label_width + int(Decimal(bar.target) / top * span)
            rows.append(
                format_html(
                    '<line x1="{x}" x2="{x}" y1="{y1}" y2="{y2}" stroke="{c}" stroke-width="1.5"/>',
                    x=tx,
                    y1=y + 1,
                    y2=y + row - 2,
                    c=TARGET,
                )
            )
    height = len(bars) * row
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img">'
        "{body}</svg>",
        w=width,
        h=height,
        body=format_html_join("", "{}", ((r,) for r in rows)),
    )


def line_svg(
    points: list[tuple[str, Decimal | None]], *, width: int = 480, height: int = 120, unit: str = ""
) -> SafeString:
    """A line through (label, value) points, labelled at both ends and at the highest value."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if len(known) < 2:
        return format_html('<p class="muted">{}</p>', "—")
    top = max(v for _, v in known) or Decimal(1)
    left, bottom, step = 30, height - 16, (width - 40) / max(len(points) - 1, 1)

    def xy(i: int, v: Decimal) -> tuple[int, int]:
        return int(left + i * step), int(bottom - Decimal(v) / top * (bottom - 8))

    path = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in known))
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="7" fill="#5c6675" text-anchor="middle">{}</text>',
        ((int(left + i * step), height - 4, label) for i, (label, _) in enumerate(points)),
    )
    last_i, last_v = known[-1]
    lx, ly = xy(last_i, last_v)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img">'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{grid}"/>'
        '<polyline points="{path}" fill="none" stroke="{accent}" stroke-width="1.5"/>'
        '<text x="{lx}" y="{ly}" font-size="8" fill="{ink}" text-anchor="end">{last}{unit}</text>{labels}</svg>',
        w=width,
        h=height,
        l=left,
        r=width - 10,
        b=bottom,
        grid=GRID,
        path=path,
        accent=ACCENT,
        lx=lx,
        ly=max(ly - 4, 8),
        ink=INK,
        last=number(last_v),
        unit=unit,
        labels=labels,
    )
