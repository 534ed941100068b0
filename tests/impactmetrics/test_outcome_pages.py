"""Pages for place-based outcomes and SROI: person records (investee), outcome claims, SROI analyses and
labour-market regions (fund managers). Expected figures are worked out by hand in the comments."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money

from fund.choices import Role
from fund.models import AuditEvent, Municipality, RoleAssignment, User
from fund.templatetags.sif_format import money
from impactmetrics.models import OutcomeContract, OutcomePayment, OutcomeRate, PersonRecord, SroiAnalysis
from impactmetrics.services.outcomes import person_record_add
from tests.impactmetrics.conftest import plan_for

pytestmark = pytest.mark.django_db
day = datetime.date
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."
SPAARNE = "Spaarne Werkt B.V."


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These pages are read in English here; the Dutch wording is checked by the translation tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def person_form(**override) -> dict[str, str]:
    values = {
        "reference": "W-100",
        "postcode": "3026 AK",
        "benefit_category": "bijstand",
        "benefit_months": "30",
        "in_target_register": "on",
        "started_on": "2026-01-05",
        "ended_on": "",
        "hours_per_week": "24",
    }
    values.update(override)
    return {k: v for k, v in values.items() if v is not None}


# ---- 1. person records -------------------------------------------------------------------------------------------


def test_the_investee_records_a_person_and_the_municipality_comes_from_the_postcode(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    client.force_login(demo.investee)
    response = client.post(reverse("impact:person_list", args=[org.pk]), person_form())
    assert response.status_code == 302
    person = PersonRecord.objects.get(organisation=org, reference="W-100")
    assert (person.pc4, person.municipality.code, person.benefit_months) == ("3026", "GM0599", 30)
    assert (person.in_target_register, person.hours_per_week, person.ended_on) == (True, D("24.00"), None)
    assert AuditEvent.objects.filter(action="person_record.added", actor=demo.investee).exists()
    page = client.get(reverse("impact:person_list", args=[org.pk])).content.decode()
    assert 'data-reference="W-100"' in page


@pytest.mark.parametrize("reference", ["123456782", "1234.56.782", "12 34 56 782"])
def test_a_reference_that_looks_like_a_bsn_is_refused_next_to_the_reference_field(client, demo, reference):
    org = demo.organisation(BUURTKEUKEN)
    client.force_login(demo.investee)
    response = client.post(reverse("impact:person_list", args=[org.pk]), person_form(reference=reference))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="reference"' in html and "citizen service number" in html
    assert not PersonRecord.objects.filter(organisation=org, hours_per_week=24, started_on=day(2026, 1, 5)).exists()


def test_every_wrong_value_is_reported_at_once_each_with_its_field(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    before = PersonRecord.objects.count()
    client.force_login(demo.investee)
    response = client.post(
        reverse("impact:person_list", args=[org.pk]),
        person_form(reference="BK-01", postcode="0999", hours_per_week="0", ended_on="2025-12-31"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("reference", "postcode", "hours_per_week", "ended_on"):
        assert f'data-field="{field}"' in html, field
    assert "BK-01" in html.split('data-field="reference"')[1].split("</li>")[0]  # "You used reference BK-01 already."
    assert PersonRecord.objects.count() == before


def test_the_investee_sees_only_its_own_records_and_cannot_add_to_another_investee(client, demo):
    client.force_login(demo.investee)
    html = client.get(reverse("impact:person_list", args=[demo.organisation(BUURTKEUKEN).pk])).content.decode()
    for ref in ("BK-01", "BK-02", "BK-03", "BK-04", "BK-05"):
        assert f'data-reference="{ref}"' in html
    for ref in ("HW-1", "WF-1", "SW-1", "VW-1"):
        assert f'data-reference="{ref}"' not in html
    spaarne = demo.organisation(SPAARNE)
    before = PersonRecord.objects.filter(organisation=spaarne).count()
    response = client.post(reverse("impact:person_list", args=[spaarne.pk]), person_form(postcode="2031 CC"))
    assert response.status_code == 404
    assert PersonRecord.objects.filter(organisation=spaarne).count() == before
    sw1 = PersonRecord.objects.get(reference="SW-1")
    response = client.post(reverse("impact:person_end", args=[spaarne.pk, sw1.pk]), {"ended_on": "2026-06-30"})
    assert response.status_code == 404
    # Nor through its own organisation's URL.
    response = client.post(
        reverse("impact:person_end", args=[demo.organisation(BUURTKEUKEN).pk, sw1.pk]), {"ended_on": "2026-06-30"}
    )
    assert response.status_code == 404
    sw1.refresh_from_db()
    assert sw1.ended_on is None


def test_a_municipality_officer_cannot_open_or_post_person_records(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    client.force_login(demo.rotterdam)
    assert client.get(reverse("impact:person_list", args=[org.pk])).status_code == 403
    assert client.post(reverse("impact:person_list", args=[org.pk]), person_form()).status_code == 403
    assert not PersonRecord.objects.filter(reference="W-100").exists()


def test_a_fund_manager_records_a_person_on_behalf_of_the_investee(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    client.force_login(demo.manager)
    response = client.post(reverse("impact:person_list", args=[org.pk]), person_form(reference="W-200"))
    assert response.status_code == 302
    assert PersonRecord.objects.filter(organisation=org, reference="W-200").exists()


def test_recording_that_someone_left_work(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    bk5 = PersonRecord.objects.get(reference="BK-05")  # started 3 Nov 2025
    url = reverse("impact:person_end", args=[org.pk, bk5.pk])
    client.force_login(demo.investee)
    response = client.post(url, {"ended_on": "2025-10-01"})
    assert response.status_code == 400
    assert 'data-field="ended_on"' in response.content.decode()
    response = client.post(url, {"ended_on": "2026-06-30"})
    assert response.status_code == 302
    bk5.refresh_from_db()
    assert bk5.ended_on == day(2026, 6, 30)
    # Left after 8 months: never retained 12 months.
    html = client.get(reverse("impact:person_list", args=[org.pk])).content.decode()
    row = html.split('data-reference="BK-05"')[1].split("</tr>")[0]
    assert "left before 12 months" in row or "12 maanden" in row


def test_a_leaving_date_that_contradicts_a_claimed_outcome_payment_is_refused(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    bk1 = PersonRecord.objects.get(reference="BK-01")  # started 1 Feb 2024, claimed and paid for 12 months
    client.force_login(demo.investee)
    response = client.post(reverse("impact:person_end", args=[org.pk, bk1.pk]), {"ended_on": "2024-12-31"})
    assert response.status_code == 400
    assert "outcome payment was claimed" in response.content.decode()
    bk1.refresh_from_db()
    assert bk1.ended_on is None


def test_a_future_start_or_leaving_date_is_refused(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    client.force_login(demo.investee)
    response = client.post(reverse("impact:person_list", args=[org.pk]), person_form(started_on=tomorrow))
    assert response.status_code == 400
    assert 'data-field="started_on"' in response.content.decode()


# ---- 2. outcome claims -------------------------------------------------------------------------------------------


@pytest.fixture
def delft(demo):
    """An outcome contract in Delft (no demo person lives there), and people placed by a SIF Rotterdam investee:
    P-1 18 months on bijstand (1–2 years: EUR 2,500), P-2 80 months (5+ years: EUR 7,500), P-3 left after 6 months,
    P-4 from WW, P-5 started before the contract. Due before any claim: 2,500 + 7,500 = 10,000."""
    plan = plan_for(demo.rotterdam_fund, ["OD9151"], name="Delftse Werkplaats B.V.", postcode="2611 AB")
    contract = OutcomeContract.objects.create(
        municipality=Municipality.objects.get(code="GM0503"), name="Prestatiecontract Delft", start=day(2024, 1, 1)
    )
    for bucket, amount in (("1-2", "2500.00"), ("2-5", "5000.00"), ("5+", "7500.00")):
        OutcomeRate.objects.create(contract=contract, bucket=bucket, amount=Money(D(amount), "EUR"))
    people = {}
    for ref, category, months, start, end in (
        ("P-1", "bijstand", 18, day(2024, 2, 1), None),
        ("P-2", "bijstand", 80, day(2024, 3, 1), None),
        ("P-3", "bijstand", 40, day(2024, 4, 1), day(2024, 10, 1)),
        ("P-4", "ww", 40, day(2024, 5, 1), None),
        ("P-5", "bijstand", 30, day(2023, 6, 1), None),
    ):
        people[ref] = person_record_add(
            actor=None,
            organisation=plan.organisation,
            reference=ref,
            postcode="2611 AB",
            benefit_category=category,
            benefit_months=months,
            started_on=start,
            ended_on=end,
            hours_per_week=D(24),
        )
    return contract, people


def figures(html: str) -> tuple[str, str, str]:
    cards = html.split('data-testid="outcome-payments"')[1]
    return tuple(cards.split(f'data-testid="{k}">')[1].split("<")[0] for k in ("due", "claimed", "paid"))


def test_the_manager_claims_a_retained_person_and_records_the_payment(client, demo, delft):
    contract, people = delft
    url = reverse("impact:contract_detail", args=[contract.pk])
    client.force_login(demo.manager)
    html = client.get(url).content.decode()
    assert figures(html) == (money(D("10000.00")), money(D("0.00")), money(D("0.00")))
    assert 'data-reference="P-1" data-status="due"' in html and 'data-reference="P-2" data-status="due"' in html
    for ref in ("P-3", "P-4", "P-5"):
        assert f'data-reference="{ref}"' not in html

    response = client.post(url, {"action": "claim", "claim-person": people["P-1"].pk, "claim-claimed_on": "2025-02-15"})
    assert response.status_code == 302
    claim = OutcomePayment.objects.get(contract=contract, person=people["P-1"])
    assert (claim.amount.amount, claim.status) == (D("2500.00"), "claimed")
    assert figures(client.get(url).content.decode()) == (money(D("7500.00")), money(D("2500.00")), money(D("0.00")))

    response = client.post(url, {"action": "paid", "paid-payment": claim.pk, "paid-paid_on": "2025-03-01"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.paid_on) == ("paid", day(2025, 3, 1))
    assert figures(client.get(url).content.decode()) == (money(D("7500.00")), money(D("0.00")), money(D("2500.00")))
    assert AuditEvent.objects.filter(action__in=["outcome_payment.claimed", "outcome_payment.paid"]).count() >= 2

    listing = client.get(reverse("impact:contract_list")).content.decode()
    row = listing.split(f'data-contract="{contract.pk}"')[1].split("</tr>")[0]
    assert money(D("7500.00")) in row and money(D("2500.00")) in row


def test_a_claim_that_does_not_qualify_is_refused_with_the_reason_next_to_the_field(client, demo, delft):
    contract, people = delft
    url = reverse("impact:contract_detail", args=[contract.pk])
    client.force_login(demo.manager)
    # P-2 started 1 Mar 2024: not 12 months in work on 15 Jan 2025.
    response = client.post(url, {"action": "claim", "claim-person": people["P-2"].pk, "claim-claimed_on": "2025-01-15"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="person"' in html and "not been in work for 12 months" in html
    # A claim dated in the future could claim someone before their year is up.
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"action": "claim", "claim-person": people["P-2"].pk, "claim-claimed_on": tomorrow})
    assert response.status_code == 400
    assert 'data-field="claimed_on"' in response.content.decode()
    # P-3 left before 12 months: not a choice at all.
    response = client.post(url, {"action": "claim", "claim-person": people["P-3"].pk, "claim-claimed_on": "2025-06-01"})
    assert response.status_code == 400
    assert not OutcomePayment.objects.filter(contract=contract).exists()


def test_a_payment_before_its_claim_is_refused(client, demo, delft):
    contract, people = delft
    url = reverse("impact:contract_detail", args=[contract.pk])
    client.force_login(demo.manager)
    client.post(url, {"action": "claim", "claim-person": people["P-1"].pk, "claim-claimed_on": "2025-02-15"})
    claim = OutcomePayment.objects.get(contract=contract)
    response = client.post(url, {"action": "paid", "paid-payment": claim.pk, "paid-paid_on": "2025-02-01"})
    assert response.status_code == 400
    assert 'data-field="paid_on"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "claimed"


def test_other_roles_cannot_claim_and_a_manager_sees_only_the_people_of_the_funds_they_manage(client, demo, delft):
    contract, people = delft
    url = reverse("impact:contract_detail", args=[contract.pk])
    post = {"action": "claim", "claim-person": people["P-1"].pk, "claim-claimed_on": "2025-02-15"}
    for role in ("investee", "rotterdam", "ic", "coinvestor"):
        client.force_login(demo.user(role))
        assert client.post(url, post).status_code == 403
    # A manager of SIF ZKIJ only: the Delft people belong to a SIF Rotterdam investee.
    zkij = User.objects.create_user(email="zkij-manager@sif.example", password="x" * 16)
    RoleAssignment.objects.create(user=zkij, role=Role.FUND_MANAGER, fund=demo.zkij_fund)
    client.force_login(zkij)
    html = client.get(url).content.decode()
    assert 'data-reference="P-1"' not in html
    assert figures(html) == (money(D("0.00")), money(D("0.00")), money(D("0.00")))
    assert client.post(url, post).status_code == 400
    assert not OutcomePayment.objects.filter(contract=contract).exists()


# ---- 3. SROI analyses --------------------------------------------------------------------------------------------


def sroi_post(plan_pk: int, **first) -> dict[str, str]:
    """The issue's worked example as outcome 1, a small second outcome, and an empty third form."""
    data = {
        "plan": str(plan_pk),
        "title": "Werkplaats 2026",
        "investment": "150000",
        "discount_rate": "3.5",
        "outcomes-TOTAL_FORMS": "3",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "1",
        "outcomes-MAX_NUM_FORMS": "20",
    }
    one = {
        "name": "People from social assistance into paid work",
        "quantity": "10",
        "quantity_source": "Approved SIF-PLACED 2025",
        "proxy": "20000",
        "proxy_source": "Yearly public cost of social assistance per person",
        "deadweight": "25",
        "displacement": "10",
        "attribution": "20",
        "drop_off": "30",
        "duration_years": "3",
    } | first
    two = {
        "name": "Volunteers trained",
        "quantity": "5",
        "quantity_source": "Training register",
        "proxy": "1000",
        "proxy_source": "Course fee of a comparable training",
        "deadweight": "0",
        "displacement": "0",
        "attribution": "0",
        "drop_off": "0",
        "duration_years": "1",
    }
    data |= {f"outcomes-0-{k}": v for k, v in one.items()}
    data |= {f"outcomes-1-{k}": v for k, v in two.items()}
    return data


