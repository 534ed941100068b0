from decimal import Decimal

import pytest
from django.urls import reverse

from fund.models import Organisation
from tests import factories

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


def test_manager_sees_the_kvk_error_on_the_field_then_fixes_it(client, sleutelstad):
    client.force_login(sleutelstad.manager)
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


def test_investee_sees_no_history_and_cannot_edit_its_own_organisation(client, db):
    org = factories.organisation()
    client.force_login(factories.user("investee", organisation=org))
    response = client.get(reverse("fund:organisation_detail", args=[org.pk]))
    assert response.status_code == 200 and response.context["history"] == []
    assert client.post(reverse("fund:organisation_edit", args=[org.pk]), NEW_ORG).status_code == 403


def test_leiden_sees_the_fund_totals_but_only_its_own_capital_account(client, sleutelstad):
    client.force_login(sleutelstad.officer)
    response = client.get(reverse("fund:fund_detail", args=[sleutelstad.fund.slug]))
    assert response.context["totals"].committed == Decimal("1750000.00")  # all three members
    assert [a.member_name for a in response.context["accounts"]] == ["Gemeente Leiden"]
    assert "Gemeente Zeist" not in response.content.decode()


def test_co_investor_sees_only_its_own_capital_account(client, sleutelstad):
    client.force_login(sleutelstad.coinvestor)
    response = client.get(reverse("fund:fund_detail", args=[sleutelstad.fund.slug]))
    assert [a.member_name for a in response.context["accounts"]] == ["Stichting Sleutelfonds"]


def test_a_co_investor_reaches_its_capital_account_from_its_home_page(client, sleutelstad):
    client.force_login(sleutelstad.coinvestor)
    home = client.get(reverse("home")).content.decode()
    (member,) = sleutelstad.fund.members.filter(organisation__legal_name="Stichting Sleutelfonds")
    link = reverse("fund:member_detail", args=[member.pk])
    assert f'href="{link}" data-testid="my-capital-account"' in home
    assert client.get(link).status_code == 200


def test_api_capital_accounts_are_scoped_the_same_way(client, sleutelstad):
    client.force_login(sleutelstad.officer)
    url = reverse("api:capital_accounts", args=[sleutelstad.fund.slug])
    rows = client.get(url + "?as_of=2026-01-01").json()
    assert rows == [  # 25 % of 1,000,000 called and paid in June 2025
        {
            "member_id": rows[0]["member_id"],
            "member_name": "Gemeente Leiden",
            "member_kind": "municipality",
            "committed": "1000000.00",
            "called": "250000.00",
            "paid_in": "250000.00",
            "unfunded": "750000.00",
            "distributed": "0.00",
        }
    ]
    assert client.get(url + "?as_of=1-1-2026").status_code == 400


def test_dutch_pages_format_money_and_dates_the_dutch_way(client, sleutelstad):
    client.force_login(sleutelstad.manager)
    url = reverse("fund:fund_detail", args=[sleutelstad.fund.slug])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "€\xa01.750.000,00" in page  # committed; a non-breaking space keeps the sign with the amount
    assert "01-03-2025" in page  # the inception date
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "€1,750,000.00" in english.content.decode()


def test_organisation_search_finds_by_municipality_and_kvk(client, sleutelstad):
    factories.organisation(legal_name="Heuvelrug Circulair B.V.", postcode="3701 BC")  # in Zeist by its postcode
    factories.organisation(legal_name="Zeist Aan Het Werk Stichting", postcode="3702 AB", legal_form="stichting")
    factories.organisation(legal_name="Werk in Zeist B.V.", postcode="2311 AB")  # in Leiden, but Zeist in its name
    for i in range(1, 4):
        factories.organisation(kvk=f"4999999{i}")
    client.force_login(sleutelstad.manager)
    names = [o.legal_name for o in client.get(reverse("fund:organisation_list") + "?q=Zeist").context["page"]]
    assert names == [
        "Gemeente Zeist",
        "Heuvelrug Circulair B.V.",
        "Werk in Zeist B.V.",
        "Zeist Aan Het Werk Stichting",
    ]
    page = client.get(reverse("fund:organisation_list") + "?q=4999999", HTTP_HX_REQUEST="true")
    assert sorted(o.kvk_number for o in page.context["page"]) == [f"4999999{i}" for i in range(1, 4)]
    assert b"<html" not in page.content  # htmx gets only the rows


@pytest.mark.parametrize(
    ("role", "url_name", "args", "budget"),
    [
        ("manager", "home", [], 12),
        ("manager", "fund:organisation_list", [], 8),
        ("manager", "fund:fund_detail", ["sif-sleutelstad"], 12),
        ("officer", "fund:municipality_detail", ["GM0546"], 12),
        ("manager", "fund:organisation_detail", None, 12),
    ],
)
def test_pages_stay_within_their_query_budget(
    client, sleutelstad, django_assert_max_num_queries, role, url_name, args, budget
):
    client.force_login(getattr(sleutelstad, role))
    if args is None:
        args = [sleutelstad.leiden.organisation.pk]
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(url_name, args=args)).status_code == 200
