"""Capital accounts, hand-computed: A commits 100,000.00 and B 50,000.01; a 30 % call; A pays in full, B 10,000."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fund.errors import DomainError
from fund.models import CapitalMovement
from fund.selectors import fund_capital_totals, member_capital_accounts
from fund.services.capital import (
    capital_call_issue,
    capital_commit,
    capital_contribution_record,
    capital_distribution_record,
    capital_movement_reverse,
    member_admit,
)
from fund.services.funds import fund_create
from fund.services.organisations import organisation_create
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def admin(db):
    return factories.user("admin")


@pytest.fixture
def book(admin):
    fund = fund_create(
        actor=admin,
        name="SIF Test",
        inception_date=D(2026, 1, 1),
        target_size=Decimal("1000000"),
        region_codes=["GM0599"],
        themes=["poverty"],
    )
    members = {}
    for name, kvk, amount in (("Stichting A", "50000001", "100000.00"), ("Stichting B", "50000002", "50000.01")):
        org = organisation_create(actor=admin, legal_name=name, kvk_number=kvk, legal_form="stichting", postcode="3011")
        member = member_admit(actor=admin, fund=fund, organisation=org, kind="foundation", admission_date=D(2026, 1, 1))
        capital_commit(actor=admin, member=member, amount=Decimal(amount), value_date=D(2026, 1, 1))
        members[name[-1]] = member
    call = capital_call_issue(
        actor=admin, fund=fund, call_date=D(2026, 2, 1), due_date=D(2026, 3, 1), percent=Decimal("30")
    )
    capital_contribution_record(
        actor=admin,
        member=members["A"],
        amount=Decimal("30000.00"),
        value_date=D(2026, 2, 20),
        capital_call=call,
    )
    contribution_b = capital_contribution_record(
        actor=admin,
        member=members["B"],
        amount=Decimal("10000.00"),
        value_date=D(2026, 2, 25),
        capital_call=call,
    )
    capital_distribution_record(actor=admin, member=members["A"], amount=Decimal("1234.56"), value_date=D(2026, 6, 30))
    return fund, members, contribution_b


def _accounts(fund, day):
    return {a.member_name[-1]: a for a in member_capital_accounts(fund=fund, as_of=day)}


def test_call_shares_are_rounded_to_the_cent(book):
    fund, _, _ = book
    calls = CapitalMovement.objects.filter(member__fund=fund, kind="call").order_by("member__organisation__legal_name")
    assert [c.amount.amount for c in calls] == [
        Decimal("30000.00"),
        Decimal("15000.00"),
    ]  # 30 % of 50,000.01 = 15,000.003


def test_capital_accounts_on_a_date_after_all_movements(book):
    fund, _, _ = book
    a, b = _accounts(fund, D(2026, 12, 31)).values()
    assert (a.committed, a.called, a.paid_in, a.unfunded, a.distributed) == (
        Decimal("100000.00"),
        Decimal("30000.00"),
        Decimal("30000.00"),
        Decimal("70000.00"),
        Decimal("1234.56"),
    )
    assert (b.committed, b.called, b.paid_in, b.unfunded, b.outstanding_call) == (
        Decimal("50000.01"),
        Decimal("15000.00"),
        Decimal("10000.00"),
        Decimal("40000.01"),
        Decimal("5000.00"),
    )
    totals = fund_capital_totals(fund=fund, as_of=D(2026, 12, 31))
    assert (totals.members, totals.committed, totals.called, totals.paid_in, totals.unfunded, totals.distributed) == (
        2,
        Decimal("150000.01"),
        Decimal("45000.00"),
        Decimal("40000.00"),
        Decimal("110000.01"),
        Decimal("1234.56"),
    )


def test_capital_accounts_as_of_an_earlier_date_ignore_later_movements(book):
    fund, _, _ = book
    totals = fund_capital_totals(fund=fund, as_of=D(2026, 2, 21))  # A has paid, B not yet; no distribution
    assert (totals.called, totals.paid_in, totals.distributed) == (Decimal("45000.00"), Decimal("30000.00"), 0)
    assert fund_capital_totals(fund=fund, as_of=D(2025, 12, 31)).members == 0


def test_a_reversal_cancels_a_contribution_and_keeps_the_original(book, admin):
    fund, _, contribution_b = book
    capital_movement_reverse(actor=admin, movement=contribution_b, reason="Booked on the wrong member")
    assert _accounts(fund, D(2026, 12, 31))["B"].paid_in == Decimal("0.00")
    assert CapitalMovement.objects.filter(pk=contribution_b.pk).exists()
    with pytest.raises(DomainError):
        capital_movement_reverse(actor=admin, movement=contribution_b, reason="again")


def test_movements_are_append_only(book):
    _, _, contribution_b = book
    contribution_b.note = "edited"
    with pytest.raises(ValueError, match="append-only"):
        contribution_b.save()
    with pytest.raises(ValueError, match="append-only"):
        contribution_b.delete()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("1.001")])
def test_a_contribution_must_be_a_positive_amount_in_cents(book, admin, amount):
    _, members, _ = book
    with pytest.raises(ValidationError) as excinfo:
        capital_contribution_record(actor=admin, member=members["A"], amount=amount, value_date=D(2026, 7, 1))
    assert list(excinfo.value.message_dict) == ["amount"]


def test_a_member_is_never_called_beyond_its_commitment(book, admin):
    fund, _, _ = book
    capital_call_issue(actor=admin, fund=fund, call_date=D(2026, 8, 1), due_date=D(2026, 9, 1), percent=Decimal("80"))
    accounts = _accounts(fund, D(2026, 12, 31))
    assert (accounts["A"].called, accounts["B"].called) == (Decimal("100000.00"), Decimal("50000.01"))
