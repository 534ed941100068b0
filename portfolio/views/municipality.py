"""The municipality officer's "my municipality": the key figures (capital deployed, enterprises financed, residents
placed in work this year, outcome payments), each with a link to its detail, and the organisations located there,
investees apart from fund members. Every number comes from a selector; officers see their own municipality only."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, Municipality, Organisation
from fund.roles import MUNICIPALITY_READERS
from fund.selectors import member_organisations
from impactmetrics.models import OutcomeContract
from impactmetrics.selectors.outcomes import outcome_payments_summary, residents_placed_in_work
from portfolio.selectors.municipality import municipality_capital_deployed


@allow(*MUNICIPALITY_READERS)
@require_GET
def municipality_overview(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """One municipality's key figures today, with links to their detail, and who is located there."""
    municipality = access.get_visible_or_404(request.user, Municipality, code=code)
    today = timezone.localdate()
    located_here = access.scope(request.user, Organisation).filter(municipality=municipality)
    capital = municipality_capital_deployed(
        municipality=municipality,
        as_of=today,
        funds=access.scope(request.user, Fund),
        investees=located_here.filter(is_investee=True),
    )
    contracts = access.scope(request.user, OutcomeContract).filter(municipality=municipality).prefetch_related("rates")
    payments = [outcome_payments_summary(contract=c, as_of=today) for c in contracts]
    return render(
        request,
        "portfolio/municipality_overview.html",
        {
            "municipality": municipality,
            "today": today,
            "capital": capital,
            "placed": residents_placed_in_work(
                municipality=municipality, start=datetime.date(today.year, 1, 1), end=today
            ),
            "paid": sum((p.paid for p in payments), Decimal("0.00")),
            "claimed": sum((p.claimed for p in payments), Decimal("0.00")),
            "has_contracts": bool(payments),
            "financing": capital.investees,
            "members": member_organisations(organisations=located_here),
        },
    )
