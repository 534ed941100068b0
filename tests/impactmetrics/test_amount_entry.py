"""Impact figures typed in the form or in the XLSX template are read as the language writes them; a numeric cell is
taken exactly; text that can be read two ways is refused, by row and column in a spreadsheet."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from fund.choices import Role
from fund.models import RoleAssignment, User
from impactmetrics.services.xlsx import HEADER_ROW, request_template_build, submission_upload
from tests.impactmetrics.conftest import Q1, plan_for, request_for

pytestmark = pytest.mark.django_db
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
CODES = ["OD9151", "SIF-HOURS", "SIF-BANEN"]


@pytest.fixture
def request_(rotterdam):
    return request_for(plan_for(rotterdam, CODES), Q1)


@pytest.fixture
def reporter(request_):
    """The person who reports for the request's organisation (the entry form is the investee's own)."""
    user = User.objects.create(email="rapporteur@testbedrijf.example")
    RoleAssignment.objects.create(user=user, role=Role.INVESTEE, organisation=request_.plan.organisation)
    return user


def _values(request) -> dict[str, Decimal]:
    version = request.versions.order_by("-number").first()
    return {v.metric.code: v.value for v in version.values.select_related("metric")}


def test_jobs_of_nine_comma_six_are_stored_as_9_6_on_a_dutch_impact_form(client, reporter, request_):
    url = reverse("impact:request_detail", args=[request_.pk])
    client.force_login(reporter)
    data = {"value_OD9151": "12", "value_SIF-HOURS": "1.234,5", "value_SIF-BANEN": "9,6", "action": "save"}
    assert client.post(url, data, **NL).status_code == 302
    assert _values(request_) == {"OD9151": 12, "SIF-HOURS": Decimal("1234.5"), "SIF-BANEN": Decimal("9.6")}
    page = client.get(url, **NL).content.decode()
    assert 'value="9,6"' in page and 'value="1.234,5"' in page  # shown as Dutch writes them, saved again unchanged
    assert client.post(url, data | {"value_SIF-HOURS": "1.234,5"}, **NL).status_code == 302
    assert _values(request_)["SIF-HOURS"] == Decimal("1234.5")


def test_an_impact_figure_that_can_be_read_two_ways_comes_back_next_to_its_field(client, reporter, request_):
    url = reverse("impact:request_detail", args=[request_.pk])
    client.force_login(reporter)
    response = client.post(url, {"value_SIF-HOURS": "1,250", "action": "save"}, **NL)
    assert response.status_code == 400
    html = response.content.decode()
    assert "“1,250” is op twee manieren te lezen. Schrijf 1250 of 1.250,00." in html
    assert not request_.versions.exists()


def _filled(request, values: dict, language: str) -> bytes:
    with translation.override(language):
        workbook = load_workbook(io.BytesIO(request_template_build(request=request)))
    sheet = workbook.active
    headings = [c.value for c in sheet[HEADER_ROW]]
    code_col, value_col = headings.index("Code") + 1, headings.index("Value") + 1
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=code_col).value
        if code in values:
            sheet.cell(row=row, column=value_col, value=values[code])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_text_in_a_dutch_template_is_read_as_dutch_and_a_number_cell_exactly(manager, request_):
    content = _filled(request_, {"OD9151": "1.234", "SIF-HOURS": 9.6, "SIF-BANEN": "9,6"}, "nl")
    with translation.override("en"):  # whoever uploads it, the template says how its text is written
        submission_upload(actor=manager, request=request_, content=content)
    assert _values(request_) == {"OD9151": 1234, "SIF-HOURS": Decimal("9.6"), "SIF-BANEN": Decimal("9.6")}


def test_text_in_an_english_template_is_read_as_english(manager, request_):
    content = _filled(request_, {"OD9151": "1,234", "SIF-HOURS": "1,234.5", "SIF-BANEN": "9.6"}, "en")
    submission_upload(actor=manager, request=request_, content=content)
    assert _values(request_) == {"OD9151": 1234, "SIF-HOURS": Decimal("1234.5"), "SIF-BANEN": Decimal("9.6")}


def test_spreadsheet_text_that_can_be_read_two_ways_is_refused_by_row_and_column(manager, request_):
    content = _filled(request_, {"OD9151": "12", "SIF-HOURS": "35,000", "SIF-BANEN": "9,6"}, "nl")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        submission_upload(actor=manager, request=request_, content=content)
    assert refused.value.message_dict["file"] == [
        "Row 6, column “Value” (SIF-HOURS Paid hours per week (target group)): “35,000” can be read two ways. "
        "Write 35000 or 35.000,00. For a number below 1.000 write 35."
    ]
    assert not request_.versions.exists()


def test_the_template_of_a_draft_holds_its_numbers_as_number_cells(manager, request_):
    with translation.override("nl"):
        submission_upload(
            actor=manager,
            request=request_,
            content=_filled(request_, {"OD9151": "12", "SIF-HOURS": "1,2345", "SIF-BANEN": "9,6"}, "nl"),
        )
        draft = request_.versions.get()
        sheet = load_workbook(io.BytesIO(request_template_build(request=request_, draft=draft))).active
    values = {row[0]: row[5] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert values == {"OD9151": 12, "SIF-HOURS": 1.2345, "SIF-BANEN": 9.6}
