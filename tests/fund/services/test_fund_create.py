import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fund.models import Fund, FundTheme
from fund.services.funds import fund_create, fund_themes_set
from tests import factories

pytestmark = pytest.mark.django_db

SPEC = {
    "name": "SIF Utrecht",
    "inception_date": datetime.date(2026, 1, 1),
    "target_size": Decimal("8000000"),
    "region_codes": ["GM0344"],
    "themes": ["labour_participation", "poverty", "health"],
    "kvk_number": "12345678",
}


@pytest.fixture
def admin(db):
    return factories.user("admin")


def test_a_fund_is_created_with_its_region_and_three_themes(admin):
    fund = fund_create(actor=admin, **SPEC)
    assert fund.slug == "sif-utrecht"
    assert [m.code for m in fund.region.all()] == ["GM0344"]
    assert sorted(fund.theme_codes) == ["health", "labour_participation", "poverty"]
    assert fund.target_size.amount == Decimal("8000000.00")
    assert str(fund.target_size.currency) == "EUR"


def test_a_fourth_theme_is_refused_naming_the_field_and_nothing_is_saved(admin):
    before = (Fund.objects.count(), FundTheme.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        fund_create(actor=admin, **(SPEC | {"themes": ["labour_participation", "poverty", "health", "food"]}))
    assert list(excinfo.value.message_dict) == ["themes"]
    assert "at most 3" in excinfo.value.message_dict["themes"][0]
    assert (Fund.objects.count(), FundTheme.objects.count()) == before


def test_changing_themes_to_four_is_refused_and_keeps_the_old_three(admin):
    fund = factories.fund(themes=("labour_participation", "equal_opportunity", "poverty"))
    with pytest.raises(ValidationError):
        fund_themes_set(actor=admin, fund=fund, themes=["food", "health", "energy", "mobility"])
    assert sorted(fund.theme_codes) == ["equal_opportunity", "labour_participation", "poverty"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region_codes": ["GM9999"]}, "region"),
        ({"themes": ["astrology"]}, "themes"),
        ({"kvk_number": "1234567"}, "kvk_number"),
        ({"name": "SIF Amsterdam"}, "name"),  # taken by the fund made first
    ],
)
def test_bad_fund_input_names_the_field(admin, change, field):
    factories.fund(name="SIF Amsterdam")
    with pytest.raises(ValidationError) as excinfo:
        fund_create(actor=admin, **(SPEC | change))
    assert field in excinfo.value.message_dict
