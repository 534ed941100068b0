"""The demo funds' books: their whole history posted from the loan and capital ledgers, each quarter's period end
(interest accrual and loan-loss provision) run and the quarters closed up to the last full one, so the trial balance,
the balance sheet, the profit and loss and the close page show real figures. Idempotent: loading again posts nothing
twice and closes nothing twice."""

import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from fund.models import CapitalMovement, Fund
from fund.periods import Quarter
from portfolio.accounting.closing import period_close
from portfolio.accounting.period_end import period_end_post
from portfolio.accounting.period_models import ClosedPeriod, ClosedPeriodStatus
from portfolio.accounting.services import books_post
from portfolio.models import LedgerEntry

# the demo imports no bank statements for its history: each close says so, as a manager would have to
CLOSE_NOTE = "Demo: the bank statements of this quarter are not imported; reconciled against the bank's own reports."


def demo_seed() -> None:
    """Run each demo fund's quarters (period end, then close) up to the last full one, then post up to yesterday."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    today = timezone.localdate()
    last = Quarter.last_completed(today)
    for fund in Fund.objects.order_by("pk"):
        first = min(
            (
                d
                for d in (
                    LedgerEntry.objects.filter(loan__fund=fund).aggregate(d=Min("value_date"))["d"],
                    CapitalMovement.objects.filter(member__fund=fund).aggregate(d=Min("value_date"))["d"],
                )
                if d is not None
            ),
            default=None,
        )
        if first is not None:
            quarter = Quarter.of(first)
            while quarter.end <= last.end:
                period_end_post(fund=fund, as_of=quarter.end)
                if not ClosedPeriod.objects.filter(
                    fund=fund, start=quarter.start, end=quarter.end, status=ClosedPeriodStatus.CLOSED
                ).exists():
                    period_close(actor=None, fund=fund, start=quarter.start, end=quarter.end, note=CLOSE_NOTE)
                quarter = quarter.next()
        books_post(fund=fund, up_to=today - datetime.timedelta(days=1))
