"""The fund's XLSX template per data request, and reading it back.

An upload is checked exactly like a submission from the form; every problem is reported with its row and column,
and nothing is saved until all of them are fixed (the values then become the draft, to be submitted). A numeric cell
is taken exactly; a value typed as text is read in the language the template was made in (kept in the workbook's
properties), with the same reader as the form, so "1.234" or "35,000" that can be read two ways is refused by row."""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from fund.audit import audit_record
from fund.fields import MARKS
from fund.models import User
from fund.spreadsheets import xlsx_write
from fund.uploads import XLSX_TEMPLATE_MAX_BYTES, size_check, xlsx_read
from impactmetrics.choices import AuditAction, DataType
from impactmetrics.models import DataRequest, SubmissionVersion
from impactmetrics.services.submissions import (
    SubmissionInput,
    request_metrics,
    submission_values_save,
)
from impactmetrics.services.validation import previous_approved_values

SHEET = "Impact"
# (key, heading) in column order; the headings are matched by name on upload.
COLUMNS = [
    ("code", "Code"),
    ("name", "Metric"),
    ("unit", "Unit"),
    ("type", "Type"),
    ("previous", "Previous period"),
    ("value", "Value"),
    ("comment", "Comment"),
    ("explanation", "Explanation of a change over 50 %"),
]
HEADER_ROW = 4


def _heading(key: str) -> str:
    return dict(COLUMNS)[key]


def request_template_build(*, request: DataRequest, draft: SubmissionVersion | None = None) -> bytes:
    """An .xlsx with one row per metric to fill in (ratios are computed and left out), prefilled from the draft."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one sheet a new workbook has (its active sheet)
    sheet.title = SHEET
    plan = request.plan
    xlsx_write(sheet, row=1, column=1, value=f"{plan.organisation} — {plan.fund}").font = Font(bold=True, size=13)
    xlsx_write(
        sheet,
        row=2,
        column=1,
        value=_("Period %(start)s to %(end)s, due %(due)s. Fill in the Value column; do not change the codes.")
        % {
            "start": request.period_start.isoformat(),
            "end": request.period_end.isoformat(),
            "due": request.due_date.isoformat(),
        },
    )
    for col, (_key, heading) in enumerate(COLUMNS, start=1):
        cell = xlsx_write(sheet, row=HEADER_ROW, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6F2EE")
    previous = previous_approved_values(request=request)
    current = {v.metric_id: v for v in draft.values.all()} if draft else {}
    row = HEADER_ROW + 1
    for metric in request_metrics(request):
        if not metric.is_entered:
            continue
        value = current.get(metric.pk)
        # a number is written as a number cell (exact); only choices are text
        typed = "" if value is None else (value.choice or (value.value if value.value is not None else ""))
        type_text = str(DataType(metric.data_type).label)
        if metric.data_type == DataType.CHOICE:
            type_text += ": " + " / ".join(metric.options)
        cells = {
            "code": metric.code,
            "name": metric.local_name,
            "unit": metric.local_unit,
            "type": type_text,
            "previous": previous.get(metric.code),  # a Decimal: openpyxl writes it as a number, exactly
            "value": typed,
            "comment": value.comment if value else "",
            "explanation": value.explanation if value else "",
        }
        for col, (key, _heading_text) in enumerate(COLUMNS, start=1):
            xlsx_write(sheet, row=row, column=col, value=cells[key])
        row += 1
    workbook.properties.language = _language()  # typed text is read back in this language
    for col, width in enumerate((16, 48, 12, 18, 16, 14, 30, 40), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ParsedUpload:
    data: SubmissionInput
    rows: dict[str, int]  # metric code → spreadsheet row
    columns: dict[str, str]  # "value" | "comment" | "explanation" → heading


def _language(declared: str = "") -> str:
    """The language of a template: the one it was made in (`declared`), else the active one."""
    made_in = declared[:2]
    return made_in if made_in in MARKS else (translation.get_language() or "nl")[:2]


def _cell_value(value: object) -> str | Decimal:
    """A numeric cell exactly (as Excel shows it), anything else as its text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def request_upload_parse(*, request: DataRequest, content: bytes, file_name: str = "") -> ParsedUpload:
    """Read an uploaded template. Raises ValidationError({"file": [...]}) for a file that is not the template."""
    label = _("Template")
    size_check(
        size=len(content), limit=XLSX_TEMPLATE_MAX_BYTES, name=file_name or "template.xlsx", field="file", label=label
    )
    sheet = xlsx_read(content, field="file", label=label, sheet_name=SHEET)
    rows = sheet.rows
    language = _language(sheet.language)
    wanted = {heading.lower(): key for key, heading in COLUMNS}
    header_index: int | None = None
    columns: dict[str, int] = {}
    for index, row in enumerate(rows[:20]):
        found = {wanted[_cell_text(c).lower()]: col for col, c in enumerate(row) if _cell_text(c).lower() in wanted}
        if "code" in found and "value" in found:
            header_index, columns = index, found
            break
    if header_index is None:
        raise ValidationError({"file": [_("No “Code” and “Value” columns found; upload the template as generated.")]})
    codes = {m.code for m in request_metrics(request) if m.is_entered}
    raw: dict[str, str | Decimal] = {}
    comments: dict[str, str] = {}
    explanations: dict[str, str] = {}
    where: dict[str, int] = {}
    errors: list[str] = []
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):

        def cell(key: str, row: list[Any] = row) -> object:
            col = columns.get(key)
            return row[col] if col is not None and col < len(row) else ""

        code = _cell_text(cell("code"))
        if not code:
            continue
        if code not in codes:
            errors.append(
                _("Row %(row)d: code “%(code)s” is not part of this request.") % {"row": number, "code": code}
            )
            continue
        where[code] = number
        raw[code] = _cell_value(cell("value"))
        comments[code], explanations[code] = _cell_text(cell("comment")), _cell_text(cell("explanation"))
    if errors:
        raise ValidationError({"file": errors})
    return ParsedUpload(
        data=SubmissionInput(raw=raw, comments=comments, explanations=explanations, language=language),
        rows=where,
        columns=dict(COLUMNS),
    )


