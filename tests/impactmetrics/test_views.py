"""Impact pages: the portal round trip through the views, query budgets, evidence downloads per role."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactmetrics.models import DataRequest
from impactmetrics.services.submissions import evidence_add
from impactmetrics.services.validation import value_key
from tests import factories
from tests.access.roles import ROLES

pytestmark = pytest.mark.django_db
Q3 = datetime.date(2026, 9, 30)
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."


def open_request() -> DataRequest:
    return DataRequest.objects.select_related("plan").get(plan__organisation__legal_name=BUURTKEUKEN, period_end=Q3)


def form_values(request: DataRequest, **override) -> dict[str, str]:
    """Last quarter's approved values as the form's input, with overrides."""
    from impactmetrics.services.validation import previous_approved_values

    previous = previous_approved_values(request=request)
    values = {value_key(code): f"{value.normalize():f}" for code, value in previous.items()}
    values.update({value_key(k.replace("_", "-")): v for k, v in override.items()})
    return values


def test_the_investee_submits_through_the_form_and_a_wrong_value_comes_back_next_to_its_field(client, open_report):
    request = open_report.request
    url = reverse("impact:request_detail", args=[request.pk])
    client.force_login(open_report.investee)
    response = client.post(url, form_values(request, OD9151="veel") | {"action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_value_OD9151_error"' in html and "“veel”" in html
    assert not request.versions.exists()

    response = client.post(url, form_values(request) | {"action": "submit"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "submitted"

    client.force_login(open_report.manager)
    response = client.post(url, {"action": "return", "review_OD9151": "Check the headcount."})
    assert response.status_code == 302
    client.force_login(open_report.investee)
    page = client.get(url).content.decode()
    assert "Check the headcount." in page


def test_an_investee_cannot_review_its_own_report(client, open_report):
    request = open_report.request
    url = reverse("impact:request_detail", args=[request.pk])
    client.force_login(open_report.investee)
    client.post(url, form_values(request) | {"action": "submit"})
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "submitted"


def test_the_template_download_is_an_xlsx(client, open_report):
    from openpyxl import load_workbook

    client.force_login(open_report.investee)
    response = client.get(reverse("impact:request_template", args=[open_report.request.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).active["A5"].value == "OD9151"


def test_evidence_is_downloaded_only_by_those_who_see_the_request(client, open_report, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}
    }
    request = open_report.request
    fund = request.plan.fund
    users = {
        "admin": factories.user("admin"),
        "manager": open_report.manager,
        "investee": open_report.investee,
        "ic": factories.user("ic_member", fund=fund),
        "coinvestor": factories.user("co_investor", member=factories.member(fund=fund)),
        "haarlem": factories.user("municipality_officer", municipality="GM0392"),
        "rotterdam": factories.user("municipality_officer", municipality="GM0599"),  # where Buurtkeuken is
    }
    evidence = evidence_add(
        actor=open_report.investee,
        request=request,
        file=SimpleUploadedFile("payroll.pdf", b"%PDF-1.4 test"),
        name="Payroll",
    )
    url = reverse("impact:evidence_download", args=[request.pk, evidence.pk])
    expected = {"admin": 200, "manager": 200, "investee": 200, "ic": 403, "coinvestor": 403, "haarlem": 403}
    expected |= {"rotterdam": 403, "anonymous": 302}
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        seen[role] = client.get(url).status_code
    assert seen == expected


@pytest.mark.parametrize(
    ("role", "name", "kwargs", "budget"),
    [
        ("manager", "impact:index", {}, 12),
        ("investee", "impact:index", {}, 10),
        # the dashboard rows are one selector with a fixed number of queries (issue 11), no longer one per metric
        ("manager", "impact:fund_dashboard", {"slug": "sif-rotterdam"}, 15),
        ("ic", "impact:fund_dashboard", {"slug": "sif-rotterdam"}, 15),
        ("manager", "impact:fund_metric_detail", {"slug": "sif-rotterdam", "code": "SIF-DIST-SHARE"}, 15),
        ("rotterdam", "impact:municipality_impact", {"code": "GM0599"}, 20),
        ("investee", "impact:investee_sroi", "buurtkeuken", 12),
        ("investee", "impact:investee_dashboard", "buurtkeuken", 30),
        ("investee", "impact:request_detail", "request", 22),
        ("manager", "impact:metric_catalog", {}, 8),
    ],
)
def test_pages_stay_within_their_query_budget(client, demo, django_assert_max_num_queries, role, name, kwargs, budget):
    if kwargs == "buurtkeuken":
        kwargs = {"pk": demo.organisation(BUURTKEUKEN).pk}
    elif kwargs == "request":
        kwargs = {"pk": open_request().pk}
    client.force_login(demo.user(role))
    url = reverse(name, kwargs=kwargs)
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def test_the_fund_dashboard_shows_actual_target_coverage_and_svg_charts(client, demo):
    client.force_login(demo.manager)
    html = client.get(reverse("impact:fund_dashboard", args=["sif-rotterdam"]) + "?year=2025").content.decode()
    assert 'data-metric="OD9151"' in html and "<svg" in html and "<polyline" in html
    assert "/impact/funds/sif-rotterdam/metrics/OD9151/" in html


def test_the_municipality_page_shows_gross_benefits_avoided_labelled_as_gross(client, demo):
    client.force_login(demo.rotterdam)
    html = client.get(reverse("impact:municipality_impact", args=["GM0599"]) + "?year=2025").content.decode()
    assert "Gross benefits avoided" in html or "Bruto" in html
    assert "Prestatiecontract Werk Rotterdam" in html
