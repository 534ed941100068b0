"""The reconciliation queue as a fund manager reads it: each line with, in words, why it waits there."""

import datetime
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import apnumber
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fund.models import Fund
from portfolio.choices import QUEUED_LINE_STATUSES, SERVICED_STATUSES, BankLineStatus, LoanStatus, QueueReason
from portfolio.models import BankLine, BankLinePart, FundBankAccount, Loan
from portfolio.selectors.loans import loan_dates

RESOLVED_STATUSES = (BankLineStatus.ASSIGNED, BankLineStatus.SPLIT, BankLineStatus.IGNORED)


@dataclass(frozen=True)
class QueuedLine:
    """A line to reconcile: `reason` says why it is queued; `value_date` is the date to propose when assigning it."""

    line: BankLine
    reason: str
    candidates: tuple[Loan, ...]
    value_date: datetime.date


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _references(loans: list[Loan]) -> str:
    """The loans' references in reading order, whatever order the matching found them in."""
    return ", ".join(sorted(loan.reference for loan in loans))


def queue_reason_text(line: BankLine, candidates: list[Loan]) -> str:
    """Why `line` is on the queue, in a sentence (lines imported before reasons were kept fall back on their status)."""
    reason = line.queue_reason
    if not reason and len(candidates) > 1:  # queued before reasons were kept: by reference or by payer, unknown
        return capfirst(
            _("%(count)s loans match this payment: %(references)s")
            % {"count": apnumber(len(candidates)), "references": _references(candidates)}
        )
    loan = candidates[0] if candidates else None
    if reason in (QueueReason.SEVERAL_BY_REFERENCE, QueueReason.SEVERAL_BY_PAYER) and len(candidates) > 1:
        text = (
            _("%(count)s loans match this reference: %(references)s")
            if reason == QueueReason.SEVERAL_BY_REFERENCE
            else _("%(count)s loans are paid from this account: %(references)s")
        )
        return capfirst(text % {"count": apnumber(len(candidates)), "references": _references(candidates)})
    if reason == QueueReason.BEFORE_DISBURSEMENT and loan is not None:
        dates = loan_dates(loan)
        text = _(
            "Value date before the loan was disbursed: %(ref)s was paid out on %(disbursed)s, "
            "the payment is dated %(date)s."
        )
        return text % {
            "ref": loan.reference,
            "disbursed": _short(dates.disbursed_on) if dates.disbursed_on else "—",
            "date": _short(line.value_date),
        }
    if reason == QueueReason.BEFORE_TERMS and loan is not None:
        dates = loan_dates(loan)
        return _("Value date before the loan's current terms: %(ref)s runs on new terms from %(start)s.") % {
            "ref": loan.reference,
            "start": _short(dates.terms_from) if dates.terms_from else "—",
        }
    if reason == QueueReason.REFUSED and loan is not None:
        if not line.queue_detail:
            return _("%(ref)s matches, but the payment could not be posted on it as it came.") % {"ref": loan.reference}
        return _("%(ref)s matches, but could not take the payment: %(detail)s") % {
            "ref": loan.reference,
            "detail": line.queue_detail,
        }
    if reason in (QueueReason.CALL_OVERPAID, QueueReason.UNKNOWN_CALL_REFERENCE):
        # a member's payment quoting an RF reference; the detail names the reference and amounts as imported
        label = str(QueueReason(reason).label)
        return f"{label}: {line.queue_detail}" if line.queue_detail else label
    return _("No loan matches: neither the reference nor the payer's account belongs to a loan of this fund.")


def bank_reconciliation_queue(*, fund: Fund) -> list[QueuedLine]:
    """The fund's lines still to reconcile, oldest value date first, each with why it is there and its candidates."""
    lines = list(BankLine.objects.filter(fund=fund, status__in=QUEUED_LINE_STATUSES).order_by("value_date", "pk"))
    ids = {pk for line in lines for pk in line.candidates}
    loans = {
        loan.pk: loan for loan in Loan.objects.filter(pk__in=ids).prefetch_related("schedule_versions").order_by("pk")
    }
    rows = []
    for line in lines:
        candidates = [loans[pk] for pk in line.candidates if pk in loans]
        value_date = line.value_date
        if line.queue_reason in (QueueReason.BEFORE_DISBURSEMENT, QueueReason.BEFORE_TERMS) and candidates:
            dates = loan_dates(candidates[0])
            value_date = max(d for d in (value_date, dates.disbursed_on, dates.terms_from) if d is not None)
        rows.append(QueuedLine(line, queue_reason_text(line, candidates), tuple(candidates), value_date))
    return rows


def bank_lines_dealt_with(*, fund: Fund, limit: int = 20) -> list[BankLine]:
    """The fund's lines a manager assigned, split or set aside, latest first, with who did it and the parts."""
    return list(
        BankLine.objects.filter(fund=fund, status__in=RESOLVED_STATUSES)
        .select_related("loan", "resolved_by")
        .prefetch_related(Prefetch("parts", queryset=BankLinePart.objects.select_related("loan")))
        .order_by("-resolved_at", "-pk")[:limit]
    )


def bank_assignable_loans(*, fund: Fund) -> list[Loan]:
    """The fund's loans a payment can be posted on (serviced, or written off: a recovery)."""
    return list(
        Loan.objects.filter(fund=fund, status__in=(*SERVICED_STATUSES, LoanStatus.WRITTEN_OFF))
        .select_related("organisation")
        .order_by("reference")
    )


def fund_payment_account(*, fund: Fund) -> FundBankAccount | None:
    """The fund's bank account members pay into and are paid from: only ever the approved one (a change to it
    waits as a four-eyes change and is not this row until a second manager approves it)."""
    return FundBankAccount.objects.filter(fund=fund).first()
