import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from fund.selectors import fund_capital_totals

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in {"fund", "impactmetrics", "portfolio", "reporting"}
    }


def test_seeding_the_demo_again_duplicates_nothing(demo):
    before = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before


def test_the_demo_has_two_funds_thirty_investees_and_a_login_per_role(demo):
    from fund.models import Fund, Organisation, RoleAssignment

    assert sorted(Fund.objects.values_list("name", flat=True)) == ["SIF Rotterdam", "SIF ZKIJ"]
    assert Organisation.objects.filter(is_investee=True).count() == 30
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {
        "admin",
        "fund_manager",
        "ic_member",
        "investee",
        "co_investor",
        "municipality_officer",
    }


def test_the_demo_cannot_be_seeded_outside_the_demo_settings(demo, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo settings"):
        call_command("seed_demo")


def test_demo_fund_totals(demo):
    """SIF Rotterdam: commitments 7.75M; calls 30 % of 6M, 30 % of 7.5M, 20 % of 7.75M = 5.6M called."""
    totals = fund_capital_totals(fund=demo.rotterdam_fund, as_of=datetime.date(2026, 1, 1))
    assert (totals.members, totals.committed, totals.called) == (7, Decimal("7750000.00"), Decimal("5600000.00"))
    # Stichting Rotterdamse Werkgevers paid half of its calls (30 % + 20 % of 750,000) = 187,500
    assert totals.paid_in == Decimal("5600000.00") - Decimal("187500.00")
    assert totals.distributed == Decimal("50000.00")
