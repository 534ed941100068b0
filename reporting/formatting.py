"""How a report writes a number, in the active language, so that every column of a PDF has one format.

Built on `fund.formatting`, the one home of number formats; this module only fixes the report's choices.

- `decimal_text(value, places)`: grouped, a fixed number of decimals ("1.234,5" in Dutch, "1,234.5" in English).
- `percent_text(value)`: always two decimals and a space before the sign ("3,50 %", "2,00 %").
- `metric_text(value, data_type, is_ratio)`: whole numbers for counts, one decimal for measured numbers, ratios as
  percentages (so every percentage in a report has two decimals).
- `css_string(text)`: text as the body of a CSS string (the running page header), every character outside plain
  letters, digits and spaces written as a CSS hex escape ("-" as `\\2D `), so nothing reaches the reader escaped twice.
"""

import html
from decimal import Decimal

from fund.formatting import money, number, percent

PERCENT_PLACES = 2
METRIC_PLACES = 1


def decimal_text(value: Decimal | int | None, places: int) -> str:
    """`value` grouped and rounded to `places` decimals in the active language; empty for None."""
    return number(value, places)


def percent_text(value: Decimal | int | None) -> str:
    """A percentage with two decimals and its sign ("45,70 %"); "—" for None (no basis to compute it)."""
    if value is None or value == "":
        return "—"
    return percent(value, PERCENT_PLACES)


def metric_text(value: Decimal | None, *, data_type: str = "decimal", is_ratio: bool = False) -> str:
    """An impact figure as its metric is counted: people and jobs whole, measures to one decimal, ratios as percent."""
    if value is None:
        return "—"
    if is_ratio:
        return percent_text(value)
    if data_type == "money":
        return money(value)
    return decimal_text(value, 0 if data_type == "integer" else METRIC_PLACES)


def css_string(text: str) -> str:
    """`text` (already HTML-escaped by the template) as the inside of a double-quoted CSS string."""
    plain = html.unescape(str(text)).strip()
    # A hex escape ends at the space after it (CSS consumes that space), so a space that follows stays a space.
    return "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):X} " for ch in plain)
