import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

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
