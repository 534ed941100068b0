"""A fund's distributions as its managers see them: total, members paid, and where the payout file stands."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum

from fund.models import ChangeState, Distribution, Fund, PendingChange
from portfolio.models import PaymentFile
from portfolio.services.member_payments import DISTRIBUTION_PAYOUT_KIND


@dataclass(frozen=True)
class DistributionRow:
    number: int
    value_date: datetime.date
    purpose: str
    total: Decimal
    members: int
    payout_file: bool  # made (approved by a second manager)
    payout_pending: bool  # requested, awaiting approval


def fund_distributions(*, fund: Fund) -> list[DistributionRow]:
    """The fund's distributions, newest first, each with its total and payout state (three queries)."""
    rows = (
        Distribution.objects.filter(fund=fund)
        .annotate(total=Sum("movements__amount"), members=Count("movements"))
        .order_by("-number")
    )
    paid = set(
        PaymentFile.objects.filter(fund=fund, distribution__isnull=False).values_list("distribution_id", flat=True)
    )
    pending = set(
        PendingChange.objects.filter(
            fund=fund,
            kind=DISTRIBUTION_PAYOUT_KIND,
            state=ChangeState.PENDING,
            target_type=ContentType.objects.get_for_model(Distribution),
        ).values_list("target_id", flat=True)
    )
    return [
        DistributionRow(
            number=d.number,
            value_date=d.value_date,
            purpose=d.purpose,
            total=d.total or Decimal("0.00"),
            members=d.members,
            payout_file=d.pk in paid,
            payout_pending=str(d.pk) in pending,
        )
        for d in rows
    ]
