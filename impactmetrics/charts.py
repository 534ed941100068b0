"""Hand-built SVG charts (no JavaScript, no CDN): actual against target bars and a trend line.

Geometry is computed here so templates hold no arithmetic; text is escaped by format_html."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fund.formatting import number
from impactmetrics.selectors.aggregation import TrendPoint

WIDTH, BAR_HEIGHT = 320, 14


def _num(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return number(value, 0) if value == value.to_integral() else number(value, 1)


def actual_vs_target_svg(*, actual: Decimal | None, target: Decimal | None, label: str) -> SafeString:
    """A bar for the actual value with a marker at the target, scaled to the larger of the two."""
    top = max(actual or Decimal(0), target or Decimal(0)) or Decimal(1)
    width = int((actual or Decimal(0)) / top * (WIDTH - 10))
    marker = (
        format_html(
            '<line x1="{x}" x2="{x}" y1="0" y2="{h}" class="target"><title>target {t}</title></line>',
            x=int(target / top * (WIDTH - 10)),
            h=BAR_HEIGHT + 6,
            t=_num(target),
        )
        if target
        else ""
    )
    return format_html(
        '<svg class="bar" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<rect x="0" y="3" width="{bw}" height="{bh}" class="actual"><title>{a}</title></rect>{marker}</svg>',
        w=WIDTH,
        h=BAR_HEIGHT + 6,
        bw=width,
        bh=BAR_HEIGHT,
        a=_num(actual),
        marker=marker,
        label=label,
    )


def trend_svg(points: list[TrendPoint], *, label: str, width: int = 260, height: int = 60) -> SafeString:
    """A line through the periods that have a value, with a dot and a tooltip per period."""
    known = [p for p in points if p.value is not None]
    if not known:
        return format_html('<span class="muted">{}</span>', "–")
    low = min(p.value for p in known)
    high = max(p.value for p in known)
    span = (high - low) or Decimal(1)
    step = (width - 12) / max(len(points) - 1, 1)
    coords = []
    for index, point in enumerate(points):
        if point.value is None:
            continue
        x = 6 + index * step
        y = height - 6 - float((point.value - low) / span) * (height - 12)
        coords.append((round(x, 1), round(y, 1), point.label, _num(point.value)))
    line = " ".join(f"{x},{y}" for x, y, _label, _value in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.5"><title>{}: {}</title></circle>',
        ((x, y, lab, v) for x, y, lab, v in coords),
    )
    return format_html(
        '<svg class="trend" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<polyline points="{line}" fill="none"/>{dots}</svg>',
        w=width,
        h=height,
        line=line,
        dots=dots,
        label=label,
    )
