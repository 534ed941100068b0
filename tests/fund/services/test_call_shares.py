"""A capital call's shares: each to the cent with the product's rounding (half up), and adding up to the call total,
the rounding difference going to the member with the largest commitment."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fund.models import CapitalMovement
from fund.services.capital import call_shares, capital_call_issue
from tests import factories

D = datetime.date


def test_three_equal_thirds_add_up_to_the_call_total():
    # 3 × 1,000.00 at 33.3333 %: each exactly 333.333 → rounded 333.33; the total 999.999 rounds to 1,000.00, so the
    # first (largest) member takes 1,000.00 − 2 × 333.33 = 333.34
    shares = call_shares(commitments=[Decimal("1000.00")] * 3, percent=Decimal("33.3333"))
    assert shares == [Decimal("333.34"), Decimal("333.33"), Decimal("333.33")]


@given(
    st.lists(st.decimals(min_value=1, max_value=10_000_000, places=2), min_size=1, max_size=30),
    st.decimals(min_value=Decimal("0.0001"), max_value=100, places=4),
)
def test_shares_always_add_up_to_the_rounded_total(commitments, percent):
    shares = call_shares(commitments=commitments, percent=percent)
    total = (sum(commitments) * percent / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert sum(shares) == total
    assert all(s == s.quantize(Decimal("0.01")) for s in shares)


@pytest.mark.django_db
def test_each_member_pays_its_call_with_its_own_rf_reference():
    fund = factories.fund()
    members = [factories.member(fund=fund, committed=c) for c in ("100000.00", "50000.00", "30000.00")]
    call = capital_call_issue(
        actor=None, fund=fund, call_date=D(2026, 9, 1), due_date=D(2026, 9, 30), percent=Decimal("12.5")
    )
    lines = {m.member_id: m for m in CapitalMovement.objects.filter(capital_call=call)}
    # 12.5 % of 100,000 / 50,000 / 30,000 = 12,500.00 / 6,250.00 / 3,750.00
    assert [lines[m.pk].amount.amount for m in members] == [Decimal("12500.00"), Decimal("6250.00"), Decimal("3750.00")]
    references = [lines[m.pk].reference for m in members]
    assert len(set(references)) == 3
    assert references[0] == f"RF{references[0][2:4]}{call.pk:07d}{members[0].pk:07d}"
