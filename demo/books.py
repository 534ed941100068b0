"""The demo funds' books: their whole history posted from the loan and capital ledgers, so the trial balance, the
balance sheet and the profit and loss show real figures. Idempotent: posting again posts nothing twice."""

import datetime

from django.conf import settings
from django.utils import timezone

from fund.models import Fund
from portfolio.accounting.services import books_post


def demo_seed() -> None:
    """Post every demo fund's books up to yesterday (what the nightly job would have done)."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    up_to = timezone.localdate() - datetime.timedelta(days=1)
    for fund in Fund.objects.order_by("pk"):
        books_post(fund=fund, up_to=up_to)
