"""The municipality officer's pages: "my municipality" with its key figures and links, investees apart from fund
members, one definition of "placed in work", no progress bar without a target and no future year to pick."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactmetrics.selectors.outcomes import PERSON_RECORD_METRICS
from impactmetrics.services.outcomes import person_record_add

pytestmark = pytest.mark.django_db

ROTTERDAM = "GM0599"
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These pages are read in English here; the Dutch wording is checked by the translation tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _card(html: str, testid: str) -> tuple[str, str]:
    """A key-figure card: its text (tags removed, spaces collapsed) and its HTML (for the links)."""
    card = html.split(f'data-testid="{testid}">', 1)[1].split('data-testid="', 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split()), card


def _place(demo, reference: str, postcode: str, started_on: datetime.date) -> None:
    person_record_add(
        actor=demo.investee,
        organisation=demo.organisation(BUURTKEUKEN),
        reference=reference,
        postcode=postcode,
        benefit_category="bijstand",
        started_on=started_on,
        hours_per_week=Decimal("24"),
    )


def test_the_officers_home_leads_to_my_municipality_with_its_key_figures_and_their_details(client, demo):
    today = timezone.localdate()
    _place(demo, "BK-20", "3026 AK", today)  # a Rotterdam resident placed this year: counts
    _place(demo, "BK-21", "3026 AK", datetime.date(today.year - 1, 12, 31))  # last year: does not
    _place(demo, "BK-22", "2031 CC", today)  # a Haarlem resident: counts in Haarlem, not here
    client.force_login(demo.rotterdam)
    home = client.get(reverse("home")).content.decode()
    overview_url = reverse("portfolio:municipality_overview", args=[ROTTERDAM])
    assert f'href="{overview_url}" data-testid="my-municipality"' in home

    html = client.get(overview_url).content.decode()
    # Paid out to the twelve Rotterdam enterprises with a SIF Rotterdam loan (demo ledger): 100,000 + 250,000 (the two
    # 2026 loans, first tranches) + 80,000 + 60,000 + 90,000 + 120,000 + 100,000 + 35,000 + 45,000 + 150,000 + 100,000
    # (Groene Daken, two tranches) + 150,000 + 150,000 = 1,430,000.00. The written-off loan was paid out too.
    text, card = _card(html, "capital-deployed")
    assert "€1,430,000.00" in text and 'href="#investees"' in card
    text, card = _card(html, "enterprises-financed")
    assert text.startswith("Enterprises financed 12 ") and 'href="#investees"' in card
    year = today.year
    impact_url = reverse("impact:municipality_impact", args=[ROTTERDAM])
    text, card = _card(html, "residents-placed")
    assert text.startswith(f"Residents placed in work in {year} 1 ")
    assert f'href="{impact_url}?year={year}#place-outcomes"' in card
    # Prestatiecontract Werk Rotterdam: one claim paid (5,000.00), one claimed and not yet paid (5,000.00).
    text, card = _card(html, "outcome-payments")
    assert text.startswith("Outcome payments paid €5,000.00 €5,000.00 claimed, not yet paid.")
    assert f'href="{impact_url}#outcome-payments"' in card
    # The impact page has the anchors the links go to.
    impact = client.get(f"{impact_url}?year={year}").content.decode()
    assert 'id="place-outcomes"' in impact and 'id="outcome-payments"' in impact


def test_my_municipality_lists_investees_apart_from_fund_members(client, demo):
    client.force_login(demo.rotterdam)
    html = client.get(reverse("portfolio:municipality_overview", args=[ROTTERDAM])).content.decode()
    assert html.count('data-testid="investees"') == 1 and html.count('data-testid="fund-members"') == 1
    investees = html.split('data-testid="investees"')[1].split("</table>")[0]
    members = html.split('data-testid="fund-members"')[1].split("</table>")[0]
    # 15 investees are located in Rotterdam, of which 12 had money paid out; 7 fund members are based there.
    assert investees.count("<tr>") == 1 + 15 and investees.count("not financed") == 3
    assert "Groene Daken" in investees and "€250,000.00" in investees  # two tranches: 150,000 + 100,000
    assert members.count("<tr>") == 1 + 7
    assert "Stichting Havenfonds Rotterdam" in members and "Stichting Havenfonds Rotterdam" not in investees
    assert "Gemeente Rotterdam" in members and "SIF Rotterdam (Municipality)" in members
    assert "Buurtkeuken" in investees and "Buurtkeuken" not in members
    # The municipality's reference page splits them the same way.
    page = client.get(reverse("fund:municipality_detail", args=[ROTTERDAM])).content.decode()
    assert page.count('data-testid="investees"') == 1 and page.count('data-testid="fund-members"') == 1
    assert page.split('data-testid="fund-members"')[1].split("</table>")[0].count("<tr>") == 1 + 7
    assert page.split('data-testid="investees"')[1].split("</table>")[0].count("<tr>") == 1 + 15


def test_placed_in_work_has_one_definition_on_the_officers_impact_page(client, demo):
    today = timezone.localdate()
    _place(demo, "BK-20", "3026 AK", today)
    client.force_login(demo.rotterdam)
    response = client.get(reverse("impact:municipality_impact", args=[ROTTERDAM]) + f"?year={today.year}")
    html = response.content.decode()
    # The residents' person records: one Rotterdam resident started this year (the demo's nine started in 2024-25).
    assert re.search(r'data-testid="placed-in-year">\s*1\s*<', html)
    # The enterprises' own totals for placed, in work, retained and Banenafspraak jobs are not shown beside them.
    codes = {row["aggregate"].code for row in response.context["rows"]}
    assert codes and not codes & set(PERSON_RECORD_METRICS)
    assert 'data-metric="SIF-PLACED"' not in html
    assert "counted above from the residents' person records" in html


def test_no_progress_bar_where_there_is_no_target(client, demo):
    client.force_login(demo.rotterdam)
    response = client.get(reverse("impact:municipality_impact", args=[ROTTERDAM]) + "?year=2025")
    rows = response.context["rows"]
    without = [row for row in rows if row["aggregate"].target is None]
    with_target = [row for row in rows if row["aggregate"].target is not None]
    assert without and with_target  # the demo plans set targets for total employees only
    for row in without:
        assert "<svg" not in row["bar"] and "no target" in row["bar"]
    for row in with_target:
        assert 'class="actual"' in row["bar"] and 'class="target"' in row["bar"]


def test_the_year_selector_offers_no_future_year(client, demo):
    this_year = timezone.localdate().year
    client.force_login(demo.rotterdam)
    url = reverse("impact:municipality_impact", args=[ROTTERDAM])

    def years(query: str) -> list[int]:
        html = client.get(url + query).content.decode()
        picker = html.split('data-testid="year-picker"')[1].split("</select>")[0]
        return [int(y) for y in re.findall(r'<option value="(\d{4})"', picker)]

    assert years(f"?year={this_year}") == [this_year - 2, this_year - 1, this_year]
    assert years(f"?year={this_year - 2}") == [this_year - 4, this_year - 3, this_year - 2, this_year - 1]
    for query in ("", f"?year={this_year + 1}", "?year=2099"):  # a future year asked for: the default year instead
        assert max(years(query)) == this_year, query
