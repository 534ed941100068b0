"""The journal for the accountant's bookkeeping package: one CSV row per journal line of a period.

Columns (what Exact Online's and Twinfield's general-journal imports map them to is in docs/accounting.md):
date (ISO), journal code, entry number (fiscal year and number, e.g. 2025-0007), the fund's own account number,
description, debit, credit (a decimal point, no thousands separator; one of them empty), dimension (the loan's
reference, or the member's relation code MEM-<id>) and reference (the source event the line was posted from).
Every text goes through fund.spreadsheets, which neutralises formula-like texts.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from fund.models import Fund
from fund.spreadsheets import csv_lines

from .models import JournalLine

JOURNAL_CSV_HEADER = (
    "date",
    "journal",
    "entry_number",
    "account",
    "description",
    "debit",
    "credit",
    "dimension",
    "reference",
)


def journal_lines(*, fund: Fund, start: datetime.date, end: datetime.date) -> QuerySet[JournalLine]:
    """The fund's journal lines with a value date in [start, end], in journal order (one query, streamable)."""
    return (
        JournalLine.objects.filter(entry__fund=fund, entry__value_date__gte=start, entry__value_date__lte=end)
        .select_related("entry", "account", "loan")
        .order_by("entry__value_date", "entry__fiscal_year", "entry__number", "id")
    )


def entry_number(fiscal_year: int, number: int | None) -> str:
    return f"{fiscal_year}-{number or 0:04d}"


def relation_id(line: JournalLine) -> str:
    """The relation a line concerns, as the XAF export lists it: the member, or the loan's organisation."""
    if line.member_id:
        return f"MEM-{line.member_id}"
    if line.organisation_id:
        return f"ORG-{line.organisation_id}"
    return ""


def source_reference(line: JournalLine) -> str:
    entry = line.entry
    return f"{entry.source_type}:{entry.source_id}" if entry.source_id is not None else entry.source_type


def _amount(value: Decimal) -> str:
    return f"{value:.2f}" if value else ""


def journal_csv_rows(*, fund: Fund, start: datetime.date, end: datetime.date) -> Iterator[tuple[str, ...]]:
    """The journal CSV's rows (without the header) for lines with a value date in [start, end]."""
    for line in journal_lines(fund=fund, start=start, end=end).iterator(chunk_size=2000):
        entry = line.entry
        yield (
            entry.value_date.isoformat(),
            entry.journal,
            entry_number(entry.fiscal_year, entry.number),
            line.account.number,
            line.description or entry.description,
            _amount(line.debit),
            _amount(line.credit),
            line.loan.reference if line.loan is not None else (f"MEM-{line.member_id}" if line.member_id else ""),
            source_reference(line),
        )


def journal_csv(*, fund: Fund, start: datetime.date, end: datetime.date) -> Iterator[str]:
    """The journal CSV, one text line at a time (for a streamed download or a file)."""
    return csv_lines(JOURNAL_CSV_HEADER, journal_csv_rows(fund=fund, start=start, end=end))
