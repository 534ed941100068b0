"""Capital movements typed as the page's language writes amounts, recorded once per form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fund.models import CapitalMovement

pytestmark = pytest.mark.django_db
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_contribution_of_35_000_typed_in_dutch_and_sent_twice_is_recorded_once(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    count = CapitalMovement.objects.count()
    data = {
        "kind": "contribution",
        "amount": "35.000",
        "value_date": "30-11-2026",
        "once": "0d7c1a52-aaaa-4bbb-8ccc-000000000001",
    }
    first = client.post(reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]), data, **NL)
    second = client.post(reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]), data, follow=True, **NL)
    assert first.status_code == 302 and second.status_code == 200
    assert CapitalMovement.objects.count() == count + 1
    assert CapitalMovement.objects.latest("pk").amount.amount == Decimal("35000.00")
    assert "Dit formulier is twee keer verstuurd; het is één keer vastgelegd." in second.content.decode()


def test_the_movement_form_shown_again_after_an_error_keeps_the_amount_in_english(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    data = {"kind": "contribution", "amount": "35,000", "value_date": ""}
    response = client.post(reverse("fund:capital_movement_create", args=[sleutelstad.zeist.pk]), data, **EN)
    assert response.status_code == 400  # the value date is missing
    assert 'value="35,000.00"' in response.content.decode()


def test_a_capital_call_of_twelve_and_a_half_percent_typed_in_dutch(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    response = client.post(
        reverse("fund:capital_call_create", args=[sleutelstad.fund.slug]),
        {"call_date": "01-12-2026", "due_date": "31-12-2026", "percent": "12,5", "purpose": "Pipeline Q1"},
        **NL,
    )
    assert response.status_code == 302
    assert sleutelstad.fund.capital_calls.latest("number").percent == Decimal("12.5")


def test_a_scoring_weight_reads_in_dutch_in_the_back_office(client, sleutelstad):
    # The back-office only reads a fund's settings now (they change in the app): the weight is shown, not typed.
    from portfolio.models import ScoringCriterion

    criterion = ScoringCriterion.objects.create(
        fund=sleutelstad.fund, kind="impact", name="Wijkbinding", weight=Decimal("1.5"), position=9
    )
    client.force_login(sleutelstad.manager)
    page = client.get(reverse("admin:portfolio_scoringcriterion_change", args=[criterion.pk]), **NL)
    assert '<div class="readonly">1,5' in page.content.decode()
