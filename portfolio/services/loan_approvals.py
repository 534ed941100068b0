"""Loan changes under four eyes (fund.services.approvals): write-off, interest waiver, impact-linked step-down and a
manual payment above the fund's threshold.

One fund manager asks (`*_request`, or `manual_payment_post` above the threshold): that only records a pending change
with the figures it would post (`payload`) beside what they replace (`before`). Another manager of the fund approves it
on the fund's approvals page, which runs the `*_apply` registered for its kind (portfolio.services.approval_kinds) in
the same transaction. The requester never approves: fund.services.approvals refuses it, `ledger_post` refuses it, and
the database refuses a write-off, waiver or rate change that does not name a second person.

A request is checked as far as it can be without posting (status, reason, amount, value date), so a mistake is named
at once; an approval checks that the figures the approver saw still hold (a payment posted in between changes what a
write-off would write off), and refuses otherwise: the requester then asks again.
"""

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import PendingChange, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_request
from portfolio.choices import (
    SERVICED_STATUSES,
    AuditAction,
    ChangeKind,
    EntrySource,
    ImpactTargetStatus,
    LedgerEntryType,
    LoanStatus,
)
from portfolio.engine.serialize import money
from portfolio.models import ImpactTarget, LedgerEntry, Loan
from portfolio.selectors.approvals import impact_target_evidence
from portfolio.selectors.loans import loan_state
from portfolio.services.ledger import (
    entry_fields_check,
    interest_waive,
    ledger_post,
    loan_lock,
    loan_status_set,
    repayment_post,
)

_T = TypeVar("_T")


def _no_pending(kind: str, target: models.Model, message: str) -> None:
    if pending_change_for(kind=kind, target=target) is not None:
        raise DomainError(message)


def _serviced(loan: Loan) -> None:
    if loan.status not in SERVICED_STATUSES:
        raise DomainError(
            _("Loan %(ref)s is %(status)s.") % {"ref": loan.reference, "status": loan.get_status_display().lower()}
        )


def _checked(value: _T | None) -> _T:
    """A value `entry_fields_check` has refused when missing (this narrows its type)."""
    if value is None:
        raise ValidationError(_("A value is missing."))
    return value


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# --- write-off ------------------------------------------------------------------------------------------------------


@transaction.atomic
def loan_write_off_request(*, actor: User, loan: Loan, on: datetime.date | None, reason: str) -> PendingChange:
    """Ask to write off everything outstanding on `on`; another fund manager approves it (`loan_write_off_apply`).

    Guarantees: nothing is posted until then; the request names the principal it would write off; one pending
    write-off per loan."""
    loan = loan_lock(loan)
    _serviced(loan)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the loan is written off.")]})
    entry_fields_check(loan=loan, entry_type=LedgerEntryType.WRITE_OFF, value_date=on)
    on = _checked(on)
    state = loan_state(loan=loan, as_of=on)
    if state.outstanding_principal <= 0:
        raise DomainError(_("No principal is outstanding to write off."))
    _no_pending(ChangeKind.WRITE_OFF, loan, _("A write-off of this loan is waiting for approval already."))
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.WRITE_OFF,
        payload={"value_date": on.isoformat(), "principal_written_off": money(state.outstanding_principal)},
        before={
            "outstanding_principal": money(state.outstanding_principal),
            "arrears": money(state.arrears),
            "status": loan.status,
        },
        reason=reason.strip(),
        target=loan,
    )


def loan_write_off_apply(change: PendingChange, approver: User) -> None:
    """What approving a write-off does: post it (requester and approver named), the loan becomes written off.

    Refused when the outstanding principal on its date is no longer the one the approver saw."""
    loan = loan_lock(Loan.objects.get(pk=change.target_id))
    _serviced(loan)
    on = _date(change.payload["value_date"])
    state = loan_state(loan=loan, as_of=on)
    if money(state.outstanding_principal) != change.payload["principal_written_off"]:
        raise DomainError(
            _(
                "The outstanding principal has changed since the request (€ %(then)s then, € %(now)s now): reject it "
                "and ask again."
            )
            % {"then": change.payload["principal_written_off"], "now": money(state.outstanding_principal)}
        )
    ledger_post(
        actor=approver,
        loan=loan,
        entry_type=LedgerEntryType.WRITE_OFF,
        value_date=on,
        amount=state.outstanding_principal,
        note=change.reason,
        requested_by=change.requested_by,
    )
    loan_status_set(actor=approver, loan=loan, target=LoanStatus.WRITTEN_OFF)


# --- interest waiver ------------------------------------------------------------------------------------------------


