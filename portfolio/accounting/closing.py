"""Period close of the fund's books: the checklist, closing a month or quarter, reopening it under four eyes.

Once closed, nothing is posted with a value date in the period (`posting.Journal` refuses it, naming the period;
an event of the loan or capital ledger recorded late is posted on the first open day, naming its own date).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund import formatting
from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import Fund, PendingChange, User
from fund.money import money_round
from fund.services.approvals import change_request
from portfolio.choices import AuditAction, BankLineStatus
from portfolio.models import BankLine, LoanSnapshot
from portfolio.selectors.quality import missing_snapshot_loans

from .choices import AccountRole
from .models import JournalLine
from .period_end import period_end_done
from .period_models import ClosedPeriod, ClosedPeriodStatus
from .periods import period_kind, period_label

REOPEN_KIND = "portfolio.books_period_reopen"
QUEUE_STATUSES = (BankLineStatus.UNMATCHED, BankLineStatus.AMBIGUOUS, BankLineStatus.NOT_POSTED, BankLineStatus.PARKED)
# lines a manager may close with, when red, by writing down why; the others the product makes green itself
NOTE_ALLOWED = ("bank_statements", "reconciliation_queue")


@dataclass(frozen=True)
class ChecklistLine:
    key: str
    label: str
    ok: bool
    figure: str


def close_checklist(*, fund: Fund, start: datetime.date, end: datetime.date) -> list[ChecklistLine]:
    """What must hold before `start`–`end` is closed, each line green or red with the figure behind it."""
    last_line = BankLine.objects.filter(fund=fund).aggregate(last=Max("booking_date"))["last"]
    queued = BankLine.objects.filter(fund=fund, status__in=QUEUE_STATUSES, value_date__lte=end).count()
    missing = len(missing_snapshot_loans(fund=fund, dates=[end]))
    taken = LoanSnapshot.objects.filter(fund=fund, as_of=end).count()
    done = period_end_done(fund=fund, as_of=end)
    allowance, accrued = Q(account__role=AccountRole.LOAN_LOSS_ALLOWANCE), Q(account__role=AccountRole.ACCRUED_INTEREST)
    totals = JournalLine.objects.filter(entry__fund=fund, entry__value_date__lte=end).aggregate(
        total_debit=Sum("debit"),
        total_credit=Sum("credit"),
        allowance_debit=Sum("debit", filter=allowance),
        allowance_credit=Sum("credit", filter=allowance),
        accrued_debit=Sum("debit", filter=accrued),
        accrued_credit=Sum("credit", filter=accrued),
    )
    # to the cent: SQLite (the demo) sums decimals as floats
    sums = {k: money_round(v or Decimal(0)) for k, v in totals.items()}
    sums["allowance"] = sums["allowance_credit"] - sums["allowance_debit"]
    sums["accrued"] = sums["accrued_debit"] - sums["accrued_credit"]
    difference = sums["total_debit"] - sums["total_credit"]

    def money(value: Decimal | None) -> str:
        return formatting.number(value or Decimal(0), 2)

    return [
        ChecklistLine(
            "bank_statements",
            _("Bank statements imported to the period end"),
            last_line is not None and last_line >= end,
            _("last statement line %(date)s") % {"date": date_format(last_line, "SHORT_DATE_FORMAT")}
            if last_line
            else _("no statement imported"),
        ),
        ChecklistLine(
            "reconciliation_queue",
            _("Reconciliation queue empty"),
            queued == 0,
            _("%(count)s lines to reconcile") % {"count": queued},
        ),
        ChecklistLine(
            "snapshots",
            _("Loan snapshots taken on the period end"),
            missing == 0,
            _("%(taken)s taken, %(missing)s missing") % {"taken": taken, "missing": missing},
        ),
        ChecklistLine(
            "accruals",
            _("Interest accrued"),
            done.accrual is not None,
            _("accrued interest %(amount)s") % {"amount": money(sums["accrued"])}
            if done.accrual
            else _("period end not run"),
        ),
        ChecklistLine(
            "provisions",
            _("Loan-loss provision posted"),
            done.provision is not None,
            _("allowance %(amount)s") % {"amount": money(sums["allowance"])}
            if done.provision
            else _("period end not run"),
        ),
        ChecklistLine(
            "balance",
            _("Books balance (debits equal credits)"),
            difference == 0,
            _("difference %(amount)s") % {"amount": money(difference)},
        ),
    ]


def closed_periods(*, fund: Fund) -> list[ClosedPeriod]:
    return list(ClosedPeriod.objects.filter(fund=fund).select_related("closed_by", "reopened_by").order_by("-end"))


@transaction.atomic
def period_close(
    *, actor: User | None, fund: Fund, start: datetime.date, end: datetime.date, note: str = ""
) -> ClosedPeriod:
    """Close a calendar month or quarter of `fund`'s books that is over, once its checklist is green.

    The bank-statement and reconciliation lines may be red when the manager writes down why (`note`, kept with the
    close and in the audit trail); the others never. Refused: a period that is not a whole month or quarter, one not
    over yet, one that overlaps a closed period."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if period_kind(start, end) is None:
        raise ValidationError({"end": [_("Close a whole calendar month or quarter.")]})
    if end >= timezone.localdate():
        raise ValidationError({"end": [_("The period is not over yet.")]})
    overlap = ClosedPeriod.objects.filter(
        fund=fund, status=ClosedPeriodStatus.CLOSED, start__lte=end, end__gte=start
    ).first()
    if overlap is not None:
        raise DomainError(_("%(period)s is closed already.") % {"period": period_label(overlap.start, overlap.end)})
    checklist = close_checklist(fund=fund, start=start, end=end)
    red = [line for line in checklist if not line.ok]
    blocking = [line for line in red if line.key not in NOTE_ALLOWED or not note.strip()]
    if blocking:
        raise DomainError(
            _("%(period)s cannot be closed yet: %(lines)s.")
            % {"period": period_label(start, end), "lines": "; ".join(f"{c.label} ({c.figure})" for c in blocking)}
        )
    closed = ClosedPeriod.objects.create(
        fund=fund,
        start=start,
        end=end,
        status=ClosedPeriodStatus.CLOSED,
        closed_by=actor if getattr(actor, "pk", None) else None,
        checklist=[{"key": c.key, "ok": c.ok, "figure": c.figure} for c in checklist]
        + ([{"key": "note", "ok": True, "figure": note.strip()}] if red else []),
    )
    audit_record(
        actor=actor,
        action=AuditAction.BOOKS_PERIOD_CLOSED,
        obj=fund,
        changes={
            "period": [None, f"{start.isoformat()}/{end.isoformat()}"],
            "open_items": [
                None,
                "; ".join(f"{c.label}: {c.figure}" for c in red) + (f" — {note.strip()}" if red else ""),
            ],
        },
    )
    return closed


