"""Every upload's limits and content checks, in one place.

Guarantees, for every file a user hands in:
- its size is checked before it is read: Django keeps an upload above FILE_UPLOAD_MAX_MEMORY_SIZE on disk, and
  `upload_read` refuses one over its limit without loading it, so a large file never fills the memory;
- its type is decided by its content (magic bytes; for XLSX and DOCX the main part their zip package declares in
  `[Content_Types].xml`), never by its name or the browser's claim, against an allow-list per kind of upload;
- an XLSX is read in read-only mode with the dimensions it declares ignored (`reset_dimensions`), after its zip package
  was checked to unpack to a bounded size, and with hard caps on rows, columns and cells counted while iterating: a
  tiny file that claims or holds a million rows is refused with a message naming the limit, never read whole.
Every refusal is a ValidationError on the form field (`field`), whose message says what was wrong and what the limit
is; with a `label` the message starts with the field's label, for pages that show upload errors above the form.
"""

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024

# Size caps per kind of upload (bytes).
XLSX_TEMPLATE_MAX_BYTES = 2 * MB  # an impact data template: a few dozen rows, some KB as generated
BANK_STATEMENT_MAX_BYTES = 5 * MB  # a month of a fund's CAMT.053 or MT940 lines is well under 1 MB
EVIDENCE_MAX_BYTES = 10 * MB  # a scanned payroll summary or a signed agreement

# What an XLSX may hold; the impact template has 8 columns and a row per metric.
XLSX_MAX_ROWS = 5000
XLSX_MAX_COLUMNS = 50
XLSX_MAX_CELLS = 100_000
# Everything in the zip package unpacked (sheet XML, shared strings, styles): a zip bomb is refused before reading.
XLSX_MAX_UNPACKED_BYTES = 20 * MB
_ZIP_MAX_ENTRIES = 1000
_CONTENT_TYPES_MAX_BYTES = 1 * MB  # [Content_Types].xml is a few KB; more is not an Office file
_SNIFF_BYTES = 64 * 1024  # how much of a CSV is looked at to tell it is text


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str  # in a sentence about one file: "named as Excel (XLSX)"
    short: str  # in a list of types: "PDF, XLSX or DOCX"


PDF = FileType("pdf", "application/pdf", "PDF", "PDF")
PNG = FileType("png", "image/png", "PNG", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG", "JPEG")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)", "XLSX")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", "DOCX"
)
CSV = FileType("csv", "text/csv", "CSV", "CSV")
# The file types each kind of upload accepts.
DOCUMENT_TYPES = (PDF, XLSX, DOCX)
EVIDENCE_TYPES = (PDF, PNG, JPEG, XLSX, DOCX, CSV)
# Other spellings of an extension, and the type each stands for.
_EXTENSION_ALIASES = {"jpeg": "jpg"}
# The part an Office Open XML package of each type must declare in [Content_Types].xml.
_MAIN_PART = {"xlsx": b"/xl/workbook.xml", "docx": b"/word/document.xml"}


def _refusal(field: str, message: str, label: str | None) -> ValidationError:
    if label:
        message = _("%(label)s: %(message)s") % {"label": label, "message": message}
    return ValidationError({field: [message]})


