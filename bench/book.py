"""Bulk-written loan books for the benchmarks: approved loans (application, IC decision) with one disbursement each,
written with bulk_create so that thousands take seconds. Not for the product: real loans come through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone


def bulk_loans(
    *,
    fund,
    organisations: list,
    prefix: str,
    amount: Decimal,
    term_months: int,
    approved_on: datetime.date,
    disbursed_on: datetime.date,
    first_due: datetime.date | None = None,
) -> list:
    """One approved, disbursed loan per organisation in `organisations` (an organisation may appear many times)."""
    from portfolio.models import AgendaItem, Application, ICDecision, ICMeeting, LedgerEntry, Loan

    meeting = ICMeeting.objects.create(fund=fund, held_on=approved_on, location="bench", status="closed")
    apps = Application.objects.bulk_create(
        Application(
            reference=f"{prefix}-{i}",
            fund=fund,
            organisation=o,
            status="approved",
            amount_requested=amount,
            purpose="bench",
            term_months=term_months,
            instrument="senior_loan",
        )
        for i, o in enumerate(organisations)
    )
    items = AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, application=a, status="decided") for a in apps)
    decided_at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(12)))
    decisions = ICDecision.objects.bulk_create(
        ICDecision(
            item=item,
            application=a,
            outcome="approved",
            amount=amount,
            reasons="bench",
            votes_for=3,
            votes_against=0,
            abstentions=0,
            members_counted=3,
            quorum_required=2,
            decided_at=decided_at,
        )
        for item, a in zip(items, apps, strict=True)
    )
    loans = Loan.objects.bulk_create(
        Loan(
            reference=f"L-{prefix}-{i:04d}",
            fund=fund,
            organisation=a.organisation,
            application=a,
            decision=d,
            status="active",
            instrument="senior_loan",
            principal=amount,
            annual_interest_rate=Decimal("4"),
            term_months=term_months,
            approved_at=decided_at,
            first_due_date=first_due,
        )
        for i, (a, d) in enumerate(zip(apps, decisions, strict=True))
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            loan=loan, entry_type="disbursement", value_date=disbursed_on, booking_date=disbursed_on, amount=amount
        )
        for loan in loans
    )
    return loans
