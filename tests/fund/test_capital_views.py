from decimal import Decimal

import pytest
from django.urls import reverse

from fund.models import CapitalMovement
from tests import factories

pytestmark = pytest.mark.django_db


def test_manager_records_a_contribution_and_sees_the_account_change(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    before = client.get(reverse("fund:member_detail", args=[sleutelstad.zeist.pk])).context["account"]
    response = client.post(
        reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]),
        {"kind": "contribution", "amount": "1234.56", "value_date": "2026-11-30", "reference": "extra"},
    )
    assert response.status_code == 302
    after = client.get(reverse("fund:member_detail", args=[sleutelstad.zeist.pk])).context["account"]
    assert after.paid_in - before.paid_in == Decimal("1234.56")
    assert after.unfunded == before.unfunded - Decimal("1234.56")


def test_a_bad_amount_is_shown_on_its_field_and_nothing_is_recorded(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    count = CapitalMovement.objects.count()
    response = client.post(
        reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]),
        {"kind": "distribution", "amount": "-5", "value_date": "2026-11-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["movement_form"].errors == {"amount": ["The amount must be more than zero."]}
    assert CapitalMovement.objects.count() == count


def test_manager_reverses_a_movement_and_the_original_stays_listed(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    commitment = sleutelstad.zeist.capital_movements.get(kind="commitment")
    client.post(reverse("fund:capital_movement_reverse", args=[commitment.pk]), {"reason": "Signed for another fund"})
    page = client.get(reverse("fund:member_detail", args=[sleutelstad.zeist.pk]))
    assert page.context["account"].committed == Decimal("0.00")
    # still listed (issue 10 put dated lists newest first, so the commitment no longer heads the list)
    assert commitment.pk in [m.pk for m in page.context["movements"]]
    assert CapitalMovement.objects.get(reverses=commitment).amount.amount == Decimal("-500000.00")


def test_a_capital_call_from_the_page_calls_every_member(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    response = client.post(
        reverse("fund:capital_call_create", args=[sleutelstad.fund.slug]),
        {"call_date": "2026-12-01", "due_date": "2026-12-31", "percent": "10", "purpose": "Pipeline Q1"},
    )
    assert response.status_code == 302
    call = sleutelstad.fund.capital_calls.get(number=2)
    # 10 % of 1,000,000 + 500,000 + 250,000 = 175,000.00
    assert sum(m.amount.amount for m in call.movements.all()) == Decimal("175000.00")


def test_the_manager_of_one_fund_cannot_record_for_another_funds_member(client, sleutelstad):
    from fund.models import RoleAssignment

    factories.role_in(sleutelstad.manager, "fund_manager", fund=factories.fund())  # still manages a fund
    RoleAssignment.objects.filter(user=sleutelstad.manager, fund=sleutelstad.fund).delete()
    client.force_login(sleutelstad.manager)
    response = client.post(
        reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]),
        {"kind": "contribution", "amount": "1", "value_date": "2026-11-30"},
    )
    assert response.status_code == 404


def test_admin_creates_a_fund_and_a_fourth_theme_is_refused_on_the_field(client, sleutelstad):
    client.force_login(sleutelstad.admin)
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
