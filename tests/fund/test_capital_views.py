from decimal import Decimal

import pytest
from django.urls import reverse

from fund.models import CapitalMovement, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def velsen(demo) -> Member:
    return Member.objects.get(organisation__legal_name="Gemeente Velsen", fund__slug="sif-zkij")


def test_manager_records_a_contribution_and_sees_the_account_change(client, demo, velsen):
    client.force_login(demo.manager)
    before = client.get(reverse("fund:member_detail", args=[velsen.pk])).context["account"]
    response = client.post(
        reverse("fund:capital_movement_create", args=[velsen.pk]),
        {"kind": "contribution", "amount": "1234.56", "value_date": "2026-11-30", "reference": "extra"},
    )
    assert response.status_code == 302
    after = client.get(reverse("fund:member_detail", args=[velsen.pk])).context["account"]
    assert after.paid_in - before.paid_in == Decimal("1234.56")
    assert after.unfunded == before.unfunded - Decimal("1234.56")


def test_a_bad_amount_is_shown_on_its_field_and_nothing_is_recorded(client, demo, velsen):
    client.force_login(demo.manager)
    count = CapitalMovement.objects.count()
    response = client.post(
        reverse("fund:capital_movement_create", args=[velsen.pk]),
        {"kind": "distribution", "amount": "-5", "value_date": "2026-11-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["movement_form"].errors == {"amount": ["The amount must be more than zero."]}
    assert CapitalMovement.objects.count() == count


def test_manager_reverses_a_movement_and_the_original_stays_listed(client, demo, velsen):
    client.force_login(demo.manager)
    commitment = velsen.capital_movements.get(kind="commitment")
    client.post(reverse("fund:capital_movement_reverse", args=[commitment.pk]), {"reason": "Signed for another fund"})
    page = client.get(reverse("fund:member_detail", args=[velsen.pk]))
    assert page.context["account"].committed == Decimal("0.00")
    # still listed (issue 10 put dated lists newest first, so the commitment no longer heads the list)
    assert commitment.pk in [m.pk for m in page.context["movements"]]
    assert CapitalMovement.objects.get(reverses=commitment).amount.amount == Decimal("-500000.00")


def test_a_capital_call_from_the_page_calls_every_member(client, demo):
    client.force_login(demo.manager)
    response = client.post(
        reverse("fund:capital_call_create", args=["sif-zkij"]),
        {"call_date": "2026-12-01", "due_date": "2026-12-31", "percent": "10", "purpose": "Pipeline Q1"},
    )
    assert response.status_code == 302
    call = demo.zkij_fund.capital_calls.get(number=2)
    # 10 % of 1,000,000 + 500,000 + 1,250,000 + 1,000,000 + 300,000 = 405,000.00
    assert sum(m.amount.amount for m in call.movements.all()) == Decimal("405000.00")


def test_the_manager_of_one_fund_cannot_record_for_another_funds_member(client, demo, velsen):
    from fund.models import RoleAssignment

    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    client.force_login(demo.manager)
    response = client.post(
        reverse("fund:capital_movement_create", args=[velsen.pk]),
        {"kind": "contribution", "amount": "1", "value_date": "2026-11-30"},
    )
    assert response.status_code == 404


def test_admin_creates_a_fund_and_a_fourth_theme_is_refused_on_the_field(client, demo):
    client.force_login(demo.admin)
    data = {
        "name": "SIF Den Haag",
        "inception_date": "2026-01-01",
        "target_size": "5000000",
        "min_ticket": "25000",
        "max_ticket": "400000",
        "region": ["GM0518"],
        "themes": ["poverty", "health", "food", "energy"],
    }
    response = client.post(reverse("fund:fund_create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["themes"]
    response = client.post(reverse("fund:fund_create"), data | {"themes": ["poverty", "health"]})
    assert response.status_code == 302 and response.url == reverse("fund:fund_detail", args=["sif-den-haag"])