def extension_of(name: str) -> str:
    """The file name's extension, lower case, with `jpeg` as `jpg`; empty when there is none."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _EXTENSION_ALIASES.get(extension, extension)


# ---- size ------------------------------------------------------------------------------------------------------------


def size_check(*, size: int, limit: int, name: str, field: str, label: str | None = None) -> None:
    """Refuse a file of `size` bytes over `limit`, naming the file, its size and the limit."""
    if size > limit:
        raise _refusal(
            field,
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            label,
        )


def upload_read(upload: UploadedFile, *, limit: int, field: str, label: str | None = None) -> bytes:
    """The content of an upload, after checking its size (known from the request, before anything is read)."""
    size_check(size=upload.size or 0, limit=limit, name=upload.name or "", field=field, label=label)
    upload.seek(0)
    content = upload.read(limit + 1)  # never more than the limit, whatever the size said
    size_check(size=len(content), limit=limit, name=upload.name or "", field=field, label=label)
    return content


# ---- content type ----------------------------------------------------------------------------------------------------


def _office_type(data: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(data) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                return None
            content_types = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    for extension, part in _MAIN_PART.items():
        if part in content_types:
            return extension
    return None


def _is_text(sample: bytes) -> bool:
    """Plain text as a CSV is: no NUL and no control characters other than tab, line feed and carriage return."""
    return bool(sample) and not any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in sample)


def sniff_file_type(data: IO[bytes], *, name: str = "") -> str | None:
    """The type the content really is ("pdf", "png", "jpg", "xlsx", "docx", "csv"), or None.

    Reads the magic bytes (and an Office package's declared main part); `name` only decides whether text content
    is meant as a CSV, because a CSV has no magic bytes."""
    data.seek(0)
    head = data.read(8)
    data.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        found = _office_type(data)
        data.seek(0)
        return found
    if extension_of(name) == "csv":
        sample = data.read(_SNIFF_BYTES)
        data.seek(0)
        return "csv" if _is_text(sample) else None
    return None


def _one_of(types: Sequence[FileType]) -> str:
    labels = [t.short for t in types]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def upload_type_check(
    upload: UploadedFile, *, allowed: Sequence[FileType], field: str, label: str | None = None
) -> FileType:
    """The type of an upload, when its name and its content agree on one of `allowed`; otherwise refused."""
    name = upload.name or ""
    by_name = {t.extension: t for t in allowed}.get(extension_of(name))
    if by_name is None:
        raise _refusal(
            field,
            _("Upload a %(types)s file; “%(name)s” is none of these.") % {"types": _one_of(allowed), "name": name},
            label,
        )
    if upload.file is None or sniff_file_type(upload.file, name=name) != by_name.extension:
        raise _refusal(
            field,
            _("“%(name)s” is named as %(expected)s but its content is not; nothing was saved.")
            % {"name": name, "expected": by_name.label},
            label,
        )
    upload.seek(0)
    return by_name


# ---- XLSX ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class XlsxSheet:
    rows: list[list[Any]]  # the values, row by row, trailing empty cells left out
    language: str  # the workbook's declared language ("" when none)


def _package_check(content: bytes, *, field: str, label: str | None, max_unpacked_bytes: int) -> None:
    """A zip package with a bounded number of parts that unpacks to a bounded size (the sizes it declares, which
    zipfile holds each part to while reading)."""
    not_xlsx = _refusal(field, _("This is not an Excel (.xlsx) file."), label)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise not_xlsx from exc
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _ZIP_MAX_ENTRIES or unpacked > max_unpacked_bytes:
        raise _refusal(
            field,
            _("The workbook unpacks to more than %(limit)s; upload the template as generated.")
            % {"limit": filesizeformat(max_unpacked_bytes)},
            label,
        )


def _limit_refusal(field: str, label: str | None, what: str, limit: int) -> ValidationError:
    messages = {
        "rows": _("The sheet has more than %(limit)d rows; at most %(limit)d are read."),
        "columns": _("A row of the sheet has more than %(limit)d columns; at most %(limit)d are read."),
        "cells": _("The sheet has more than %(limit)d filled cells; at most %(limit)d are read."),
    }
    return _refusal(field, messages[what] % {"limit": limit}, label)


def xlsx_read(
    content: bytes,
    *,
    field: str,
    label: str | None = None,
    sheet_name: str | Callable[[str], bool] | None = None,
    max_rows: int = XLSX_MAX_ROWS,
    max_columns: int = XLSX_MAX_COLUMNS,
    max_cells: int = XLSX_MAX_CELLS,
    max_unpacked_bytes: int = XLSX_MAX_UNPACKED_BYTES,
) -> XlsxSheet:
    """The values of one sheet (named `sheet_name`, or the first whose title it accepts, else the first sheet), within
    the caps; cached values, never formulas."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    _package_check(content, field=field, label=label, max_unpacked_bytes=max_unpacked_bytes)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not an xlsx
        raise _refusal(field, _("This is not an Excel (.xlsx) file."), label) from exc
    try:
        sheets = [ws for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
        if not sheets:
            raise _refusal(field, _("This is not an Excel (.xlsx) file."), label)
        wanted = sheet_name if callable(sheet_name) else (lambda title: title == sheet_name)
        sheet = next((ws for ws in sheets if wanted(ws.title)), sheets[0])
        sheet.reset_dimensions()  # never trust the <dimension> the file declares
        rows: list[list[Any]] = []
        cells = 0
        for number, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows:
                raise _limit_refusal(field, label, "rows", max_rows)
            row = list(raw)
            while row and (row[-1] is None or row[-1] == ""):
                row.pop()
            if len(row) > max_columns:
                raise _limit_refusal(field, label, "columns", max_columns)
            cells += sum(1 for value in row if value is not None and value != "")
            if cells > max_cells:
                raise _limit_refusal(field, label, "cells", max_cells)
            rows.append(row)
        return XlsxSheet(rows=rows, language=workbook.properties.language or "")
    finally:
        workbook.close()