def test_the_manager_creates_an_sroi_analysis_and_it_is_shown_with_its_sensitivity_table(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    plan = org.impact_plans.get()
    client.force_login(demo.manager)
    response = client.post(reverse("impact:sroi_create", args=[org.pk]), sroi_post(plan.pk))
    assert response.status_code == 302
    analysis = SroiAnalysis.objects.get(title="Werkplaats 2026")
    assert analysis.created_by == demo.manager
    assert [o.name for o in analysis.outcomes.all()] == [
        "People from social assistance into paid work",
        "Volunteers trained",
    ]
    # Outcome 1 (the example): PV 222,652.04. Outcome 2: 5 × 1,000 = 5,000 in year 1, ÷ 1.035 = 4,830.92.
    # Total 227,482.96; ratio 227,482.96 ÷ 150,000 = 1.52; net 0.52.
    html = client.get(reverse("impact:investee_sroi", args=[org.pk])).content.decode()
    section = html.split("<h2>Werkplaats 2026</h2>")[1].split("<h2>")[0]
    assert money(D("227482.96")) in section
    assert "<b>1.52</b>" in section or "<b>1,52</b>" in section
    assert money(D("108000.00")) in section and money(D("5000.00")) in section  # year values, not discounted
    assert 'data-testid="sensitivity"' in section
    assert "Course fee of a comparable training" in section


def test_a_wrong_assumption_is_reported_on_its_outcome_and_field_and_nothing_is_saved(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    plan = org.impact_plans.get()
    client.force_login(demo.manager)
    response = client.post(
        reverse("impact:sroi_create", args=[org.pk]), sroi_post(plan.pk, deadweight="120", proxy_source="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    first = html.split('data-testid="outcome-0"')[1].split("</fieldset>")[0]
    assert 'data-field="proxy_source"' in first  # required by the form
    assert not SroiAnalysis.objects.filter(title="Werkplaats 2026").exists()
    # With the source given, the service refuses the percentage, on outcome 1's deadweight.
    response = client.post(reverse("impact:sroi_create", args=[org.pk]), sroi_post(plan.pk, deadweight="120"))
    assert response.status_code == 400
    first = response.content.decode().split('data-testid="outcome-0"')[1].split("</fieldset>")[0]
    assert 'data-field="deadweight"' in first
    assert not SroiAnalysis.objects.filter(title="Werkplaats 2026").exists()


def test_an_investee_cannot_create_an_sroi_analysis(client, demo):
    org = demo.organisation(BUURTKEUKEN)
    client.force_login(demo.investee)
    response = client.post(reverse("impact:sroi_create", args=[org.pk]), sroi_post(org.impact_plans.get().pk))
    assert response.status_code == 403
    assert not SroiAnalysis.objects.filter(title="Werkplaats 2026").exists()


def test_a_manager_cannot_create_an_analysis_for_another_funds_investee(client, demo):
    zkij = User.objects.create_user(email="zkij-manager@sif.example", password="x" * 16)
    RoleAssignment.objects.create(user=zkij, role=Role.FUND_MANAGER, fund=demo.zkij_fund)
    org = demo.organisation(BUURTKEUKEN)  # SIF Rotterdam
    client.force_login(zkij)
    response = client.post(reverse("impact:sroi_create", args=[org.pk]), sroi_post(org.impact_plans.get().pk))
    assert response.status_code == 404
    assert not SroiAnalysis.objects.filter(title="Werkplaats 2026").exists()


# ---- 4. labour-market regions ------------------------------------------------------------------------------------


def test_the_region_page_adds_up_its_municipalities_residents_once(client, demo):
    """Rijnmond (AM22) on 31 Dec 2025, from the demo person records: Rotterdam BK-01, 02, 04, 05, HW-1, 2, 4, WF-1, 2;
    Schiedam BK-03 (3111); Nissewaard HW-3 (3201). 11 placed; BK-03 and WF-2 left, so 9 in work. Started by the end of
    2024: BK-01, 02, 03, HW-1, 2, 3, WF-1, 2 = 8, of whom BK-03 and WF-2 left within the year: 6 retained.
    Hours of those in work: 24 + 32 + 25.5 + 28 + 36 + 36 + 32 + 25.5 + 20 = 259. Doelgroepregister: BK-02 32,
    BK-04 25.5, HW-4 25.5, WF-1 20 = 103 h ÷ 25.5 = 4.0 jobs."""
    client.force_login(demo.manager)
    html = client.get(reverse("impact:region_impact", args=["AM22"]) + "?year=2025").content.decode()
    cards = html.split('data-testid="place-outcomes"')[1]

    def card(key):
        return cards.split(f'data-testid="{key}">')[1].split("<")[0]

    assert (card("placed"), card("in-work"), card("retained"), card("banen").replace(",", ".")) == (
        "11",
        "9",
        "6 / 8",
        "4.0",
    )
    assert card("hours") in ("259", "259.0", "259,0")
    table = html.split('data-testid="region-municipalities"')[1].split("</table>")[0]
    assert [r.split('"')[0] for r in table.split('data-municipality="')[1:]] == ["Nissewaard", "Rotterdam", "Schiedam"]
    rotterdam = table.split('data-municipality="Rotterdam"')[1].split("</tr>")[0]
    # Rotterdam: 9 placed, WF-2 left (8 in work), 5 of 6 retained, 259 − 32 (HW-3, Nissewaard) = 227 hours.
    assert '"num">9<' in rotterdam and '"num">8<' in rotterdam and "5 / 6" in rotterdam and '"num">227<' in rotterdam
    # Haarlem's residents are not in Rijnmond, and the metrics table carries coverage.
    assert "Haarlem" not in table
    assert 'data-testid="aggregates"' in html


def test_the_region_totals_are_the_sum_of_its_municipality_pages(client, demo):
    """Reported metrics: a flow summed over the region equals the sum over its municipalities' pages (each plan is
    attributed to one municipality, so nothing is counted twice)."""
    from impactmetrics.models import ImpactPlan
    from impactmetrics.selectors.aggregation import metric_aggregates, region_plans

    start, end = day(2025, 1, 1), day(2025, 12, 31)
    region = {
        a.code: a
        for a in metric_aggregates(
            plans=region_plans(plans=ImpactPlan.objects.all(), region_code="AM22"), start=start, end=end
        )
    }
    by_municipality = [
        {a.code: a for a in metric_aggregates(plans=ImpactPlan.objects.filter(municipality=m), start=start, end=end)}
        for m in Municipality.objects.filter(labour_market_region__code="AM22", impact_plans__isnull=False).distinct()
    ]
    flows = [code for code, a in region.items() if a.kind == "flow" and a.value is not None]
    assert flows
    for code in flows:
        assert region[code].value == sum((m[code].value or 0) for m in by_municipality if code in m)
        assert region[code].expected == sum(m[code].expected for m in by_municipality if code in m)
    client.force_login(demo.manager)
    html = client.get(reverse("impact:region_impact", args=["AM22"]) + "?year=2025").content.decode()
    assert f'data-metric="{flows[0]}"' in html


def test_the_region_list_counts_plans_and_people_per_region(client, demo):
    """Demo people: 11 in Rijnmond (AM22), 6 in Zuid-Kennemerland en IJmond (AM37)."""
    client.force_login(demo.manager)
    html = client.get(reverse("impact:region_list")).content.decode()
    am22 = html.split('data-region="AM22"')[1].split("</tr>")[0]
    am37 = html.split('data-region="AM37"')[1].split("</tr>")[0]
    assert am22.rstrip().endswith('<td class="num">11</td>') and am37.rstrip().endswith('<td class="num">6</td>')


def test_municipality_officers_and_other_readers_cannot_open_region_pages(client, demo):
    for role in ("rotterdam", "haarlem", "ic", "coinvestor", "investee"):
        client.force_login(demo.user(role))
        assert client.get(reverse("impact:region_impact", args=["AM22"])).status_code == 403
        assert client.get(reverse("impact:region_list")).status_code == 403


# ---- query budgets -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "name", "kwargs", "budget"),
    [
        ("investee", "impact:person_list", "buurtkeuken", 8),
        ("manager", "impact:person_list", "buurtkeuken", 8),
        ("manager", "impact:contract_list", {}, 9),
        ("manager", "impact:contract_detail", "contract", 14),
        ("manager", "impact:sroi_create", "buurtkeuken", 11),
        ("manager", "impact:region_list", {}, 7),
        # at most 15 whatever the number of metrics (issue 11: the dashboard rows are one selector now, no query per
        # metric); see test_query_budgets.py for 3 and 30 metrics
        ("manager", "impact:region_impact", {"code": "AM22"}, 15),
    ],
)
def test_new_pages_stay_within_their_query_budget(
    client, demo, django_assert_max_num_queries, role, name, kwargs, budget
):
    if kwargs == "buurtkeuken":
        kwargs = {"pk": demo.organisation(BUURTKEUKEN).pk}
    elif kwargs == "contract":
        kwargs = {"pk": OutcomeContract.objects.get(name="Prestatiecontract Werk Rotterdam").pk}
    client.force_login(demo.user(role))
    url = reverse(name, kwargs=kwargs)
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def test_the_person_list_makes_the_same_number_of_queries_for_more_people(client, demo, django_assert_num_queries):
    org = demo.organisation(BUURTKEUKEN)
    url = reverse("impact:person_list", args=[org.pk])
    client.force_login(demo.investee)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        person_record_add(
            actor=None,
            organisation=org,
            reference=f"X-{n}",
            postcode="3026 AK",
            benefit_category="bijstand",
            started_on=day(2025, 1, 1),
            hours_per_week=D(20),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
