"""The tables behind a report, written beside its PDF as an XLSX workbook (one sheet per table), so the numbers can
be taken into a spreadsheet without copying them out of the PDF."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from fund.spreadsheets import xlsx_append


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name (at most 31 characters)
    headers: list[str]
    rows: list[list[Any]]


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal | datetime.date):
        return value  # openpyxl writes Decimals as numbers and dates as dates
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def workbook_bytes(tables: list[Table]) -> bytes:
    """An XLSX file with one sheet per table: a bold header row, then the rows as they are in the report."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        xlsx_append(sheet, table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            xlsx_append(sheet, [_cell(v) for v in row])  # a formula-like text stays text
        for index, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(header) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
