"""The impact review page: the reviewer reads each figure beside the previous period, stays on the page after
returning a report, the investee reads back what it submitted, and evidence comes back as it was uploaded."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactmetrics.models import DataRequest
from impactmetrics.services.submissions import evidence_add
from impactmetrics.services.validation import previous_approved_values, value_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These pages are read in English here; the Dutch wording is checked by the translation tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _cell(html: str, testid: str) -> str:
    """The text of the cell with `data-testid`, tags removed."""
    match = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</td>', html, re.S)
    assert match, testid
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _submit(client, report, request: DataRequest, **override: str):
    """The investee submits last quarter's approved values with `override` (metric code → typed text)."""
    values = {value_key(code): f"{v.normalize():f}" for code, v in previous_approved_values(request=request).items()}
    values |= {value_key(code.replace("_", "-")): text for code, text in override.items()}
    client.force_login(report.investee)
    return client.post(reverse("impact:request_detail", args=[request.pk]), values | {"action": "submit"})


def test_the_reviewer_sees_the_previous_period_and_the_change_for_every_figure(client, open_report):
    request = open_report.request
    # Last quarter (approved): 35 employees, 2 placed from social assistance, 0 jobs created, 11 in work.
    previous = previous_approved_values(request=request)
    assert (previous["OD9151"], previous["SIF-PLACED"]) == (Decimal("35"), Decimal("2"))
    _submit(client, open_report, request, OD9151="42", SIF_PLACED="3")
    client.force_login(open_report.manager)
    response = client.get(reverse("impact:request_detail", args=[request.pk]))
    html = response.content.decode()
    assert 'data-testid="review-form"' in html
    figures = response.context["figures"]
    # Every entered metric of the plan (nine; the share is computed), each with its previous value.
    assert [f.metric.code for f in figures] == [
        "OD9151",
        "OI8869",
        "OI4038",
        "SIF-DISTANCE",
        "PI3687",
        "SIF-PLACED",
        "SIF-INWORK",
        "SIF-RET12",
        "SIF-BANEN",
    ]
    assert all(f.previous is not None and f.change is not None for f in figures)
    # 35 → 42: +7, 7 / 35 = +20.0 %; 2 → 3: +1, 1 / 2 = +50.0 %; 0 → 0: 0, no percentage of nothing.
    assert (_cell(html, "previous-OD9151"), _cell(html, "value-OD9151")) == ("35", "42")
    assert _cell(html, "change-OD9151") == "+7 (+20.0 %)"
    assert _cell(html, "change-SIF-PLACED") == "+1 (+50.0 %)"
    assert _cell(html, "change-PI3687") == "0"
    # 16.9 Banenafspraak jobs (shown with two decimals, as in the form), unchanged: 0 (0.0 %).
    assert (_cell(html, "previous-SIF-BANEN"), _cell(html, "change-SIF-BANEN")) == ("16.90", "0 (0.0 %)")


def test_the_investee_sees_the_change_against_the_previous_period_in_its_form(client, open_report):
    request = open_report.request
    client.force_login(open_report.investee)
    url = reverse("impact:request_detail", args=[request.pk])
    client.post(url, {value_key("OD9151"): "28", "action": "save"})  # a draft: 35 → 28 is −7, −20.0 %
    rows = {row["metric"].code: row for row in client.get(url).context["rows"]}
    assert rows["OD9151"]["previous"] == Decimal("35")
    assert (rows["OD9151"]["change"].amount, rows["OD9151"]["change"].percent) == (Decimal("-7"), Decimal("-20.0"))
    assert rows["SIF-PLACED"]["change"] is None  # nothing typed yet


def test_returning_with_comments_leaves_the_reviewer_on_the_review_page(client, open_report):
    request = open_report.request
    _submit(client, open_report, request)
    client.force_login(open_report.manager)
    url = reverse("impact:request_detail", args=[request.pk])
    response = client.post(url, {"action": "return", "review_OD9151": "Het loonoverzicht toont 36."})
    assert response.status_code == 302 and response["Location"] == url + "#review"
    html = client.get(response["Location"]).content.decode()
    assert "Returned to the investee with your comments." in html
    assert 'id="review"' in html and _cell(html, "value-OD9151") == "35"
    assert "Het loonoverzicht toont 36." in html  # the comment beside the figure it is about
    assert 'data-testid="handed-in-status">Returned<' in html
    assert 'data-testid="report-form"' not in html  # never the investee's form


def test_after_submitting_the_investee_sees_what_it_submitted_read_only_with_its_status(client, open_report):
    request = open_report.request
    response = _submit(client, open_report, request, OD9151="42")
    html = client.get(response["Location"]).content.decode()
    assert "Submitted for review. Thank you." in html
    assert "Submitted figures" in html and 'data-testid="handed-in-status">Submitted<' in html
    assert _cell(html, "value-OD9151") == "42" and _cell(html, "previous-OD9151") == "35"
    assert len(re.findall(r'data-testid="value-', html)) == 9  # every figure it submitted
    assert 'data-testid="report-form"' not in html and 'name="value_OD9151"' not in html  # read-only
    assert 'data-testid="review-form"' not in html


def _workbook() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("file_name", "content", "content_type"),
    [
        ("loonoverzicht Q3.pdf", b"%PDF-1.4 loonoverzicht", "application/pdf"),
        # a real workbook: evidence is checked by content now, a zip header alone is refused (tests/fund/test_uploads)
        ("uren.xlsx", _workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_evidence_downloads_keep_their_file_name_extension_and_type(
    client, open_report, settings, tmp_path, file_name, content, content_type
):
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}
    }
    request = open_report.request
    upload = SimpleUploadedFile(file_name, content, content_type="application/octet-stream")
    evidence = evidence_add(actor=open_report.investee, request=request, file=upload, name="Bewijs plaatsingen")
    client.force_login(open_report.manager)
    response = client.get(reverse("impact:evidence_download", args=[request.pk, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == content
    page = client.get(reverse("impact:request_detail", args=[request.pk])).content.decode()
    assert f'Bewijs plaatsingen</a> <span class="muted">({file_name})</span>' in page
