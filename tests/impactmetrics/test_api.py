"""The impact API: investees see their own rows only; aggregates match the selectors."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_investee_lists_only_its_own_plans_and_requests(client, demo):
    client.force_login(demo.investee)
    plans = client.get(reverse("impact_api:plan_list")).json()["results"]
    assert {p["organisation"] for p in plans} == {"Buurtkeuken"}
    requests = client.get(reverse("impact_api:request_list")).json()["results"]
    assert requests and {r["organisation"] for r in requests} == {"Buurtkeuken"}


def test_a_manager_sees_every_plan_of_their_funds(client, demo):
    client.force_login(demo.manager)
    response = client.get(reverse("impact_api:plan_list") + "?limit=100").json()
    assert response["count"] == 30


def test_fund_aggregates_report_value_target_and_coverage(client, demo):
    client.force_login(demo.ic)
    rows = client.get(reverse("impact_api:fund_aggregates", args=["sif-rotterdam"]) + "?year=2025").json()
    employees = next(r for r in rows if r["code"] == "OD9151")
    assert employees["kind"] == "stock" and employees["expected"] == 15
    assert employees["reporting"] <= employees["expected"]
    assert employees["coverage"] is not None


def test_submissions_show_every_version(client, demo):
    from impactmetrics.models import DataRequest

    request = DataRequest.objects.filter(versions__status="returned").first()
    client.force_login(demo.manager)
    rows = client.get(reverse("impact_api:submission_list", args=[request.pk])).json()["results"]
    assert [r["status"] for r in rows][:2] == ["returned", "approved"]