def _located(errors: dict[str, list[str]], parsed: ParsedUpload, names: dict[str, str]) -> list[str]:
    """'value_PI3687' → 'Row 7, column “Value” (PI3687 Jobs created …): message', in row order."""
    located, general = [], []
    order = [key for key, _heading in COLUMNS]
    for key, messages in errors.items():
        field, _sep, code = key.partition("_")
        if code not in parsed.rows:
            general.extend(messages)
            continue
        for message in messages:
            line = _("Row %(row)d, column “%(column)s” (%(code)s %(name)s): %(message)s") % {
                "row": parsed.rows[code],
                "column": parsed.columns.get(field, field),
                "code": code,
                "name": names.get(code, ""),
                "message": message,
            }
            located.append((parsed.rows[code], order.index(field) if field in order else 99, line))
    return general + [line for *_key, line in sorted(located)]


@transaction.atomic
def submission_upload(*, actor: User, request: DataRequest, content: bytes, file_name: str = "") -> SubmissionVersion:
    """Check an uploaded template completely (as on submit) and, only when all is right, save it as the draft."""
    parsed = request_upload_parse(request=request, content=content, file_name=file_name)
    names = {m.code: m.local_name for m in request_metrics(request)}
    try:
        version, changes = submission_values_save(actor=actor, request=request, data=parsed.data, complete=True)
    except ValidationError as exc:
        raise ValidationError({"file": _located(exc.message_dict, parsed, names)}) from exc
    audit_record(actor=actor, action=AuditAction.SUBMISSION_UPLOADED, obj=version, changes=changes)
    return version
