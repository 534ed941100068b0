"""Loans approved before this system: their approval recorded as it was, so servicing can take them on.

Writes the application, IC decision and loan rows directly, without the services and so without audit events: fit for
the demo's back book and for tests, never for the product (new loans come through the deal flow). Also dates the
four-eyes changes the demo plays through the services on the day their event happened (`change_backdate`).
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from fund.models import Fund, Organisation, PendingChange, User
from portfolio.choices import AgendaItemStatus, ApplicationStatus, DecisionOutcome, LoanStatus, MeetingStatus
from portfolio.models import AgendaItem, Application, ConditionPrecedent, Covenant, ICDecision, ICMeeting, Loan


def historic_meeting(*, fund: Fund, held_on: datetime.date) -> ICMeeting:
    meeting, _ = ICMeeting.objects.get_or_create(
        fund=fund, held_on=held_on, location="Historic approvals", defaults={"status": MeetingStatus.CLOSED}
    )
    return meeting


def historic_loan_create(
    *,
    fund: Fund,
    organisation: Organisation,
    reference: str,
    amount: Decimal,
    rate: Decimal,
    term_months: int,
    grace_months: int = 0,
    approved_on: datetime.date,
    approved_by: User | None = None,
    meeting: ICMeeting | None = None,
    conditions: tuple[str, ...] = (),
    covenants: tuple[str, ...] = (),
) -> Loan:
    """An approved loan with the application and IC decision it came from (reference `reference`)."""
    approved_at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(12)))
    application = Application.objects.create(
        reference=reference,
        fund=fund,
        organisation=organisation,
        status=ApplicationStatus.APPROVED,
        amount_requested=amount,
        purpose="Approved before the portfolio system was introduced.",
        term_months=term_months,
        grace_months=grace_months,
        instrument="senior_loan",
        proposed_rate=rate,
        submitted_at=approved_at,
    )
    meeting = meeting or historic_meeting(fund=fund, held_on=approved_on)
    item = AgendaItem.objects.create(meeting=meeting, application=application, status=AgendaItemStatus.DECIDED)
    decision = ICDecision.objects.create(
        item=item,
        application=application,
        outcome=DecisionOutcome.APPROVED,
        amount=amount,
        annual_interest_rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        instrument="senior_loan",
        conditions_precedent=list(conditions),
        covenants=list(covenants),
        reasons="Historic approval.",
        votes_for=3,
        votes_against=0,
        abstentions=0,
        members_counted=3,
        quorum_required=2,
        decided_at=approved_at,
        decided_by=approved_by,
    )
    loan = Loan.objects.create(
        reference=f"L-{reference}",
        fund=fund,
        organisation=organisation,
        application=application,
        decision=decision,
        status=LoanStatus.APPROVED,
        instrument="senior_loan",
        principal=amount,
        annual_interest_rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        approved_at=approved_at,
        approved_by=approved_by,
    )
    ConditionPrecedent.objects.bulk_create(
        ConditionPrecedent(loan=loan, text=text, position=i) for i, text in enumerate(conditions, 1)
    )
    Covenant.objects.bulk_create(Covenant(loan=loan, text=text, position=i) for i, text in enumerate(covenants, 1))
    return loan


def demo_moment(on: datetime.date, hour: int) -> datetime.datetime:
    """`on` at `hour` o'clock local time, never later than now (an event of today has not happened this afternoon)."""
    return min(timezone.make_aware(datetime.datetime.combine(on, datetime.time(hour))), timezone.now())


def change_backdate(change: PendingChange | models.Model, *, requested_at: datetime.datetime) -> None:
    """Date a decided four-eyes change the demo just played through the services (which stamp it now) on the day of the
    event it belongs to: requested at `requested_at`, decided four hours later (never after now). `change` is the
    change itself or the object it changed (a tranche, a restructuring). Only the change row moves: the audit trail is
    append-only and keeps the times the events were really written."""
    rows = PendingChange.objects.exclude(decided_at=None)
    if isinstance(change, PendingChange):
        rows = rows.filter(pk=change.pk)
    else:
        rows = rows.filter(target_type=ContentType.objects.get_for_model(change), target_id=str(change.pk))
    decided_at = min(requested_at + datetime.timedelta(hours=4), timezone.now())
    rows.update(requested_at=requested_at, decided_at=decided_at)