@transaction.atomic
def interest_waiver_request(
    *, actor: User, loan: Loan, value_date: datetime.date | None, amount: Decimal | None, note: str
) -> PendingChange:
    """Ask to forgive `amount` of interest fallen due by `value_date`; another fund manager approves it.

    Guarantees: nothing is posted until then; the amount and date are checked as a posting would be."""
    loan = loan_lock(loan)
    _serviced(loan)
    if not note.strip():
        raise ValidationError({"note": [_("Say why the interest is waived.")]})
    entry_fields_check(loan=loan, entry_type=LedgerEntryType.INTEREST_WAIVER, value_date=value_date, amount=amount)
    value_date, amount = _checked(value_date), _checked(amount)
    state = loan_state(loan=loan, as_of=value_date)
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.INTEREST_WAIVER,
        payload={"value_date": value_date.isoformat(), "interest_waived": money(amount)},
        before={"arrears": money(state.arrears), "accrued_interest": money(state.accrued_interest)},
        reason=note.strip(),
        target=loan,
    )


def interest_waiver_apply(change: PendingChange, approver: User) -> None:
    """What approving an interest waiver does: post it, naming requester and approver."""
    interest_waive(
        actor=approver,
        loan=Loan.objects.get(pk=change.target_id),
        value_date=_date(change.payload["value_date"]),
        amount=Decimal(change.payload["interest_waived"]),
        note=change.reason,
        requested_by=change.requested_by,
    )


# --- manual payment above the fund's threshold ---------------------------------------------------------------------


@transaction.atomic
def manual_payment_post(
    *, actor: User, loan: Loan, value_date: datetime.date | None, amount: Decimal | None, note: str = ""
) -> LedgerEntry | PendingChange:
    """A payment a fund manager types in: posted at once up to the fund's threshold, above it sent for approval by
    another fund manager (`manual_payment_apply`). Money read from a bank statement never comes this way.

    Guarantees: above the threshold nothing is posted until approved; both ways the amount and date are checked."""
    loan = loan_lock(loan)
    threshold = loan.fund.manual_payment_approval_threshold.amount
    entry_fields_check(loan=loan, entry_type=LedgerEntryType.REPAYMENT, value_date=value_date, amount=amount)
    value_date, amount = _checked(value_date), _checked(amount)
    if amount <= threshold:
        return repayment_post(actor=actor, loan=loan, value_date=value_date, amount=amount, note=note)
    if loan.status not in (*SERVICED_STATUSES, LoanStatus.REPAID, LoanStatus.WRITTEN_OFF):
        raise DomainError(
            _("Loan %(ref)s is %(status)s: nothing can be posted on it.")
            % {"ref": loan.reference, "status": loan.get_status_display().lower()}
        )
    state = loan_state(loan=loan, as_of=value_date)
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.MANUAL_PAYMENT,
        payload={"value_date": value_date.isoformat(), "amount": money(amount), "note": note.strip()},
        before={
            "outstanding_principal": money(state.outstanding_principal),
            "arrears": money(state.arrears),
            "threshold": money(threshold),
        },
        reason=note.strip()
        or _("Payment of € %(amount)s typed in, above the fund's threshold of € %(threshold)s.")
        % {"amount": money(amount), "threshold": money(threshold)},
        target=loan,
    )


def manual_payment_apply(change: PendingChange, approver: User) -> None:
    """What approving a manual payment does: post it (a recovery on a written-off loan), naming both managers."""
    repayment_post(
        actor=approver,
        loan=Loan.objects.get(pk=change.target_id),
        value_date=_date(change.payload["value_date"]),
        amount=Decimal(change.payload["amount"]),
        source=EntrySource.MANUAL,
        note=change.payload.get("note", ""),
        requested_by=change.requested_by,
    )


# --- impact-linked step-down ----------------------------------------------------------------------------------------


def _next_period_start(loan: Loan, after: datetime.date) -> datetime.date:
    state = loan_state(loan=loan, as_of=after)
    return next((i.due_date for i in state.installments if i.due_date > after), after)


def _step_down(loan: Loan, target: ImpactTarget, today: datetime.date) -> tuple[Decimal, Decimal, datetime.date]:
    """(current rate, new rate, effective date) of the target's step-down, within the loan's cap."""
    stepped = sum((t.step_down for t in loan.impact_targets.filter(status=ImpactTargetStatus.CONFIRMED)), Decimal(0))
    step = min(target.step_down, max(target.cap - stepped, Decimal(0)))
    if step <= 0:
        raise DomainError(_("The loan's step-downs have reached their cap."))
    current = loan_state(loan=loan, as_of=today).annual_interest_rate
    # booked today, dated from the next period: the engine applies it from that date on
    effective = max(_next_period_start(loan, today), today)
    return current, max(current - step, Decimal(0)), effective


