"""The one SVG chart module: horizontal bars (against a target), lines over periods; the same look on pages and in PDFs.

Hand-built SVG (no JavaScript, no CDN, no raster): the geometry is computed here so templates hold no arithmetic, and
every text is escaped by format_html. Values are Decimals; every number a chart prints comes formatted by the caller's
`fmt` (the page's or report's own number format, e.g. `chart_number`, `fund.formatting.money`), never as a raw
Decimal. Each chart has its axes (a value axis labelled at its two ends) and, when the caller names what it draws, a
legend; labels are wrapped onto more lines or thinned out instead of being cut or drawn over each other. A chart
without data says so instead of drawing nothing. Every mark carries a tooltip (`<title>`) for the pages.

Marks a page or test can find: the root's `class` and `data-testid`, `data-axis="x"`/`"y"` on the axes,
`data-axis-label="zero"`/`"low"`/`"top"` on their labels, `<g data-testid="legend">`, and on bars
`class="actual"` (the value) and `class="target"` (the target tick).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fund.formatting import number

INK, MUTED, GRID = "#1d2430", "#5c6675", "#d9dee5"
ACCENT, TARGET = "#0b6e4f", "#c2410c"  # the (first) series and the target tick
SERIES_COLOURS = (ACCENT, "#2f5fa7", "#8a5a00")
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


@dataclass(frozen=True)
class Series:
    """One line of a line chart: what it shows (its legend; empty for none) and a value per label (None: no value)."""

    legend: str
    values: Sequence[Decimal | None]


def chart_number(value: Decimal | None) -> str:
    """A value on a page's chart in the active language: whole numbers without decimals, others with one ("17,4" in
    Dutch, "17.4" in English); "–" for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    return number(value, 0) if value == value.to_integral() else number(value, 1)


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


def _axis_label(x: int, y: int, anchor: str, which: str, text: str) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}" data-axis-label="{}">{}</text>',
        x,
        y,
        FONT,
        MUTED,
        anchor,
        which,
        text,
    )


def _legend(y: int, items: list[tuple[str, str, str]]) -> SafeString:
    """One row of (kind, colour, label) keys: kind "bar" a filled square, "target" a tick, "line" a short line."""
    parts, x = [], 0
    for kind, colour, label in items:
        if kind == "bar":
            key = format_html('<rect x="{}" y="{}" width="9" height="7" fill="{}"/>', x, y - 7, colour)
        elif kind == "target":
            key = format_html(
                '<line x1="{x}" x2="{x}" y1="{a}" y2="{b}" stroke="{c}" stroke-width="1.5"/>',
                x=x + 4,
                a=y - 9,
                b=y + 1,
                c=colour,
            )
        else:
            key = format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="1.5"/>', x, x + 12, colour, y=y - 3
            )
        parts.append(key)
        parts.append(format_html('<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>', x + 16, y, FONT, INK, label))
        x += 16 + int(len(label) * CHAR_WIDTH) + 14
    return format_html('<g data-testid="legend">{}</g>', format_html_join("", "{}", ((p,) for p in parts)))


def _svg(width: int, height: int, title: str, body: SafeString, *, css_class: str, testid: str) -> SafeString:
    return format_html(
        '<svg class="{c}" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'role="img" aria-label="{t}"{testid}><title>{t}</title>{body}</svg>',
        c=css_class,
        w=width,
        h=height,
        t=title,
        testid=format_html(' data-testid="{}"', testid) if testid else "",
        body=body,
    )


def _no_data() -> SafeString:
    return format_html('<span class="muted">{}</span>', "—")


