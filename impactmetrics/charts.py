"""Hand-built SVG charts (no JavaScript, no CDN): actual against target bars and a trend line.

Geometry is computed here so templates hold no arithmetic; text is escaped by format_html. Each chart has its axis,
labelled in the page's number format (the bar from 0 to its top, the trend at its lowest and highest value and its
first and last period); the table that shows them carries the legend (`_aggregate_table.html`)."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fund.formatting import number
from impactmetrics.selectors.aggregation import TrendPoint

WIDTH, BAR_HEIGHT, AXIS = 320, 14, 12  # AXIS: room under the bar or line for the axis labels
ACTUAL, TARGET, MUTED = "#0b6e4f", "#c2410c", "#5c6675"


def _num(value: Decimal | None) -> str:
    """A value in the active language: whole numbers without decimals, others with one ("17,4" in Dutch)."""
    if value is None:
        return "–"
    return number(value, 0) if value == value.to_integral() else number(value, 1)


def actual_vs_target_svg(*, actual: Decimal | None, target: Decimal | None, label: str) -> SafeString:
    """A bar for the actual value with a marker at the target, scaled to the larger of the two. Without a target
    there is nothing to measure progress against, so no bar (a full bar would read as "target reached")."""
    if target is None:
        return format_html('<span class="muted" data-testid="no-target">{}</span>', _("no target"))
    top = max(actual or Decimal(0), target or Decimal(0)) or Decimal(1)
    span = WIDTH - 10
    width = int((actual or Decimal(0)) / top * span)
    marker = (
        format_html(
            '<line x1="{x}" x2="{x}" y1="0" y2="{h}" stroke="{c}" stroke-width="2" class="target">'
            "<title>target {t}</title></line>",
            x=int(target / top * span),
            h=BAR_HEIGHT + 6,
            c=TARGET,
            t=_num(target),
        )
        if target
        else ""
    )
    return format_html(
        '<svg class="bar" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<rect x="0" y="3" width="{bw}" height="{bh}" fill="{a}" class="actual"><title>{av}</title></rect>{marker}'
        '<line x1="0" x2="{span}" y1="{ay}" y2="{ay}" stroke="{m}" data-axis="x"/>'
        '<text x="0" y="{ty}" font-size="9" fill="{m}">0</text>'
        '<text x="{span}" y="{ty}" font-size="9" fill="{m}" text-anchor="end">{top}</text></svg>',
        w=WIDTH,
        h=BAR_HEIGHT + 6 + AXIS,
        bw=width,
        bh=BAR_HEIGHT,
        a=ACTUAL,
        av=_num(actual),
        marker=marker,
        span=span,
        ay=BAR_HEIGHT + 5,
        ty=BAR_HEIGHT + 6 + AXIS - 1,
        m=MUTED,
        top=_num(top),
        label=label,
    )


def trend_svg(points: list[TrendPoint], *, label: str, width: int = 260, height: int = 60) -> SafeString:
    """A line through the periods that have a value, with a dot and a tooltip per period; the y axis is labelled at
    the lowest and highest value, the x axis with the first and last period."""
    known = [p for p in points if p.value is not None]
    if not known:
        return format_html('<span class="muted">{}</span>', "–")
    low = min(p.value for p in known)
    high = max(p.value for p in known)
    span = (high - low) or Decimal(1)
    left = 6 + 6 * max(len(_num(low)), len(_num(high)))  # room for the y axis labels
    step = (width - left - 6) / max(len(points) - 1, 1)
    coords = []
    for index, point in enumerate(points):
        if point.value is None:
            continue
        x = left + index * step
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
        '<line x1="{ax}" x2="{ax}" y1="4" y2="{b}" stroke="{m}" data-axis="y"/>'
        '<line x1="{ax}" x2="{w}" y1="{b}" y2="{b}" stroke="{m}" data-axis="x"/>'
        '<text x="{lx}" y="10" font-size="9" fill="{m}" text-anchor="end">{high}</text>'
        '<text x="{lx}" y="{b}" font-size="9" fill="{m}" text-anchor="end">{low}</text>'
        '<text x="{ax}" y="{ty}" font-size="9" fill="{m}">{first}</text>'
        '<text x="{w}" y="{ty}" font-size="9" fill="{m}" text-anchor="end">{last}</text>'
        '<polyline points="{line}" fill="none" stroke="{a}"/>{dots}</svg>',
        w=width,
        h=height + AXIS,
        ax=left - 3,
        lx=left - 5,
        b=height - 3,
        ty=height + AXIS - 1,
        m=MUTED,
        a=ACTUAL,
        high=_num(high),
        low=_num(low),
        first=points[0].label,
        last=points[-1].label,
        line=line,
        dots=dots,
        label=label,
    )
