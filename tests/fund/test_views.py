from decimal import Decimal

import pytest
from django.urls import reverse

from fund.models import Organisation

pytestmark = pytest.mark.django_db

NEW_ORG = {
    "legal_name": "Reparatiecafé Centrum B.V.",
    "trade_name": "Reparatiecafé",
    "kvk_number": "9876543",  # seven digits
    "legal_form": "bv",
    "street": "Grote Markt 1",
    "postcode": "2011 ab",
    "city": "Haarlem",
    "iban": "NL91ABNA0417164300",
    "website": "",
}


def test_manager_sees_the_kvk_error_on_the_field_then_fixes_it(client, demo):
    client.force_login(demo.manager)
    before = Organisation.objects.count()
    response = client.post(reverse("fund:organisation_create"), NEW_ORG, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["kvk_number"]
    assert "8 digits" in response.context["form"].errors["kvk_number"][0]
    assert Organisation.objects.count() == before

    response = client.post(reverse("fund:organisation_create"), NEW_ORG | {"kvk_number": "98765432"})
    org = Organisation.objects.get(kvk_number="98765432")
    assert response.status_code == 302 and response.url == reverse("fund:organisation_detail", args=[org.pk])
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Haarlem (GM0392)" in page
    assert "Organisation created" in page  # the history, visible to the manager


def test_investee_sees_no_history_and_cannot_edit_its_own_organisation(client, demo):
    client.force_login(demo.investee)
    org = demo.organisation("Buurtkeuken Delfshaven B.V.")
    response = client.get(reverse("fund:organisation_detail", args=[org.pk]))
    assert response.status_code == 200 and response.context["history"] == []
    assert client.post(reverse("fund:organisation_edit", args=[org.pk]), NEW_ORG).status_code == 403


def test_haarlem_sees_zkij_fund_totals_but_only_its_own_capital_account(client, demo):
    client.force_login(demo.haarlem)
    response = client.get(reverse("fund:fund_detail", args=["sif-zkij"]))
    assert response.context["totals"].committed == Decimal("4050000.00")  # all five members
    assert [a.member_name for a in response.context["accounts"]] == ["Gemeente Haarlem"]
    assert "Gemeente Velsen" not in response.content.decode()


def test_co_investor_sees_only_its_own_capital_account(client, demo):
    client.force_login(demo.coinvestor)
    response = client.get(reverse("fund:fund_detail", args=["sif-rotterdam"]))
    assert [a.member_name for a in response.context["accounts"]] == ["Stichting Havenfonds Rotterdam"]


def test_api_capital_accounts_are_scoped_the_same_way(client, demo):
    client.force_login(demo.haarlem)
    rows = client.get(reverse("api:capital_accounts", args=["sif-zkij"]) + "?as_of=2026-01-01").json()
    assert rows == [
        {
            "member_id": rows[0]["member_id"],
            "member_name": "Gemeente Haarlem",
            "member_kind": "municipality",
            "committed": "1000000.00",
            "called": "250000.00",
            "paid_in": "250000.00",
            "unfunded": "750000.00",
            "distributed": "0.00",
        }
    ]
    assert client.get(reverse("api:capital_accounts", args=["sif-zkij"]) + "?as_of=1-1-2026").status_code == 400


def test_dutch_pages_format_money_and_dates_the_dutch_way(client, demo):
    client.force_login(demo.manager)
    page = client.get(reverse("fund:fund_detail", args=["sif-rotterdam"]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "€\xa07.750.000,00" in page  # a non-breaking space keeps the sign with the amount
    assert "01-06-2019" in page
    english = client.get(reverse("fund:fund_detail", args=["sif-rotterdam"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "€7,750,000.00" in english.content.decode()


def test_organisation_search_finds_by_municipality_and_kvk(client, demo):
    client.force_login(demo.manager)
    names = [o.legal_name for o in client.get(reverse("fund:organisation_list") + "?q=Velsen").context["page"]]
    assert names == [
        "Gemeente Velsen",
        "IJmond Circulair B.V.",
        "Stichting Tata Steel IJmond Fonds",
        "Velsen Aan Het Werk Stichting",
    ]
    page = client.get(reverse("fund:organisation_list") + "?q=8123456", HTTP_HX_REQUEST="true")
    assert sorted(o.kvk_number for o in page.context["page"]) == [f"8123456{i}" for i in range(1, 10)]
    assert b"<html" not in page.content  # htmx gets only the rows


@pytest.mark.parametrize(
    ("role", "url_name", "args", "budget"),
    [
        ("manager", "home", [], 12),
        ("manager", "fund:organisation_list", [], 8),
        ("manager", "fund:fund_detail", ["sif-rotterdam"], 12),
        ("haarlem", "fund:municipality_detail", ["GM0392"], 12),
        ("manager", "fund:organisation_detail", None, 12),
    ],
)
def test_pages_stay_within_their_query_budget(
    client, demo, django_assert_max_num_queries, role, url_name, args, budget
):
    client.force_login(demo.user(role))
    if args is None:
        args = [demo.organisation("Buurtkeuken Delfshaven B.V.").pk]
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(url_name, args=args)).status_code == 200
