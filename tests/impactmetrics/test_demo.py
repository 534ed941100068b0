"""The demo impact data: variety on purpose, and seeding twice adds nothing."""

import datetime

import pytest

from demo.impact import demo_seed
from impactmetrics.models import DataRequest, ImpactPlan, MetricValue, SubmissionVersion

pytestmark = pytest.mark.django_db


def test_the_demo_has_plans_history_and_the_promised_variety(demo):
    assert ImpactPlan.objects.count() == 30
    rotterdam = DataRequest.objects.filter(plan__organisation__legal_name="Fietsfabriek Zuid B.V.")
    assert rotterdam.count() == 12  # three years of quarters
    assert SubmissionVersion.objects.filter(status="returned").count() == 3
    assert SubmissionVersion.objects.filter(status="superseded").count() == 1
    assert MetricValue.objects.filter(explanation__startswith="We took over").exists()
    late = DataRequest.objects.filter(submitted_at__isnull=False).extra(where=["submitted_at::date > due_date"])
    assert late.exists()
    open_q3 = DataRequest.objects.filter(period_end=datetime.date(2026, 9, 30), status="open")
    assert "Buurtkeuken Delfshaven B.V." in set(open_q3.values_list("plan__organisation__legal_name", flat=True))
    assert DataRequest.objects.filter(status="submitted").count() == 3


def test_seeding_the_impact_demo_again_adds_nothing(demo):
    before = (ImpactPlan.objects.count(), DataRequest.objects.count(), MetricValue.objects.count())
    demo_seed()
    assert (ImpactPlan.objects.count(), DataRequest.objects.count(), MetricValue.objects.count()) == before