def period_reopen_request(*, actor: User, closed: ClosedPeriod, reason: str) -> PendingChange:
    """Ask to reopen a closed period; it opens when a second manager of the fund approves."""
    if closed.status != ClosedPeriodStatus.CLOSED:
        raise DomainError(_("This period is open already."))
    return change_request(
        actor=actor,
        fund=closed.fund,
        kind=REOPEN_KIND,
        payload={"closed_period": closed.pk, "start": closed.start.isoformat(), "end": closed.end.isoformat()},
        before={"status": closed.status},
        reason=reason,
        target=closed,
    )


@transaction.atomic
def period_reopen_apply(change: PendingChange, approver: User) -> None:
    """What approving a reopening does: the period takes postings again (audited)."""
    closed = ClosedPeriod.objects.select_for_update().get(pk=int(change.payload["closed_period"]))
    if closed.status != ClosedPeriodStatus.CLOSED:
        raise DomainError(_("This period is open already."))
    closed.status = ClosedPeriodStatus.REOPENED
    closed.reopened_at = timezone.now()
    closed.reopened_by = approver
    closed.save(update_fields=["status", "reopened_at", "reopened_by"])
    audit_record(
        actor=approver,
        action=AuditAction.BOOKS_PERIOD_REOPENED,
        obj=closed.fund,
        changes={
            "period": [None, f"{closed.start.isoformat()}/{closed.end.isoformat()}"],
            "requested_by": [None, str(change.requested_by)],
            "reason": [None, change.reason],
        },
    )


def period_reopen_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    start = datetime.date.fromisoformat(change.payload["start"])
    end = datetime.date.fromisoformat(change.payload["end"])
    return [(str(_("Period")), str(_("Closed")), _("%(period)s reopened") % {"period": period_label(start, end)})]
