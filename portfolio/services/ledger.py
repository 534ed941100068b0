"""The loan ledger: posting, reversing and keeping the loan's status in step with what the engine says.

Every posting is checked by running the loan engine over the ledger with the new entry, inside the same transaction:
an entry the engine cannot apply is refused with the reason, and nothing is written.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import User
from portfolio.choices import (
    SERVICED_BASES,
    SERVICED_STATUSES,
    AuditAction,
    EntrySource,
    LedgerEntryType,
    LoanStatus,
    VersionBasis,
)
from portfolio.engine.errors import EngineError
from portfolio.engine.statuses import SETTLED_STATUSES, StatementStatus
from portfolio.models import LedgerEntry, Loan, LoanSnapshot, Tranche
from portfolio.selectors.loans import LoanState, loan_state
from portfolio.transitions import loan_transition_check

MONEY_TYPES = (
    LedgerEntryType.DISBURSEMENT,
    LedgerEntryType.REPAYMENT,
    LedgerEntryType.FEE,
    LedgerEntryType.PENALTY,
    LedgerEntryType.INTEREST_WAIVER,
    LedgerEntryType.RECOVERY,
    LedgerEntryType.WRITE_OFF,
)


def loan_lock(loan: Loan) -> Loan:
    """The loan row, locked for the rest of the transaction (one posting at a time per loan)."""
    return Loan.objects.select_for_update().get(pk=loan.pk)


def _current_version_start(loan: Loan) -> datetime.date | None:
    version = loan.schedule_versions.filter(basis__in=SERVICED_BASES).order_by("-number").first()
    return version.effective_from if version else None


def entry_fields_check(
    *,
    loan: Loan,
    entry_type: str,
    value_date: datetime.date | None,
    amount: Decimal | None = None,
    rate: Decimal | None = None,
) -> None:
    """Refuse (ValidationError naming the field) an entry's amount, rate or value date that `ledger_post` would refuse
    before asking the engine; a four-eyes request checks its figures with it when it is made."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if entry_type in MONEY_TYPES and entry_type != LedgerEntryType.WRITE_OFF:
        if amount is None or amount <= 0:
            errors["amount"] = [_("Enter an amount greater than zero.")]
        elif amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = [_("Enter the amount in whole cents.")]
    if entry_type == LedgerEntryType.RATE_CHANGE and (rate is None or rate < 0):
        errors["rate"] = [_("Enter the new annual rate.")]
    if value_date is None:
        errors["value_date"] = [_("Enter the value date.")]
    elif value_date > today:
        errors["value_date"] = [_("The value date cannot lie in the future.")]
    else:
        start = _current_version_start(loan)
        if start is not None and value_date < start and entry_type != LedgerEntryType.DISBURSEMENT:
            errors["value_date"] = [
                _("The loan runs on terms from %(date)s; post nothing dated before them.") % {"date": start}
            ]
    if errors:
        raise ValidationError(errors)


def ledger_post(
    *,
    actor: User | None,
    loan: Loan,
    entry_type: str,
    value_date: datetime.date | None,
    amount: Decimal | None = None,
    rate: Decimal | None = None,
    source: str = EntrySource.MANUAL,
    note: str = "",
    tranche: Tranche | None = None,
    reverses: LedgerEntry | None = None,
    booking_date: datetime.date | None = None,
    requested_by: User | None = None,
) -> LedgerEntry:
    """Append one entry to the loan's ledger (call inside a transaction holding `loan_lock`).

    With `requested_by` the entry is posted under four eyes: it names the requester as its author and `actor` as
    its approver, and is refused when they are the same person (so is it by the database).
    Guarantees: the entry is validated by the engine before the transaction commits; the loan's snapshots from the
    value date on are dropped (they are recomputed from the ledger); an audit event is written.
    """
    if requested_by is not None and getattr(actor, "pk", None) in (None, requested_by.pk):
        raise DomainError(_("You asked for this entry; another fund manager must approve it (four eyes)."))
    entry_fields_check(loan=loan, entry_type=entry_type, value_date=value_date, amount=amount, rate=rate)
    if value_date is None:  # refused by the check above; this narrows the type
        raise ValidationError({"value_date": [_("Enter the value date.")]})
    today = timezone.localdate()
    entry = LedgerEntry(
        loan=loan,
        entry_type=entry_type,
        value_date=value_date,
        booking_date=booking_date or today,
        amount=Money(amount, "EUR") if amount is not None else None,
        rate=rate,
        source=source,
        note=note[:200],
        tranche=tranche,
        reverses=reverses,
        created_by=requested_by or (actor if getattr(actor, "pk", None) else None),
        approved_by=actor if requested_by is not None else None,
    )
    entry.save()
    try:
        state = loan_state(loan=loan, as_of=max(today, value_date))
    except EngineError as exc:
        raise ValidationError({"value_date" if "date" in exc.field else "amount": [exc.message]}) from exc
    LoanSnapshot.objects.filter(loan=loan, as_of__gte=value_date).delete()
    audit_record(
        actor=actor,
        action=AuditAction(f"loan.{entry_type}"),
        obj=loan,
        changes={
            "entry": [None, str(entry.pk)],
            "value_date": [None, value_date.isoformat()],
            **({"amount": [None, f"{amount:.2f}"]} if amount is not None else {}),
            **({"rate": [None, str(rate)]} if rate is not None else {}),
            "source": [None, source],
            **({"requested_by": [None, str(requested_by)]} if requested_by is not None else {}),
        },
    )
    loan_status_sync(actor=actor, loan=loan, state=state)
    return entry


