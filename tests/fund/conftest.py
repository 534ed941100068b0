"""A fund of the tests' own, SIF Sleutelstad (Leiden and Zeist), with three members, one capital call, and one user
per role that reads it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from fund.choices import MemberKind
from fund.models import Fund, Member, User
from fund.services.capital import capital_call_issue, capital_contribution_record
from tests import factories

D = datetime.date


@dataclass
class Sleutelstad:
    fund: Fund
    leiden: Member
    zeist: Member
    foundation: Member
    manager: User
    admin: User
    officer: User  # the municipality of Leiden's officer
    coinvestor: User  # for Stichting Sleutelfonds


@pytest.fixture
def sleutelstad(db) -> Sleutelstad:
    """Commitments: Leiden 1,000,000, Zeist 500,000, Stichting Sleutelfonds 250,000 = 1,750,000, all on 1 March 2025.
    Call 1 (1 June 2025) of 25 %: 250,000 + 125,000 + 62,500; paid 21 days later in full, by the foundation half."""
    fund = factories.fund(
        name="SIF Sleutelstad", inception_date=D(2025, 3, 1), region_codes=("GM0546", "GM0355"), target_size="3000000"
    )
    admitted = D(2025, 3, 1)
    leiden, zeist = (
        factories.member(
            fund=fund,
            organisation=factories.organisation(
                legal_name=f"Gemeente {name}", postcode=postcode, legal_form="public_body", is_investee=False
            ),
            kind=MemberKind.MUNICIPALITY,
            municipality=code,
            committed=committed,
            admitted=admitted,
        )
        for name, postcode, code, committed in (
            ("Leiden", "2311 AA", "GM0546", "1000000.00"),
            ("Zeist", "3701 AA", "GM0355", "500000.00"),
        )
    )
    foundation = factories.member(
        fund=fund, legal_name="Stichting Sleutelfonds", committed="250000.00", admitted=admitted
    )
    call = capital_call_issue(
        actor=None, fund=fund, call_date=D(2025, 6, 1), due_date=D(2025, 7, 1), percent=Decimal("25")
    )
    for member, paid in ((leiden, "250000.00"), (zeist, "125000.00"), (foundation, "31250.00")):
        capital_contribution_record(
            actor=None, member=member, amount=Decimal(paid), value_date=D(2025, 6, 22), capital_call=call
        )
    return Sleutelstad(
        fund=fund,
        leiden=leiden,
        zeist=zeist,
        foundation=foundation,
        manager=factories.user("fund_manager", fund=fund),
        admin=factories.user("admin"),
        officer=factories.user("municipality_officer", municipality="GM0546"),
        coinvestor=factories.user("co_investor", member=foundation),
    )
