"""Aggregation: flows summed, stocks at the latest period end, ratios recomputed; coverage; attribution.

Each test is built so that the wrong rule (summing a stock, averaging ratios) would give a different number."""

import datetime

import pytest

from fund.periods import Quarter
from impactmetrics.models import ImpactPlan, Metric
from impactmetrics.selectors.aggregation import metric_aggregates, metric_contributions, metric_trend
from tests.impactmetrics.conftest import Q1, Q2, Q3, Q4, D, approved, data, plan_for, request_for

pytestmark = pytest.mark.django_db
YEAR = datetime.date(2025, 1, 1)
CODES = ["OD9151", "SIF-DISTANCE", "SIF-DIST-SHARE", "SIF-PLACED"]


def by_code(aggregates):
    return {a.code: a for a in aggregates}


@pytest.fixture
def two(rotterdam, manager):
    """A: employees 10, 12, 12, 14 over the year; B: reports Q1 and Q2 only."""
    a = plan_for(rotterdam, CODES, name="A B.V.", targets={"OD9151": {2025: D(15)}, "SIF-PLACED": {2025: D(10)}})
    b = plan_for(rotterdam, CODES, name="B B.V.", postcode="2011 AB", targets={"OD9151": {2025: D(100)}})
    for end, (employees, distance, placed) in zip(
        (Q1, Q2, Q3, Q4), ((10, 5, 1), (12, 6, 2), (12, 6, 0), (14, 7, 3)), strict=True
    ):
        approved(a, end, {"OD9151": employees, "SIF-DISTANCE": distance, "SIF-PLACED": placed}, actor=manager)
    approved(b, Q1, {"OD9151": 100, "SIF-DISTANCE": 10, "SIF-PLACED": 4}, actor=manager)
    approved(b, Q2, {"OD9151": 100, "SIF-DISTANCE": 10, "SIF-PLACED": 4}, actor=manager)
    return ImpactPlan.objects.filter(pk__in=[a.pk, b.pk]), a, b


def test_a_stock_is_taken_at_the_latest_period_end_never_summed_over_time(two):
    plans, a, _b = two
    only_a = by_code(metric_aggregates(plans=plans.filter(pk=a.pk), start=YEAR, end=Q4))
    assert only_a["OD9151"].value == 14  # summing the quarters would give 48
    assert only_a["OD9151"].target == 15


def test_a_flow_is_summed_over_the_periods_in_the_window(two):
    plans, a, _b = two
    assert by_code(metric_aggregates(plans=plans.filter(pk=a.pk), start=YEAR, end=Q4))["SIF-PLACED"].value == 6
    assert (
        by_code(metric_aggregates(plans=plans.filter(pk=a.pk), start=Q3.replace(day=1, month=7), end=Q4))[
            "SIF-PLACED"
        ].value
        == 3
    )


def test_investees_are_added_up_each_at_its_own_latest_period_end(two):
    plans, _a, _b = two
    total = by_code(metric_aggregates(plans=plans, start=YEAR, end=Q4))
    assert total["OD9151"].value == 114  # A's 14 at Q4 plus B's 100 at Q2
    assert total["SIF-PLACED"].value == 14  # 6 + 8
    assert total["OD9151"].target == 115


def test_a_ratio_is_recomputed_from_its_parts_never_averaged(two):
    plans, _a, _b = two
    share = by_code(metric_aggregates(plans=plans, start=YEAR, end=Q4))["SIF-DIST-SHARE"]
    # A: 7/14 = 50 %, B: 10/100 = 10 %; the average of the ratios would be 30 %.
    assert share.value == D("14.91")  # (7 + 10) / (14 + 100)
    assert share.kind == "ratio"


def test_coverage_is_the_share_of_investees_that_reported(two):
    plans, _a, _b = two
    h2 = by_code(metric_aggregates(plans=plans, start=Q3.replace(day=1, month=7), end=Q4))
    assert (h2["OD9151"].reporting, h2["OD9151"].expected, h2["OD9151"].coverage) == (1, 2, D("50.00"))
    assert h2["OD9151"].value == 14


