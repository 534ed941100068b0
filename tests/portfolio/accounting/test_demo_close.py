"""After seeding, the demo funds' quarters are closed up to the last full one, each with its accrual and provision."""

import pytest
from django.utils import timezone

from fund.periods import Quarter
from portfolio.accounting.closing import close_checklist
from portfolio.accounting.period_end import period_end_post
from portfolio.accounting.period_models import ClosedPeriod, ClosedPeriodStatus

pytestmark = pytest.mark.django_db


def test_the_demo_funds_show_closed_quarters_up_to_the_last_full_one(demo):
    last = Quarter.last_completed(timezone.localdate())
    for fund in (demo.rotterdam_fund, demo.zkij_fund):
        closed = ClosedPeriod.objects.filter(fund=fund, status=ClosedPeriodStatus.CLOSED).order_by("end")
        assert closed.count() >= 4
        assert closed.last().end == last.end
        checklist = {line.key: line for line in close_checklist(fund=fund, start=last.start, end=last.end)}
        assert checklist["accruals"].ok and checklist["provisions"].ok and checklist["balance"].ok
        assert period_end_post(fund=fund, as_of=last.end) == 0  # run already: nothing twice