def loan_status_set(*, actor: User | None, loan: Loan, target: str) -> None:
    """Move the loan's status along LOAN_TRANSITIONS (the caller holds the row lock)."""
    if loan.status == target:
        return
    loan_transition_check(loan.status, target)
    before = loan.status
    loan.status = target
    loan.status_changed_at = timezone.now()
    loan.save(update_fields=["status", "status_changed_at"])
    audit_record(actor=actor, action=AuditAction.LOAN_STATUS_CHANGED, obj=loan, changes={"status": [before, target]})


def loan_status_sync(*, actor: User | None, loan: Loan, state: LoanState) -> None:
    """Repaid when the engine says nothing is owed; back to active when a reversal reopens a repaid loan."""
    if loan.status in SERVICED_STATUSES and state.status in SETTLED_STATUSES:
        loan_status_set(actor=actor, loan=loan, target=LoanStatus.REPAID)
    elif loan.status == LoanStatus.REPAID and state.status == StatementStatus.ACTIVE:
        restructured = loan.schedule_versions.filter(basis=VersionBasis.RESTRUCTURING).exists()
        loan_status_set(actor=actor, loan=loan, target=LoanStatus.RESTRUCTURED if restructured else LoanStatus.ACTIVE)


def _serviced_check(loan: Loan, *, written_off_ok: bool = False) -> None:
    allowed = (*SERVICED_STATUSES, LoanStatus.REPAID) + ((LoanStatus.WRITTEN_OFF,) if written_off_ok else ())
    if loan.status not in allowed:
        raise DomainError(
            _("Loan %(ref)s is %(status)s: nothing can be posted on it.")
            % {"ref": loan.reference, "status": loan.get_status_display().lower()}
        )


@transaction.atomic
def repayment_post(
    *,
    actor: User | None,
    loan: Loan,
    value_date: datetime.date | None,
    amount: Decimal | None,
    source: str = EntrySource.MANUAL,
    note: str = "",
    requested_by: User | None = None,
) -> LedgerEntry:
    """Money received from the borrower; on a written-off loan it is posted as a recovery.

    The posting itself: a fund manager's manual payment reaches it through `manual_payment_post` (four eyes above
    the fund's threshold; `requested_by` then names the manager who typed it), a bank line through the bank import.
    """
    loan = loan_lock(loan)
    _serviced_check(loan, written_off_ok=True)
    kind = LedgerEntryType.RECOVERY if loan.status == LoanStatus.WRITTEN_OFF else LedgerEntryType.REPAYMENT
    return ledger_post(
        actor=actor,
        loan=loan,
        entry_type=kind,
        value_date=value_date,
        amount=amount,
        source=source,
        note=note,
        requested_by=requested_by,
    )


@transaction.atomic
def charge_post(
    *, actor: User | None, loan: Loan, kind: str, value_date: datetime.date, amount: Decimal, note: str = ""
) -> LedgerEntry:
    """A fee or a penalty, charged to the first installment due on or after its date."""
    if kind not in (LedgerEntryType.FEE, LedgerEntryType.PENALTY):
        raise ValidationError({"kind": [_("Choose a fee or a penalty.")]})
    loan = loan_lock(loan)
    _serviced_check(loan)
    return ledger_post(actor=actor, loan=loan, entry_type=kind, value_date=value_date, amount=amount, note=note)


@transaction.atomic
def interest_waive(
    *,
    actor: User,
    loan: Loan,
    value_date: datetime.date | None,
    amount: Decimal | None,
    note: str = "",
    requested_by: User,
) -> LedgerEntry:
    """Forgive interest that has fallen due, oldest installment first: `actor` approves what `requested_by` asked
    (interest_waiver_request); refused when they are the same person."""
    loan = loan_lock(loan)
    _serviced_check(loan)
    if not note.strip():
        raise ValidationError({"note": [_("Say why the interest is waived.")]})
    return ledger_post(
        actor=actor,
        loan=loan,
        entry_type=LedgerEntryType.INTEREST_WAIVER,
        value_date=value_date,
        amount=amount,
        note=note,
        requested_by=requested_by,
    )


@transaction.atomic
def ledger_entry_reverse(*, actor: User | None, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Cancel a posted entry with a reversal entry; the original stays in the ledger, the state reads as without it."""
    loan = loan_lock(entry.loan)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the entry is reversed.")]})
    if entry.entry_type in (LedgerEntryType.REVERSAL, LedgerEntryType.DISBURSEMENT, LedgerEntryType.WRITE_OFF):
        raise DomainError(_("A %(type)s cannot be reversed here.") % {"type": entry.get_entry_type_display().lower()})
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError(_("This entry has been reversed already."))
    return ledger_post(
        actor=actor,
        loan=loan,
        entry_type=LedgerEntryType.REVERSAL,
        value_date=entry.value_date,
        reverses=entry,
        note=reason,
    )
