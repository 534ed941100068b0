"""The impact pages that add figures up ask the database a fixed number of questions, however many metrics, people or
contracts they show: each page is opened at a small and at a large size and must stay within the same budget.

The small and large sizes are added on top of the demo data set: an investee in Rotterdam (region AM22 Rijnmond)
whose plan has 3 or 30 extra metrics, each with approved figures for the four quarters of 2025; 1 or 10 more
residents placed in work under the Rotterdam outcome contract; 1 or 6 more outcome contracts."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from djmoney.money import Money

from fund.models import Municipality
from impactmetrics.models import OutcomeContract, OutcomeRate
from impactmetrics.services.outcomes import person_record_add
from tests.impactmetrics.conftest import rotterdam_plan_with_metrics

pytestmark = pytest.mark.django_db

REGION_BUDGET = 15  # the ceiling for the region page, whatever the number of metrics
FUND_DASHBOARD_BUDGET = 15
MUNICIPALITY_BUDGET = 20  # the region page's questions plus the municipality's contracts and payments
CONTRACT_LIST_BUDGET = 9
CONTRACT_DETAIL_BUDGET = 14
INVESTEE_DASHBOARD_BUDGET = 15  # for one plan; each further plan of the investee adds its own six


def queries_for(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("n", [3, 30])
def test_the_region_page_stays_within_15_queries_whatever_the_number_of_metrics(client, demo, n):
    rotterdam_plan_with_metrics(demo.rotterdam_fund, n, actor=demo.manager)
    client.force_login(demo.manager)
    url = reverse("impact:region_impact", args=["AM22"]) + "?year=2025"
    response = client.get(url)
    # every extra metric is a row of the page: 3 or 30 more than the demo's own
    assert sum(1 for row in response.context["rows"] if row["aggregate"].code.startswith(f"QB-{n}-")) == n
    assert queries_for(client, url) <= REGION_BUDGET


def test_the_region_page_asks_as_many_queries_for_30_metrics_as_for_3(client, demo):
    client.force_login(demo.manager)
    url = reverse("impact:region_impact", args=["AM22"]) + "?year=2025"
    rotterdam_plan_with_metrics(demo.rotterdam_fund, 3, actor=demo.manager)
    few = queries_for(client, url)
    rotterdam_plan_with_metrics(demo.rotterdam_fund, 30, actor=demo.manager)
    assert queries_for(client, url) == few


@pytest.mark.parametrize("n", [3, 30])
def test_the_fund_dashboard_stays_within_its_budget_whatever_the_number_of_metrics(client, demo, n):
    rotterdam_plan_with_metrics(demo.rotterdam_fund, n, actor=demo.manager)
    client.force_login(demo.manager)
    url = reverse("impact:fund_dashboard", args=["sif-rotterdam"]) + "?year=2025"
    response = client.get(url)
    rows = {row["aggregate"].code: row for row in response.context["rows"]}
    # the first extra metric is a flow of 10 + 20 + 30 + 40 = 100 over 2025; its trend has 12 quarters (2023–2025)
    assert rows[f"QB-{n}-0"]["aggregate"].value == D(100)
    assert queries_for(client, url) <= FUND_DASHBOARD_BUDGET


@pytest.mark.parametrize("n", [3, 30])
def test_the_municipality_page_stays_within_its_budget_whatever_the_number_of_metrics(client, demo, n):
    rotterdam_plan_with_metrics(demo.rotterdam_fund, n, actor=demo.manager)
    client.force_login(demo.rotterdam)
    url = reverse("impact:municipality_impact", args=["GM0599"]) + "?year=2025"
    assert queries_for(client, url) <= MUNICIPALITY_BUDGET


@pytest.mark.parametrize("n", [1, 6])
def test_the_municipality_page_stays_within_its_budget_whatever_the_number_of_contracts(client, demo, n):
    extra_contracts(n)
    client.force_login(demo.rotterdam)
    url = reverse("impact:municipality_impact", args=["GM0599"]) + "?year=2025"
    response = client.get(url)
    # the demo's Rotterdam contract and the n new ones, each with its own payments summary
    assert len(response.context["payments"]) == 1 + n
    assert queries_for(client, url) <= MUNICIPALITY_BUDGET


def extra_contracts(n: int) -> None:
    """n more Rotterdam outcome contracts paying € 1,000.00 for a resident who had social assistance 2 to 5 years."""
    rotterdam = Municipality.objects.get(code="GM0599")
    for i in range(n):
        contract = OutcomeContract.objects.create(
            municipality=rotterdam, name=f"Budget contract {i}", start=datetime.date(2024, 1, 1)
        )
        OutcomeRate.objects.create(contract=contract, bucket="2-5", amount=Money(D("1000.00"), "EUR"))


def residents_due_under_the_contract(demo, n: int) -> None:
    """n more Rotterdam residents from social assistance, in work since January 2024: retained 12 months, so due."""
    organisation = demo.organisation("Buurtkeuken Delfshaven B.V.")
    for i in range(n):
        person_record_add(
            actor=None,
            organisation=organisation,
            reference=f"QB-{n}-{i}",
            postcode="3026 AK",
            benefit_category="bijstand",
            benefit_months=30,
            started_on=datetime.date(2024, 1, 8),
            hours_per_week=D(24),
        )


@pytest.mark.parametrize("n", [1, 10])
def test_the_contract_page_stays_within_its_budget_whatever_the_number_of_people(client, demo, n):
    residents_due_under_the_contract(demo, n)
    contract = OutcomeContract.objects.get(name="Prestatiecontract Werk Rotterdam")
    client.force_login(demo.manager)
    url = reverse("impact:contract_detail", args=[contract.pk])
    response = client.get(url)
    # each new resident had 30 months of social assistance ("2-5" years bucket): € 5,000.00 due for each
    due = [line for line in response.context["summary"].lines if line.reference.startswith(f"QB-{n}-")]
    assert [line.amount for line in due] == [D("5000.00")] * n
    assert queries_for(client, url) <= CONTRACT_DETAIL_BUDGET


@pytest.mark.parametrize("n", [1, 6])
def test_the_contract_list_stays_within_its_budget_whatever_the_number_of_contracts(client, demo, n):
    residents_due_under_the_contract(demo, 3)
    extra_contracts(n)
    client.force_login(demo.manager)
    url = reverse("impact:contract_list")
    response = client.get(url)
    # each new contract owes € 1,000.00 for each of the three new residents: € 3,000.00
    new = [s for s in response.context["summaries"] if s.contract.name.startswith("Budget contract")]
    owed = [sum(line.amount for line in s.lines if line.reference.startswith("QB-3-")) for s in new]
    assert owed == [D("3000.00")] * n
    assert queries_for(client, url) <= CONTRACT_LIST_BUDGET


@pytest.mark.parametrize("n", [3, 30])
def test_the_investee_dashboard_stays_within_its_budget_whatever_the_number_of_metrics(client, demo, n):
    plan = rotterdam_plan_with_metrics(demo.rotterdam_fund, n, actor=demo.manager)
    client.force_login(demo.manager)
    url = reverse("impact:investee_dashboard", args=[plan.organisation_id]) + "?year=2025"
    response = client.get(url)
    assert len(response.context["sections"][0]["rows"]) == n  # one plan, a row per metric
    assert queries_for(client, url) <= INVESTEE_DASHBOARD_BUDGET
