"""Hand-built SVG charts for the PDF reports: horizontal bars against a target, and a line over periods.

The geometry is computed here so templates hold no arithmetic; every text is escaped by format_html. Values are
Decimals and every number a chart prints comes formatted by the caller's `fmt` (the report's own formats), never as a
raw Decimal. Each chart has its axes (a labelled scale from 0 to its top) and a legend naming what it draws; labels are
wrapped onto more lines instead of being cut. A chart without data says so instead of drawing nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

INK, MUTED, ACCENT, TARGET, GRID = "#1d2430", "#5c6675", "#0b6e4f", "#c2410c", "#d9dee5"
FONT = 8  # px; DejaVu Sans is about 0.6 em wide per character on average
CHAR_WIDTH = 5.0  # px per character at FONT, rounded up so a wrapped line always fits its column
LINE_HEIGHT = 10
LEGEND_HEIGHT = 16

Formatter = Callable[[Decimal], str]


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    target: Decimal | None = None
    shown: str = ""  # the value as the reader should see it (formatted by the caller)


def wrap(text: str, width: int) -> list[str]:
    """`text` broken at spaces into lines of at most `width` characters; a longer word is split, never dropped."""
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def _text_lines(x: int, y: int, lines: list[str], *, anchor: str = "start", fill: str = INK) -> SafeString:
    return format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}">{}</text>',
        ((x, y + i * LINE_HEIGHT, FONT, fill, anchor, line) for i, line in enumerate(lines)),
    )


def _legend(y: int, items: list[tuple[str, str]]) -> SafeString:
    """One row of (kind, label) keys: kind "bar" a filled square, "target" a tick, "line" a short line."""
    parts, x = [], 0
    for kind, label in items:
        if kind == "bar":
            key = format_html('<rect x="{}" y="{}" width="9" height="7" fill="{}"/>', x, y - 7, ACCENT)
        elif kind == "target":
            key = format_html(
                '<line x1="{x}" x2="{x}" y1="{a}" y2="{b}" stroke="{c}" stroke-width="1.5"/>',
                x=x + 4,
                a=y - 9,
                b=y + 1,
                c=TARGET,
            )
        else:
            key = format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="1.5"/>', x, x + 12, ACCENT, y=y - 3
            )
        parts.append(key)
        parts.append(format_html('<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>', x + 16, y, FONT, INK, label))
        x += 16 + int(len(label) * CHAR_WIDTH) + 14
    return format_html_join("", "{}", ((p,) for p in parts))


def _svg(width: int, height: int, title: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="{t}"><title>{t}</title>{body}</svg>',
        w=width,
        h=height,
        t=title,
        body=body,
    )


def bars_svg(
    bars: list[Bar],
    *,
    fmt: Formatter,
    title: str,
    legend: str,
    target_legend: str = "",
    width: int = 480,
    row: int = 18,
    label_width: int = 190,
) -> SafeString:
    """One horizontal bar per row, scaled from 0 to the largest value or target; a target is a vertical tick.

    The value axis runs along the bottom, labelled at 0 and at its top in `fmt`; the legend names the bars (and the
    ticks, when any bar has a target)."""
    if not bars:
        return format_html('<p class="muted">{}</p>', "—")
    top = max([b.value or 0 for b in bars] + [b.target or 0 for b in bars]) or Decimal(1)
    span = width - label_width - 80
    chars = int(label_width / CHAR_WIDTH) - 1
    rows, y = [], 0
    for bar in bars:
        lines = wrap(bar.label, chars)
        height = max(row, len(lines) * LINE_HEIGHT + 6)
        length = int(Decimal(bar.value or 0) / top * span)
        rows.append(_text_lines(0, y + 11, lines))
        rows.append(
            format_html(
                '<rect x="{x}" y="{by}" width="{w}" height="{h}" fill="{accent}"/>'
                '<text x="{vx}" y="{ty}" font-size="{f}" fill="{ink}">{shown}</text>',
                x=label_width,
                by=y + 3,
                w=length,
                h=row - 7,
                accent=ACCENT,
                vx=label_width + length + 4,
                ty=y + 11,
                f=FONT,
                ink=INK,
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
        y += height
    axis = format_html(
        '<line x1="{l}" x2="{l}" y1="0" y2="{b}" stroke="{grid}"/>'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{muted}"/>'
        '<text x="{l}" y="{ly}" font-size="{f}" fill="{muted}" text-anchor="start">{zero}</text>'
        '<text x="{r}" y="{ly}" font-size="{f}" fill="{muted}" text-anchor="end">{top}</text>',
        l=label_width,
        r=label_width + span,
        b=y + 2,
        ly=y + 12,
        f=FONT,
        grid=GRID,
        muted=MUTED,
        zero=fmt(Decimal(0)),
        top=fmt(top),
    )
    keys = [("bar", legend)] + ([("target", target_legend)] if target_legend and any(b.target for b in bars) else [])
    height = y + 14 + LEGEND_HEIGHT
    body = format_html("{}{}{}", format_html_join("", "{}", ((r,) for r in rows)), axis, _legend(height - 4, keys))
    return _svg(width, height, title, body)


def line_svg(
    points: list[tuple[str, Decimal | None]],
    *,
    fmt: Formatter,
    title: str,
    legend: str,
    width: int = 480,
    height: int = 140,
) -> SafeString:
    """A line through (label, value) points on a scale from 0 to the highest value.

    The y axis is labelled at 0 and at its top, the x axis with every period (kept inside the chart, never cut), the
    last point with its value; all numbers in `fmt`. The legend names the series."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if len(known) < 2:
        return format_html('<p class="muted">{}</p>', "—")
    top = max(v for _, v in known) or Decimal(1)
    top_text, zero_text = fmt(top), fmt(Decimal(0))
    left = int(max(len(top_text), len(zero_text)) * CHAR_WIDTH) + 8
    label_half = int(max(len(label) for label, _ in points) * CHAR_WIDTH / 2) + 2
    first_x, last_x = left + label_half, width - label_half
    plot_bottom = height - LEGEND_HEIGHT - 18
    step = (last_x - first_x) / max(len(points) - 1, 1)

    def xy(i: int, v: Decimal) -> tuple[int, int]:
        return int(first_x + i * step), int(plot_bottom - Decimal(v) / top * (plot_bottom - 12))

    path = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in known))
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text>',
        ((int(first_x + i * step), plot_bottom + 12, FONT, MUTED, label) for i, (label, _) in enumerate(points)),
    )
    last_i, last_v = known[-1]
    lx, ly = xy(last_i, last_v)
    body = format_html(
        '<line x1="{l}" x2="{l}" y1="8" y2="{b}" stroke="{muted}"/>'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{muted}"/>'
        '<line x1="{l}" x2="{r}" y1="12" y2="12" stroke="{grid}"/>'
        '<text x="{tx}" y="{ty}" font-size="{f}" fill="{muted}" text-anchor="end">{top}</text>'
        '<text x="{tx}" y="{b}" font-size="{f}" fill="{muted}" text-anchor="end">{zero}</text>'
        '<polyline points="{path}" fill="none" stroke="{accent}" stroke-width="1.5"/>'
        '<text x="{lx}" y="{ly}" font-size="{f}" fill="{ink}" text-anchor="end">{last}</text>{labels}{legend}',
        l=left,
        r=width - 2,
        b=plot_bottom,
        tx=left - 3,
        ty=15,
        f=FONT,
        muted=MUTED,
        grid=GRID,
        top=top_text,
        zero=zero_text,
        path=path,
        accent=ACCENT,
        lx=lx - 4,
        ly=ly - 5 if ly - 5 >= 22 else ly + 12,  # above the last point, or below it when it is at the top
        ink=INK,
        last=fmt(last_v),
        labels=x_labels,
        legend=_legend(height - 4, [("line", legend)]),
    )
    return _svg(width, height, title, body)
