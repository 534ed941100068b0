"""SROI: the hand-checked example from the issue, exactly, and the sensitivity table."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from impactmetrics.services.sroi import OutcomeAssumptions, sroi_analysis_create, sroi_calculate, sroi_sensitivity

WORK = OutcomeAssumptions(
    name="People into work",
    quantity=D(10),
    proxy=D(20000),
    deadweight=D(25),
    displacement=D(10),
    attribution=D(20),
    drop_off=D(30),
    duration_years=3,
    proxy_source="Average yearly cost of social assistance and support",
)


def test_the_hand_checked_example():
    result = sroi_calculate(outcomes=[WORK], discount_rate=D("3.5"), investment=D(150000))
    # 10 × 20,000 × 0.75 × 0.90 × 0.80 = 108,000; then −30 % a year.
    assert result.outcomes[0].year_impacts == [D("108000.00"), D("75600.00"), D("52920.00")]
    # 108,000/1.035 + 75,600/1.035² + 52,920/1.035³
    assert result.present_value == D("222652.04")
    assert result.ratio == D("1.48")
    assert result.net_ratio == D("0.48")


def test_the_sensitivity_table_moves_one_assumption_at_a_time():
    rows = {r.assumption: r for r in sroi_sensitivity(outcomes=[WORK], discount_rate=D("3.5"), investment=D(150000))}
    assert (rows["deadweight"].low_value, rows["deadweight"].high_value) == ("15", "35")
    # Deadweight 15 %: year one 10 × 20,000 × 0.85 × 0.9 × 0.8 = 122,400 → PV 252,338.98 → 1.68.
    assert (rows["deadweight"].ratio_low, rows["deadweight"].ratio_high) == (D("1.68"), D("1.29"))
    assert (rows["discount_rate"].ratio_low, rows["discount_rate"].ratio_high) == (D("1.51"), D("1.46"))
    assert rows["proxy"].ratio_low < D("1.48") < rows["proxy"].ratio_high


@pytest.mark.django_db
def test_an_analysis_is_stored_only_with_valid_assumptions_and_a_proxy_source(rotterdam):
    from dataclasses import replace

    from tests.impactmetrics.conftest import plan_for

    plan = plan_for(rotterdam, ["SIF-PLACED"])
    with pytest.raises(ValidationError) as excinfo:
        sroi_analysis_create(
            actor=None,
            plan=plan,
            title="x",
            investment=D(0),
            discount_rate=D("3.5"),
            outcomes=[replace(WORK, deadweight=D(120), proxy_source="")],
        )
    assert set(excinfo.value.message_dict) == {"investment", "outcomes.0.deadweight", "outcomes.0.proxy_source"}
    analysis = sroi_analysis_create(
        actor=None, plan=plan, title="2025", investment=D(150000), discount_rate=D("3.5"), outcomes=[WORK]
    )
    assert analysis.outcomes.get().proxy.amount == D("20000.00")
