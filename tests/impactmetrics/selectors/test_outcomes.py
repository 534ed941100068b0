"""Place-based outcomes: residents placed, retained at 12 months, gross benefits avoided, outcome payments."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from fund.models import Municipality
from impactmetrics.models import OutcomeContract, OutcomeRate, PersonRecord
from impactmetrics.selectors.outcomes import gross_benefits_avoided, outcome_payments_summary, place_outcomes
from impactmetrics.services.outcomes import (
    benefit_norm_set,
    outcome_payment_claim,
    outcome_payment_mark_paid,
    person_record_add,
)
from tests.impactmetrics.conftest import investee

pytestmark = pytest.mark.django_db
day = datetime.date


@pytest.fixture
def org(db):
    return investee("Plaatsing B.V.")


def person(
    org,
    ref,
    *,
    postcode="3011 AB",
    category="bijstand",
    months=30,
    start=day(2025, 1, 1),
    end=None,
    hours=D(24),
    register=False,
):
    return person_record_add(
        actor=None,
        organisation=org,
        reference=ref,
        postcode=postcode,
        benefit_category=category,
        benefit_months=months,
        started_on=start,
        ended_on=end,
        hours_per_week=hours,
        in_target_register=register,
    )


def test_a_person_record_holds_no_personal_identifiers(org):
    p = person(org, "W-001", postcode="3026 ak")
    assert (p.pc4, p.municipality.code) == ("3026", "GM0599")
    with pytest.raises(ValidationError) as excinfo:
        person(org, "123456782")
    assert "citizen service number" in excinfo.value.message_dict["reference"][0]


def test_gross_benefits_avoided_counts_whole_months_at_the_years_norm(org):
    # 1 Jan 2025 to 31 Dec 2025: twelve whole months at EUR 1,345.45.
    p = person(org, "W-002")
    avoided = gross_benefits_avoided(persons=[p], as_of=day(2025, 12, 31))
    assert (avoided.months, avoided.amount, avoided.substituted) == (12, D("16145.40"), {})
    # Into 2026 with no 2026 norm yet: the 2025 norm is used and said so; then with a 2026 norm of 1,400.00.
    longer = gross_benefits_avoided(persons=[p], as_of=day(2026, 2, 28))
    assert (longer.months, longer.amount, longer.substituted) == (14, D("18836.30"), {2026: 2025})
    benefit_norm_set(actor=None, year=2026, monthly_amount=D("1400.00"))
    assert gross_benefits_avoided(persons=[p], as_of=day(2026, 2, 28)).amount == D("18945.40")
    # Someone from WW avoids no social assistance.
    ww = person(org, "W-003", category="ww")
    assert gross_benefits_avoided(persons=[ww], as_of=day(2025, 12, 31)).months == 0


def test_place_outcomes_count_only_the_municipalitys_residents_and_retention_at_12_months(org):
    rotterdam = Municipality.objects.get(code="GM0599")
    person(org, "R-1", start=day(2024, 1, 1), months=70, register=True, hours=D("25.5"))  # retained
    person(org, "R-2", start=day(2024, 3, 1), end=day(2024, 12, 31))  # left before 12 months
    person(org, "R-3", start=day(2025, 6, 1), category="wajong", register=True, hours=D("25.5"))  # not 12 months yet
    person(org, "H-1", postcode="2011 AB", start=day(2024, 1, 1))  # lives in Haarlem
    mine = place_outcomes(
        municipality=rotterdam, as_of=day(2025, 12, 31), persons=PersonRecord.objects.filter(organisation=org)
    )
    assert (mine.placed, mine.in_work, mine.started_12_months_ago, mine.retained_12_months) == (3, 2, 2, 1)
    assert mine.retention_rate == D("50.0")
    assert mine.by_benefit == {"bijstand": 2, "wajong": 1}
    assert mine.from_bijstand_by_duration == {"lt1": 0, "1-2": 0, "2-5": 1, "5+": 1}
    assert mine.banenafspraak_jobs == D("2.0")
    assert mine.hours_per_week == D("51")


def test_outcome_payments_due_claimed_and_paid_by_prior_benefit_duration(org):
    delft = Municipality.objects.get(code="GM0503")  # no demo person lives in Delft (the demo may be loaded too)
    contract = OutcomeContract.objects.create(municipality=delft, name="Prestatiecontract Werk", start=day(2024, 1, 1))
    OutcomeRate.objects.create(contract=contract, bucket="1-2", amount=Money(D("2500.00"), "EUR"))
    OutcomeRate.objects.create(contract=contract, bucket="2-5", amount=Money(D("5000.00"), "EUR"))
    OutcomeRate.objects.create(contract=contract, bucket="5+", amount=Money(D("7500.00"), "EUR"))
    short = person(org, "P-1", postcode="2611 AB", months=18, start=day(2024, 2, 1))
    long = person(org, "P-2", postcode="2611 AB", months=80, start=day(2024, 3, 1))
    person(org, "P-3", postcode="2611 AB", months=40, start=day(2024, 4, 1), end=day(2024, 10, 1))  # left: never due
    person(org, "P-4", postcode="2611 AB", months=40, start=day(2025, 6, 1))  # not retained yet
    as_of = day(2025, 6, 30)

    with pytest.raises(ValidationError, match="not been in work for 12 months"):
        outcome_payment_claim(actor=None, contract=contract, person=long, claimed_on=day(2025, 2, 1))
    claim = outcome_payment_claim(actor=None, contract=contract, person=short, claimed_on=day(2025, 2, 15))
    assert claim.amount.amount == D("2500.00")
    summary = outcome_payments_summary(contract=contract, as_of=as_of)
    assert [(line.reference, line.status, line.amount) for line in summary.lines] == [
        ("P-1", "claimed", D("2500.00")),
        ("P-2", "due", D("7500.00")),
    ]
    outcome_payment_mark_paid(actor=None, payment=claim, paid_on=day(2025, 3, 1))
    summary = outcome_payments_summary(contract=contract, as_of=as_of)
    assert (summary.due, summary.claimed, summary.paid) == (D("7500.00"), D("0.00"), D("2500.00"))
