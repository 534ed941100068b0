"""Files the product writes for spreadsheets: values made safe to open, and CSV streamed row by row.

A spreadsheet treats a cell starting with "=", "+", "-", "@" (or a tab or carriage return before one) as a formula,
so a name typed by an investee could run in the reader's spreadsheet (CSV injection). `cell_safe` turns such a
string into text by putting an apostrophe before it, as OWASP advises; numbers, dates and other non-strings are
returned as they are (a negative amount stays a number).
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """`value` as a spreadsheet cell can hold it without running it: a formula-like string gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written to it, so csv.writer can produce one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of `header` and `rows`, one line at a time (for a StreamingHttpResponse), every cell made safe;
    the first line starts with a byte-order mark so that spreadsheets read it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([cell_safe(v) for v in header])
    for row in rows:
        yield writer.writerow([cell_safe("" if v is None else v) for v in row])