def test_unapproved_values_do_not_count_and_as_of_shows_the_past(two, manager, investee_user):
    from django.utils import timezone

    plans, a, _b = two
    before = timezone.now()
    request = request_for(a, datetime.date(2026, 3, 31))
    from impactmetrics.services.submissions import submission_approve, submission_submit

    version = submission_submit(
        actor=investee_user,
        request=request,
        data=data({"OD9151": 15, "SIF-DISTANCE": 7, "SIF-PLACED": 1}, explanations={"SIF-PLACED": "Quiet quarter."}),
    )
    year_2026 = dict(plans=plans.filter(pk=a.pk), start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert by_code(metric_aggregates(**year_2026))["OD9151"].value is None
    submission_approve(actor=manager, version=version)
    assert by_code(metric_aggregates(**year_2026))["OD9151"].value == 15
    assert by_code(metric_aggregates(**year_2026, as_of=before))["OD9151"].value is None


def test_the_trend_follows_the_same_rules_per_quarter(two):
    plans, _a, _b = two
    employees = Metric.objects.get(code="OD9151")
    share = Metric.objects.get(code="SIF-DIST-SHARE")
    periods = Quarter.of_years(2025, 2025)
    assert [p.value for p in metric_trend(plans=plans, metric=employees, periods=periods)] == [110, 112, 112, 114]
    assert [p.value for p in metric_trend(plans=plans, metric=share, periods=periods)] == [
        D("13.64"),
        D("14.29"),
        D("14.29"),
        D("14.91"),
    ]


def test_the_drill_down_lists_each_investee_with_the_approved_values_behind_it(two):
    plans, _a, _b = two
    rows = metric_contributions(plans=plans, metric=Metric.objects.get(code="SIF-PLACED"), start=YEAR, end=Q4)
    assert [(r.organisation, r.value, len(r.submissions)) for r in rows] == [("A B.V.", 6, 4), ("B B.V.", 8, 2)]


def test_each_outcome_is_attributed_to_one_municipality(two):
    plans, _a, _b = two
    rotterdam = by_code(metric_aggregates(plans=plans.filter(municipality__code="GM0599"), start=YEAR, end=Q4))
    haarlem = by_code(metric_aggregates(plans=plans.filter(municipality__code="GM0392"), start=YEAR, end=Q4))
    assert rotterdam["SIF-PLACED"].value + haarlem["SIF-PLACED"].value == 14
    assert (rotterdam["SIF-PLACED"].value, haarlem["SIF-PLACED"].value) == (6, 8)


def test_a_region_total_is_the_sum_of_its_municipalities_never_more(manager):
    """A fund in Zuid-Kennemerland en IJmond (AM37): two investees in Haarlem, one in Velsen, one in Heemstede that has
    not reported; residents placed in 2025: Haarlem 2 + 3 and 4, Velsen 5."""
    from impactmetrics.selectors.aggregation import region_plans
    from tests import factories

    kennemerland = factories.fund(region_codes=("GM0392", "GM0453", "GM0397"))
    for name, postcode, placed in (
        ("Haarlem A B.V.", "2011 AB", {Q1: 2, Q2: 3}),
        ("Haarlem B B.V.", "2011 AC", {Q1: 4}),
        ("Velsen C B.V.", "1951 AB", {Q2: 5}),
        ("Heemstede D B.V.", "2101 AB", {}),
    ):
        plan = plan_for(kennemerland, ["SIF-PLACED"], name=name, postcode=postcode)
        for end, value in placed.items():
            approved(plan, end, {"SIF-PLACED": value}, actor=manager)
    zkij = ImpactPlan.objects.filter(fund=kennemerland)
    window = dict(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    region = by_code(metric_aggregates(plans=region_plans(plans=zkij, region_code="AM37"), **window))
    per_municipality = [
        by_code(metric_aggregates(plans=zkij.filter(municipality=m), **window)).get("SIF-PLACED")
        for m in {p.municipality for p in zkij.select_related("municipality")}
    ]
    assert region["SIF-PLACED"].value == sum(a.value for a in per_municipality if a and a.value is not None)
    assert region["SIF-PLACED"].expected == sum(a.expected for a in per_municipality if a)
    assert (region["SIF-PLACED"].value, region["SIF-PLACED"].expected) == (14, 4)  # 2 + 3 + 4 + 5; four investees


def test_theme_aggregates_hold_only_the_themes_metrics(two):
    from impactmetrics.selectors.aggregation import theme_aggregates

    plans, _a, _b = two
    codes = {a.code for a in theme_aggregates(plans=plans, theme="poverty", start=YEAR, end=Q4)}
    assert codes == {"SIF-PLACED"}