def _achieved(target: ImpactTarget) -> dict[str, Any]:
    evidence = impact_target_evidence(target)
    if evidence["value"] is None:
        raise DomainError(
            _(
                "No approved %(metric)s figures of %(organisation)s cover %(start)s to %(end)s: approve the "
                "investee's impact data first."
            )
            % {
                "metric": target.metric.code,
                "organisation": target.loan.organisation,
                "start": evidence["start"].isoformat(),
                "end": evidence["end"].isoformat(),
            }
        )
    if evidence["value"] < target.target_value:
        raise DomainError(
            _("The approved value %(value)s does not meet the target of %(target)s.")
            % {"value": f"{evidence['value'].normalize():f}", "target": f"{target.target_value.normalize():f}"}
        )
    return evidence


@transaction.atomic
def impact_step_down_request(*, actor: User, target: ImpactTarget, today: datetime.date | None = None) -> PendingChange:
    """Ask to step the rate down for a met target, citing the investee's approved value (impactmetrics) over the
    year to the test date; another fund manager approves it (`impact_step_down_apply`).

    Guarantees: refused before the test date, without approved figures, or when they fall short of the target."""
    target = ImpactTarget.objects.select_for_update().select_related("metric").get(pk=target.pk)
    loan = loan_lock(target.loan)
    _serviced(loan)
    today = today or timezone.localdate()
    if target.status != ImpactTargetStatus.OPEN:
        raise DomainError(_("This target has been decided already."))
    if today < target.test_date:
        raise DomainError(
            _("The target is tested on %(date)s; ask for the step-down after that.")
            % {"date": target.test_date.isoformat()}
        )
    evidence = _achieved(target)
    current, new, effective = _step_down(loan, target, today)
    _no_pending(ChangeKind.IMPACT_STEP_DOWN, target, _("A step-down for this target is waiting for approval already."))
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.IMPACT_STEP_DOWN,
        payload={
            "approved_value": f"{evidence['value'].normalize():f}",
            "target_value": f"{target.target_value.normalize():f}",
            "metric": target.metric.code,
            "tested_from": evidence["start"].isoformat(),
            "tested_to": evidence["end"].isoformat(),
            "approved_reports": "; ".join(evidence["reports"]),
            "annual_interest_rate": f"{new:f}",
            "effective_date": effective.isoformat(),
        },
        before={"annual_interest_rate": f"{current:f}"},
        reason=_("Impact target met: %(metric)s %(value)s ≥ %(target)s (approved figures)")
        % {
            "metric": target.metric.code,
            "value": f"{evidence['value'].normalize():f}",
            "target": f"{target.target_value.normalize():f}",
        },
        target=target,
    )


def impact_step_down_apply(change: PendingChange, approver: User) -> None:
    """What approving a step-down does: the rate change from the next period, the target confirmed with its
    approved value. Refused when the approved figures changed since the request (a correction was approved)."""
    target = ImpactTarget.objects.select_for_update().select_related("metric").get(pk=change.target_id)
    loan = loan_lock(target.loan)
    _serviced(loan)
    if target.status != ImpactTargetStatus.OPEN:
        raise DomainError(_("This target has been decided already."))
    evidence = _achieved(target)
    if f"{evidence['value'].normalize():f}" != change.payload["approved_value"]:
        raise DomainError(
            _("The approved value has changed since the request (%(then)s then, %(now)s now): reject it and ask again.")
            % {"then": change.payload["approved_value"], "now": f"{evidence['value'].normalize():f}"}
        )
    today = timezone.localdate()
    current, new, effective = _step_down(loan, target, today)
    # dated from the next period (the engine applies it from then on), so written here rather than by ledger_post,
    # which refuses future value dates; it names both managers all the same
    entry = LedgerEntry(
        loan=loan,
        entry_type=LedgerEntryType.RATE_CHANGE,
        value_date=effective,
        booking_date=today,
        rate=new,
        note=_("Impact target met: %(metric)s") % {"metric": target.metric.code},
        created_by=change.requested_by,
        approved_by=approver,
    )
    entry.save()
    target.status = ImpactTargetStatus.CONFIRMED
    target.achieved_value = evidence["value"]
    target.confirmed_by = approver
    target.confirmed_at = timezone.now()
    target.entry = entry
    target.save()
    audit_record(
        actor=approver,
        action=AuditAction.LOAN_RATE_CHANGE,
        obj=loan,
        changes={
            "rate": [str(current), str(new)],
            "value_date": [None, effective.isoformat()],
            "requested_by": [None, str(change.requested_by)],
        },
    )
