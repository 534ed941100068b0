"""Every XLSX and CSV the product writes keeps a formula-like text as text: a name typed as `=HYPERLINK(…)` never runs
in the fund manager's spreadsheet."""

import ast
import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fund.spreadsheets import csv_writer
from reporting.tables import Table, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent.parent
FORMULA_LIKE = ['=HYPERLINK("http://evil.example","Klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_a_written_cell_starting_with_an_equals_sign_is_text_when_read_back():
    content = workbook_bytes([Table(name="Leningen", headers=["Naam", "Bedrag"], rows=[[v, 1] for v in FORMULA_LIKE])])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=row, column=1) for row in range(2, 2 + len(FORMULA_LIKE))]
    assert [(c.value, c.data_type) for c in cells] == [(v, "s") for v in FORMULA_LIKE]  # text, exactly as typed
    assert all(c.quotePrefix for c in cells)  # and Excel keeps it text when the cell is edited
    assert sheet.cell(row=2, column=2).data_type == "n"  # numbers stay numbers


@pytest.mark.django_db
def test_the_impact_template_keeps_a_formula_like_comment_as_text(demo):
    from impactmetrics.models import DataRequest
    from impactmetrics.services.submissions import SubmissionInput, request_metrics, submission_draft_save
    from impactmetrics.services.xlsx import request_template_build, request_upload_parse

    request = DataRequest.objects.get(
        plan__organisation__legal_name="Buurtkeuken Delfshaven B.V.", period_end=datetime.date(2026, 9, 30)
    )
    code = next(m.code for m in request_metrics(request) if m.is_entered)
    comment = '=HYPERLINK("http://evil.example","Klik")'
    draft = submission_draft_save(
        actor=demo.investee,
        request=request,
        data=SubmissionInput(raw={code: "12"}, comments={code: comment}, explanations={}),
    )
    content = request_template_build(request=request, draft=draft)
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == comment)
    assert cell.data_type == "s"
    assert request_upload_parse(request=request, content=content).data.comments[code] == comment  # read back as typed


def test_a_csv_field_starting_like_a_formula_gets_an_apostrophe():
    handle = io.StringIO()
    csv_writer(handle).writerows([["=1+2", "-5", "Buurtkeuken", 12], ["@x", "\tx", "", None]])
    assert handle.getvalue().splitlines() == ["'=1+2,'-5,Buurtkeuken,12", "'@x,'\tx,,"]


def _writes_spreadsheets(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if name == "Workbook" or (owner == "csv" and name in ("writer", "DictWriter")):
                return True
    return False


def _imports_the_helpers(tree: ast.AST) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == "fund.spreadsheets" for node in ast.walk(tree))


@pytest.mark.parametrize("app", ["config", "fund", "impactmetrics", "portfolio", "reporting"])
def test_every_module_that_writes_a_spreadsheet_uses_the_neutralising_helpers(app):
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        if _writes_spreadsheets(tree) and not _imports_the_helpers(tree):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
