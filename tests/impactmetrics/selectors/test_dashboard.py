"""Dashboard rows: every metric's year figure with its quarterly trend, all metrics read at once."""

from decimal import Decimal as D

import pytest

from impactmetrics.models import ImpactPlan
from impactmetrics.selectors.dashboard import metric_dashboard_rows
from tests.impactmetrics.conftest import rotterdam_plan_with_metrics

pytestmark = pytest.mark.django_db


def test_each_metric_has_its_year_figure_and_its_own_trend(rotterdam, manager, django_assert_num_queries):
    plan = rotterdam_plan_with_metrics(
        rotterdam, 3, actor=manager
    )  # a flow, a stock and flow/stock: 10, 20, 30, 40 in 2025's quarters
    with django_assert_num_queries(6):
        rows = {
            row.aggregate.code: row
            for row in metric_dashboard_rows(plans=ImpactPlan.objects.filter(pk=plan.pk), year=2025)
        }
    flow, stock, ratio = rows["QB-3-0"], rows["QB-3-1"], rows["QB-3-2"]
    assert flow.aggregate.value == D(100)  # 10 + 20 + 30 + 40
    assert stock.aggregate.value == D(40)  # the value at the latest quarter end, never summed
    assert ratio.aggregate.value == D("250.00") and ratio.is_ratio  # 100 / 40
    # 12 quarters, Q1 2023 … Q4 2025, labelled as the reader writes them; only 2025's carry figures
    assert [p.value for p in flow.trend[-4:]] == [D(10), D(20), D(30), D(40)]
    assert [p.value for p in stock.trend[-4:]] == [D(10), D(20), D(30), D(40)]
    assert [p.value for p in ratio.trend[-4:]] == [D("100.00")] * 4  # each quarter's flow over its stock
    assert len(flow.trend) == 12 and flow.trend[0].label == "Q1 2023" and flow.trend[0].value is None


def test_thirty_metrics_are_read_in_the_same_six_queries(rotterdam, manager, django_assert_num_queries):
    plan = rotterdam_plan_with_metrics(rotterdam, 30, actor=manager)
    with django_assert_num_queries(6):
        rows = metric_dashboard_rows(plans=ImpactPlan.objects.filter(pk=plan.pk), year=2025)
    assert len(rows) == 30
