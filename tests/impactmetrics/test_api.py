"""The impact API: investees see their own rows only; aggregates match the selectors."""

import pytest
from django.urls import reverse

from impactmetrics.services.submissions import submission_approve, submission_return, submission_submit
from tests import factories
from tests.impactmetrics.conftest import Q1, Q2, approved, data, plan_for, request_for, second_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(rotterdam, manager):
    """Two investees of the fund: Buurtkeuken reported 10 employees in Q1 2025, Fietsfabriek nothing yet; a third
    investee reports to another fund."""
    own = plan_for(rotterdam, ["OD9151", "SIF-PLACED"], name="Buurtkeuken Delfshaven B.V.")
    other = plan_for(rotterdam, ["OD9151"], name="Fietsfabriek Zuid B.V.")
    plan_for(factories.fund(), ["OD9151"], name="Elders B.V.")
    approved(own, Q1, {"OD9151": 10, "SIF-PLACED": 1}, actor=manager)
    request_for(other, Q1)
    return own, other


def test_an_investee_lists_only_its_own_plans_and_requests(client, plans):
    own, _other = plans
    client.force_login(factories.user("investee", organisation=own.organisation))
    rows = client.get(reverse("impact_api:plan_list")).json()["results"]
    assert {p["organisation"] for p in rows} == {"Buurtkeuken Delfshaven B.V."}
    requests = client.get(reverse("impact_api:request_list")).json()["results"]
    assert requests and {r["organisation"] for r in requests} == {"Buurtkeuken Delfshaven B.V."}


def test_a_manager_sees_every_plan_of_their_funds(client, plans, manager):
    client.force_login(manager)
    response = client.get(reverse("impact_api:plan_list") + "?limit=100").json()
    assert response["count"] == 2  # not the plan of the other fund


def test_fund_aggregates_report_value_target_and_coverage(client, plans, rotterdam):
    client.force_login(factories.user("ic_member", fund=rotterdam))
    rows = client.get(reverse("impact_api:fund_aggregates", args=[rotterdam.slug]) + "?year=2025").json()
    employees = next(r for r in rows if r["code"] == "OD9151")
    assert employees["kind"] == "stock" and employees["expected"] == 2
    assert employees["reporting"] <= employees["expected"]
    assert employees["coverage"] is not None


def test_submissions_show_every_version(client, plans, manager):
    own, _other = plans
    request = request_for(own, Q2)
    first = submission_submit(actor=manager, request=request, data=data({"OD9151": 12, "SIF-PLACED": 1}))
    submission_return(actor=manager, version=first, comments={"OD9151": "Payroll says 11."})
    second = submission_submit(actor=manager, request=request, data=data({"OD9151": 11, "SIF-PLACED": 1}))
    submission_approve(actor=second_manager(manager, own.fund), version=second)  # four eyes: manager typed the figures
    client.force_login(manager)
    rows = client.get(reverse("impact_api:submission_list", args=[request.pk])).json()["results"]
    assert [r["status"] for r in rows][:2] == ["returned", "approved"]
