"""Arrears: daily snapshots of every loan's state (DPD, arrears, aging bucket) and reminders at DPD steps.

Snapshots are a cache of the engine's answer for a (loan, date); posting to a loan drops its snapshots from the
entry's value date on, so taking them again always gives the ledger's truth.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.choices import Role
from fund.models import Fund, RoleAssignment
from portfolio.choices import SERVICED_STATUSES, LoanStatus
from portfolio.engine.statuses import SETTLED_STATUSES, StatementStatus
from portfolio.models import ArrearsReminder, Loan, LoanSnapshot
from portfolio.selectors.loans import NOT_DISBURSED, loan_state, with_servicing_data
from portfolio.selectors.quality import missing_snapshot_loans

logger = logging.getLogger(__name__)

# loans that ever had money paid out: they belong to the portfolio figures
DISBURSED_STATUSES = (*SERVICED_STATUSES, LoanStatus.REPAID, LoanStatus.WRITTEN_OFF)


def month_ends(end: datetime.date, count: int) -> list[datetime.date]:
    """The last `count` month ends up to `end` (`end` itself last when it is one), oldest first."""
    dates: list[datetime.date] = []
    cursor = end.replace(day=1) - datetime.timedelta(days=1)
    while len(dates) < count - 1:
        dates.append(cursor)
        cursor = cursor.replace(day=1) - datetime.timedelta(days=1)
    return [*sorted(dates), end]


def snapshots_take(*, fund: Fund, dates: list[datetime.date]) -> int:
    """Store the state of each paid-out loan of `fund` on each date that has no snapshot yet; returns how many.

    Two queries find what is missing; only those loans are loaded (with their ledger) and run through the engine.
    """
    missing = missing_snapshot_loans(fund=fund, dates=dates)
    if not missing:
        return 0
    existing = set(LoanSnapshot.objects.filter(loan_id__in=missing, as_of__in=dates).values_list("loan_id", "as_of"))
    loans = with_servicing_data(Loan.objects.filter(pk__in=missing))
    rows = []
    for loan in loans:
        for as_of in dates:
            if (loan.pk, as_of) in existing:
                continue
            state = loan_state(loan=loan, as_of=as_of)
            if state.status == NOT_DISBURSED:
                continue
            rows.append(
                LoanSnapshot(
                    loan=loan,
                    fund_id=loan.fund_id,
                    as_of=as_of,
                    status=_snapshot_status(loan, state.status),
                    outstanding_principal=state.outstanding_principal,
                    arrears=state.arrears,
                    days_past_due=state.days_past_due,
                    bucket=state.bucket,
                    disbursed=state.disbursed,
                    principal_repaid=state.principal_repaid,
                    income_received=state.income_received,
                    written_off_principal=state.written_off_principal,
                    recovered=state.recovered,
                    annual_interest_rate=state.annual_interest_rate,
                )
            )
    LoanSnapshot.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def _snapshot_status(loan: Loan, engine_status: str) -> str:
    if engine_status == StatementStatus.WRITTEN_OFF:
        return LoanStatus.WRITTEN_OFF
    if engine_status in SETTLED_STATUSES:
        return LoanStatus.REPAID
    return LoanStatus.RESTRUCTURED if loan.status == LoanStatus.RESTRUCTURED else LoanStatus.ACTIVE


def arrears_update(*, today: datetime.date | None = None) -> int:
    """The daily job: today's and last month-end's snapshots for every fund, then the reminders. Returns rows taken."""
    today = today or timezone.localdate()
    taken = 0
    for fund in Fund.objects.all():
        taken += snapshots_take(fund=fund, dates=month_ends(today, 2))
    arrears_reminders_send(today=today)
    return taken


def reminder_steps() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "PORTFOLIO_REMINDER_DPD_STEPS", (7, 30, 60))))


@transaction.atomic
def arrears_reminders_send(*, today: datetime.date) -> int:
    """E-mail the investee once per DPD step reached in an episode of arrears (on commit); returns how many."""
    steps = reminder_steps()
    snapshots = LoanSnapshot.objects.filter(as_of=today, days_past_due__gte=steps[0] if steps else 1).select_related(
        "loan__organisation", "loan__fund"
    )
    sent = 0
    for snapshot in snapshots:
        reached = [s for s in steps if snapshot.days_past_due >= s]
        if not reached:
            continue
        step = reached[-1]
        since = today - datetime.timedelta(days=snapshot.days_past_due)
        recipients = _recipients(snapshot.loan)
        if not recipients:
            continue  # nobody to tell yet: the step stays open and the loan stays on the watch list
        _, created = ArrearsReminder.objects.get_or_create(
            loan=snapshot.loan, dpd_step=step, overdue_since=since, defaults={"sent_on": today}
        )
        if created:
            sent += 1
            _mail_on_commit(snapshot, recipients)
    return sent


def _recipients(loan: Loan) -> list[str]:
    return list(
        RoleAssignment.objects.filter(role=Role.INVESTEE, organisation=loan.organisation, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


def _mail_on_commit(snapshot: LoanSnapshot, recipients: list[str]) -> None:
    loan = snapshot.loan
    subject = _("%(fund)s · loan %(ref)s: payment overdue") % {"fund": loan.fund.name, "ref": loan.reference}
    body = _(
        "Your loan %(ref)s is %(days)s days past due; %(arrears)s is overdue. Please pay it, or contact your fund "
        "manager if you need to talk about it."
    ) % {"ref": loan.reference, "days": snapshot.days_past_due, "arrears": f"EUR {snapshot.arrears:.2f}"}

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            logger.exception("Could not send the arrears reminder for loan %s", loan.reference)

    transaction.on_commit(send)
