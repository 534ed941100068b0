"""The fund's XLSX template: generated per request, filled in, uploaded; every problem named by row and column, and
nothing saved until all are fixed."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from impactmetrics.models import SubmissionVersion
from impactmetrics.services.xlsx import HEADER_ROW, request_template_build, submission_upload
from tests.impactmetrics.conftest import Q1, Q2, approved, plan_for, request_for

pytestmark = pytest.mark.django_db

CODES = ["OD9151", "OI8869", "OI4038", "PI3687"]


def _fill(content: bytes, values: dict[str, str], explanations: dict[str, str] | None = None) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    headings = [c.value for c in sheet[HEADER_ROW]]
    code_col, value_col = headings.index("Code") + 1, headings.index("Value") + 1
    expl_col = headings.index("Explanation of a change over 50 %") + 1
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=code_col).value
        if code in values:
            sheet.cell(row=row, column=value_col, value=values[code])
        if explanations and code in explanations:
            sheet.cell(row=row, column=expl_col, value=explanations[code])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def plan(rotterdam):
    return plan_for(rotterdam, CODES)


def test_the_template_has_a_row_per_entered_metric_with_the_previous_value(plan, manager):
    approved(plan, Q1, {"OD9151": 20, "OI8869": 12, "OI4038": 3, "PI3687": 2}, actor=manager)
    request = request_for(plan, Q2)
    sheet = load_workbook(io.BytesIO(request_template_build(request=request))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert [(r[0], r[4]) for r in rows] == [("OD9151", 20), ("OI8869", 12), ("OI4038", 3), ("PI3687", 2)]
    assert sheet.cell(row=HEADER_ROW, column=6).value == "Value"


def test_an_upload_with_a_wrong_type_a_part_over_its_total_and_an_unexplained_jump_is_refused_by_row_and_column(
    plan, manager, investee_user
):
    approved(plan, Q1, {"OD9151": 20, "OI8869": 12, "OI4038": 3, "PI3687": 2}, actor=manager)
    request = request_for(plan, Q2)
    template = request_template_build(request=request)
    bad = _fill(template, {"OD9151": "32", "OI8869": "12", "OI4038": "14", "PI3687": "two"})

    with pytest.raises(ValidationError) as excinfo:
        submission_upload(actor=investee_user, request=request, content=bad)

    assert excinfo.value.message_dict["file"] == [
        "Row 5, column “Explanation of a change over 50 %” (OD9151 Total Employees): "
        "This is 60 % more than last period (20). Explain the change to submit.",
        "Row 7, column “Value” (OI4038 Permanent Employees: People with Disabilities): "
        "14 is more than “Permanent Employees: Total” (12): a part can never be larger than its total.",
        "Row 8, column “Value” (PI3687 Jobs Created at Directly Supported/Financed Enterprises: Total): "
        "“two” is not a number. Enter digits only, for example 12.",
    ]
    assert not SubmissionVersion.objects.filter(request=request).exists()

    fixed = _fill(
        template,
        {"OD9151": "32", "OI8869": "12", "OI4038": "4", "PI3687": "2"},
        explanations={"OD9151": "Second location opened."},
    )
    draft = submission_upload(actor=investee_user, request=request, content=fixed)
    assert draft.status == "draft"
    values = {v.metric.code: v for v in draft.values.select_related("metric")}
    assert values["OD9151"].value == 32 and values["OD9151"].explanation == "Second location opened."


def test_an_upload_that_is_not_the_template_is_refused(plan, investee_user):
    request = request_for(plan, Q1)
    with pytest.raises(ValidationError, match="not an Excel"):
        submission_upload(actor=investee_user, request=request, content=b"hello")