def bars_svg(
    bars: list[Bar],
    *,
    fmt: Formatter,
    title: str,
    legend: str = "",
    target_legend: str = "",
    width: int = 480,
    row: int = 18,
    label_width: int = 190,
    css_class: str = "chart",
    testid: str = "",
) -> SafeString:
    """One horizontal bar per row, labelled on the left (`label_width` 0: no label column), scaled from 0 to the
    largest value or target; a target is a vertical tick; the bar's `shown` text stands beside it.

    The value axis runs along the bottom, labelled at 0 and at its top in `fmt`; the legend (when `legend` is given)
    names the bars and, when any bar has a target and `target_legend` is given, the ticks."""
    if not bars:
        return _no_data()
    top = max([b.value or 0 for b in bars] + [b.target or 0 for b in bars]) or Decimal(1)
    span = width - label_width - 80
    chars = max(int(label_width / CHAR_WIDTH) - 1, 1)
    rows, y = [], 0
    for bar in bars:
        lines = wrap(bar.label, chars) if bar.label else []
        height = max(row, len(lines) * LINE_HEIGHT + 6)
        length = int(Decimal(bar.value or 0) / top * span)
        if lines:
            rows.append(_text_lines(0, y + 11, lines))
        rows.append(
            format_html(
                '<rect class="actual" x="{x}" y="{by}" width="{w}" height="{h}" fill="{accent}"><title>{tip}</title>'
                '</rect><text x="{vx}" y="{ty}" font-size="{f}" fill="{ink}">{shown}</text>',
                x=label_width,
                by=y + 3,
                w=length,
                h=row - 7,
                accent=ACCENT,
                tip=f"{bar.label}: {bar.shown}" if bar.label else bar.shown,
                vx=label_width + length + 4,
                ty=y + 11,
                f=FONT,
                ink=INK,
                shown=bar.shown,
            )
        )
        if bar.target:
            rows.append(
                format_html(
                    '<line class="target" x1="{x}" x2="{x}" y1="{y1}" y2="{y2}" stroke="{c}" stroke-width="1.5">'
                    "<title>{tip}</title></line>",
                    x=label_width + int(Decimal(bar.target) / top * span),
                    y1=y + 1,
                    y2=y + row - 2,
                    c=TARGET,
                    tip=f"{target_legend}: {fmt(bar.target)}" if target_legend else fmt(bar.target),
                )
            )
        y += height
    axis = format_html(
        '<line x1="{l}" x2="{l}" y1="0" y2="{b}" stroke="{grid}" data-axis="y"/>'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{muted}" data-axis="x"/>{zero}{top}',
        l=label_width,
        r=label_width + span,
        b=y + 2,
        grid=GRID,
        muted=MUTED,
        zero=_axis_label(label_width, y + 12, "start", "zero", fmt(Decimal(0))),
        top=_axis_label(label_width + span, y + 12, "end", "top", fmt(Decimal(top))),
    )
    height = y + 14
    keys = []
    if legend:
        keys = [("bar", ACCENT, legend)]
        if target_legend and any(b.target for b in bars):
            keys.append(("target", TARGET, target_legend))
        height += LEGEND_HEIGHT
    body = format_html(
        "{}{}{}",
        format_html_join("", "{}", ((r,) for r in rows)),
        axis,
        _legend(height - 4, keys) if keys else "",
    )
    return _svg(width, height, title, body, css_class=css_class, testid=testid)


def target_bar_svg(*, value: Decimal | None, target: Decimal | None, fmt: Formatter, title: str) -> SafeString:
    """Progress towards a target: one bar for the value with a tick at the target, on an axis from 0. Without a
    target there is nothing to measure progress against, so no bar (a full bar would read as "target reached")."""
    if target is None:
        return format_html('<span class="muted" data-testid="no-target">{}</span>', _("no target"))
    return bars_svg(
        [Bar("", value, target, "" if value is None else fmt(value))],
        fmt=fmt,
        title=title,
        width=320,
        label_width=0,
        css_class="bar",
    )


def line_svg(
    points: list[tuple[str, Decimal | None]],
    *,
    fmt: Formatter,
    title: str,
    legend: str,
    width: int = 480,
    height: int = 140,
    css_class: str = "chart",
    testid: str = "",
) -> SafeString:
    """One line through (label, value) points on a scale from 0 to the highest value: `lines_svg` for one series."""
    return lines_svg(
        [label for label, _value in points],
        [Series(legend, [value for _label, value in points])],
        fmt=fmt,
        title=title,
        width=width,
        height=height,
        css_class=css_class,
        testid=testid,
    )


