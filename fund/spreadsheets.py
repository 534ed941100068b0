"""Writing spreadsheets safely: every XLSX and CSV the product writes goes through these helpers.

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a formula
("CSV injection"): a name typed by an investee such as `=HYPERLINK("http://evil.example", "Klik")` would run in the
fund manager's spreadsheet. So:
- in an XLSX such a text is written as an explicit string cell with Excel's quote prefix: the cell shows the text as it
  was typed, and stays text even when someone edits it (openpyxl alone would write `=…` as a formula);
- in a CSV, which has no cell types, it is prefixed with an apostrophe (OWASP's advice), which spreadsheets hide.
Numbers, dates and Decimals are written as they are.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """True for a text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_cell_set(cell: Cell | MergedCell, value: Any) -> Cell | MergedCell:
    """Put `value` in `cell`; a formula-like text stays text (string type, quote prefix)."""
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_write(sheet: Worksheet, *, row: int, column: int, value: Any) -> Cell | MergedCell:
    """`sheet.cell(row=…, column=…, value=…)`, with formula-like texts kept as text."""
    return xlsx_cell_set(sheet.cell(row=row, column=column), value)


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, with formula-like texts kept as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if formula_like(cell.value):
            xlsx_cell_set(cell, cell.value)


def csv_text(value: Any) -> Any:
    """A CSV field: a formula-like text gets a leading apostrophe; anything else is left as it is."""
    return f"'{value}" if formula_like(value) else value


class CsvWriter:
    """`csv.writer` whose every field goes through `csv_text`."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> CsvWriter:
    """A CSV writer for anything the product hands out (exports, downloads): formula-like texts neutralised."""
    return CsvWriter(handle, **options)


class _Echo:
    """A file that hands back what is written to it, so a CSV writer can produce one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of `header` and `rows`, one line at a time (for a StreamingHttpResponse), every field made safe;
    the first line starts with a byte-order mark so that spreadsheets read it as UTF-8."""
    writer = csv_writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])