def lines_svg(
    labels: list[str],
    series: list[Series],
    *,
    fmt: Formatter,
    title: str,
    width: int = 480,
    height: int = 140,
    from_zero: bool = True,
    css_class: str = "chart",
    testid: str = "",
) -> SafeString:
    """Lines over shared period labels, every series on one scale: from 0 to the highest value (`from_zero`), or
    from the lowest to the highest value (to show how a figure moves).

    The y axis is labelled at its two ends, the x axis with the periods (all of them, or every second, third...
    when they would run into each other, always the latest; kept inside the chart, never cut); a dot with a tooltip
    marks every value, and with one series its last value is written beside it; all numbers in `fmt`. The legend
    names each series that has one."""
    known = [v for s in series for v in s.values if v is not None]
    if not known or not labels:
        return _no_data()
    low = Decimal(0) if from_zero else min(known)
    high = max(known)
    scale = (high - low) or Decimal(1)
    high_text, low_text = fmt(high if high > low else low + scale), fmt(low)
    left = int(max(len(high_text), len(low_text)) * CHAR_WIDTH) + 8
    label_half = int(max(len(label) for label in labels) * CHAR_WIDTH / 2) + 2
    first_x, last_x = left + label_half, width - label_half
    keys = [("line", SERIES_COLOURS[n % len(SERIES_COLOURS)], s.legend) for n, s in enumerate(series) if s.legend]
    plot_bottom = height - (LEGEND_HEIGHT if keys else 0) - 18
    plot_top = 12
    step = (last_x - first_x) / max(len(labels) - 1, 1)
    every = max(1, math.ceil((2 * label_half + 4) / step)) if step > 0 else len(labels)

    def xy(i: int, v: Decimal) -> tuple[int, int]:
        return int(first_x + i * step), int(plot_bottom - (Decimal(v) - low) / scale * (plot_bottom - plot_top))

    marks = []
    for n, line in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        points = [(i, v) for i, v in enumerate(line.values) if v is not None]
        path = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in points))
        tip = f"{line.legend} · " if line.legend else ""
        marks.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>{}',
                path,
                colour,
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="2" fill="{}"><title>{}{}: {}</title></circle>',
                    ((*xy(i, v), colour, tip, labels[i], fmt(v)) for i, v in points),
                ),
            )
        )
    if len(series) == 1:
        last_i, last_v = next((i, v) for i, v in reversed(list(enumerate(series[0].values))) if v is not None)
        lx, ly = xy(last_i, last_v)
        marks.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="end">{}</text>',
                lx - 4,
                ly - 5 if ly - 5 >= 22 else ly + 12,  # above the last point, or below it when it is at the top
                FONT,
                INK,
                fmt(last_v),
            )
        )
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="middle">{}</text>',
        (
            (int(first_x + i * step), plot_bottom + 12, FONT, MUTED, label)
            for i, label in enumerate(labels)
            if (len(labels) - 1 - i) % every == 0  # thinned from the latest period, which is always labelled
        ),
    )
    body = format_html(
        '<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" stroke="{muted}" data-axis="y"/>'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{muted}" data-axis="x"/>'
        '<line x1="{l}" x2="{r}" y1="{t}" y2="{t}" stroke="{grid}"/>'
        "{top}{bottom}{marks}{labels}{legend}",
        l=left,
        r=width - 2,
        t=plot_top,
        b=plot_bottom,
        muted=MUTED,
        grid=GRID,
        top=_axis_label(left - 3, plot_top + 3, "end", "top", high_text),
        bottom=_axis_label(left - 3, plot_bottom, "end", "zero" if from_zero else "low", low_text),
        marks=format_html_join("", "{}", ((m,) for m in marks)),
        labels=x_labels,
        legend=_legend(height - 4, keys) if keys else "",
    )
    return _svg(width, height, title, body, css_class=css_class, testid=testid)
