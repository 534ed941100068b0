"""Changes in a loan's life: early repayment, restructuring (four-eyes), impact targets.

A restructuring request is a pending change of the fund's four-eyes mechanism (fund.services.approvals); approving it
there or here runs `restructuring_approval_apply`. Write-off, interest waiver, the impact-linked step-down and manual
payments above the fund's threshold go the same way (portfolio.services.loan_approvals)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import PendingChange, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_approve, change_reject, change_request, change_withdraw
from impactmetrics.models import Metric
from portfolio.choices import (
    SERVICED_STATUSES,
    ApprovalStatus,
    AuditAction,
    ChangeKind,
    LoanStatus,
    VersionBasis,
)
from portfolio.engine.errors import EngineError
from portfolio.engine.restructure import loan_restructure
from portfolio.engine.serialize import money
from portfolio.models import ImpactTarget, LedgerEntry, Loan, Restructuring
from portfolio.selectors.loans import loan_state, version_on, version_statement, version_terms
from portfolio.services.contract import loan_terms_dict, schedule_version_create
from portfolio.services.ledger import loan_lock, loan_status_set
from portfolio.services.loan_approvals import manual_payment_post


def _serviced(loan: Loan) -> None:
    if loan.status not in SERVICED_STATUSES:
        raise DomainError(
            _("Loan %(ref)s is %(status)s.") % {"ref": loan.reference, "status": loan.get_status_display().lower()}
        )


def loan_payoff_quote(*, loan: Loan, on: datetime.date) -> Decimal:
    """What the borrower pays on `on` to owe nothing more (the engine's payoff amount)."""
    return loan_state(loan=loan, as_of=on).payoff_amount


@transaction.atomic
def loan_payoff(*, actor: User, loan: Loan, on: datetime.date) -> LedgerEntry | PendingChange:
    """Full early repayment: the engine's payoff amount for `on`, typed in by a manager, so posted as any manual
    payment (`manual_payment_post`: above the fund's threshold only once another manager approves it)."""
    loan = loan_lock(loan)
    _serviced(loan)
    amount = loan_payoff_quote(loan=loan, on=on)
    if amount <= 0:
        raise DomainError(_("Nothing is owed on this loan."))
    return manual_payment_post(actor=actor, loan=loan, value_date=on, amount=amount, note=_("Early repayment in full"))


@transaction.atomic
def restructuring_request(
    *,
    actor: User,
    loan: Loan,
    effective_date: datetime.date | None,
    repayments: int | None,
    annual_interest_rate: Decimal | None,
    grace_months: int = 0,
    reason: str,
) -> Restructuring:
    """Propose new terms from a date; a second fund manager approves them (restructuring_approve)."""
    loan = loan_lock(loan)
    _serviced(loan)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("Say why the loan is restructured.")]
    if repayments is None or repayments < 1:
        errors["repayments"] = [_("Enter the number of installments from the effective date.")]
    elif grace_months and grace_months >= repayments:
        errors["grace_months"] = [_("The grace must be shorter than the new term.")]
    if annual_interest_rate is None or annual_interest_rate < 0:
        errors["annual_interest_rate"] = [_("Enter the new annual rate.")]
    if effective_date is None or effective_date > timezone.localdate():
        errors["effective_date"] = [_("Enter an effective date that is not in the future.")]
    if errors or effective_date is None or repayments is None or annual_interest_rate is None:  # each is an error above
        raise ValidationError(errors)
    if loan.restructurings.filter(status=ApprovalStatus.REQUESTED).exists():
        raise DomainError(_("A restructuring of this loan is waiting for approval already."))
    restructuring = Restructuring.objects.create(
        loan=loan,
        effective_date=effective_date,
        repayments=repayments,
        annual_interest_rate=annual_interest_rate,
        grace_months=grace_months or 0,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_RESTRUCTURING_REQUESTED,
        obj=loan,
        changes={
            "effective_date": [None, effective_date.isoformat()],
            "repayments": [None, str(repayments)],
            "annual_interest_rate": [None, str(annual_interest_rate)],
        },
    )
    state = loan_state(loan=loan, as_of=effective_date)
    change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.RESTRUCTURING,
        payload={
            "effective_date": effective_date.isoformat(),
            "repayments": repayments,
            "annual_interest_rate": f"{annual_interest_rate:f}",
            "grace_months": grace_months or 0,
        },
        before={
            "annual_interest_rate": f"{state.annual_interest_rate:f}",
            "repayments": sum(1 for i in state.installments if i.due_date > effective_date),
            "grace_months": 0,
        },
        reason=restructuring.reason,
        target=restructuring,
    )
    return restructuring


@transaction.atomic
def restructuring_approve(*, actor: User, restructuring: Restructuring) -> Restructuring:
    """The second manager's approval of the restructuring's pending change (`restructuring_approval_apply`).

    Guarantees: refused to the requester (four-eyes); the old schedule version stays as it was.
    """
    restructuring = Restructuring.objects.select_for_update().get(pk=restructuring.pk)
    if restructuring.status != ApprovalStatus.REQUESTED:
        raise DomainError(_("This restructuring has been decided already."))
    if restructuring.requested_by_id == actor.pk:
        raise DomainError(_("You requested this restructuring; another fund manager must approve it (four-eyes)."))
    change = pending_change_for(kind=ChangeKind.RESTRUCTURING, target=restructuring)
    if change is None:
        raise DomainError(_("This restructuring has no request waiting for approval; ask for it again."))
    change_approve(actor=actor, change=change)
    restructuring.refresh_from_db()
    return restructuring


def restructuring_approval_apply(change: PendingChange, approver: User) -> None:
    """What approving a restructuring does: new terms on what is outstanding then (arrears capitalised), a new
    schedule version, the loan restructured."""
    actor = approver
    restructuring = Restructuring.objects.select_for_update().get(pk=change.target_id)
    loan = loan_lock(restructuring.loan)
    if restructuring.status != ApprovalStatus.REQUESTED:
        raise DomainError(_("This restructuring has been decided already."))
    if restructuring.requested_by_id == actor.pk:
        raise DomainError(_("You requested this restructuring; another fund manager must approve it (four-eyes)."))
    _serviced(loan)
    on = restructuring.effective_date
    versions = [
        v
        for v in loan.schedule_versions.order_by("number")
        if v.basis in (VersionBasis.DISBURSEMENT, VersionBasis.RESTRUCTURING)
    ]
    current = version_on(versions, on)
    if current is None or current is not versions[-1] or on <= current.effective_from:
        raise DomainError(_("The effective date must fall after the start of the loan's current terms."))
    entries = list(loan.ledger_entries.order_by("pk"))
    try:
        statement = version_statement(loan, current, on)
        result = loan_restructure(
            terms=version_terms(current, entries, on),
            statement=statement,
            changes={},
            capitalise_arrears=True,
        )
    except EngineError as exc:
        raise DomainError(exc.message) from exc
    version = schedule_version_create(
        actor=actor,
        loan=loan,
        basis=VersionBasis.RESTRUCTURING,
        terms=loan_terms_dict(
            principal=result.terms.principal,
            rate=restructuring.annual_interest_rate,
            repayments=restructuring.repayments,
            disbursement_date=on,
            first_due_date=None,
            grace_principal=restructuring.grace_months,
        ),
        effective_from=on,
        reason=restructuring.reason,
        capitalised=result.capitalised,
    )
    restructuring.status = ApprovalStatus.APPROVED
    restructuring.decided_by = actor
    restructuring.decided_at = timezone.now()
    restructuring.version = version
    restructuring.save()
    loan_status_set(actor=actor, loan=loan, target=LoanStatus.RESTRUCTURED)
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_RESTRUCTURING_APPROVED,
        obj=loan,
        changes={
            "version": [str(current.number), str(version.number)],
            "capitalised": [None, money(result.capitalised)],
        },
    )


@transaction.atomic
def restructuring_reject(*, actor: User, restructuring: Restructuring, note: str = "") -> Restructuring:
    """Turn down a restructuring (another manager, with a note) or take it back (its requester): its pending change
    is rejected or withdrawn, and the restructuring with it (`restructuring_change_declined`)."""
    restructuring = Restructuring.objects.select_for_update().get(pk=restructuring.pk)
    if restructuring.status != ApprovalStatus.REQUESTED:
        raise DomainError(_("This restructuring has been decided already."))
    change = pending_change_for(kind=ChangeKind.RESTRUCTURING, target=restructuring)
    if change is None:
        raise DomainError(_("This restructuring has no request waiting for approval."))
    if change.requested_by_id == actor.pk:
        change_withdraw(actor=actor, change=change)
    else:
        change_reject(actor=actor, change=change, note=note or _("Restructuring rejected."))
    restructuring.refresh_from_db()
    return restructuring


def restructuring_change_declined(change: PendingChange, actor: User) -> None:
    """On decline of a loan.restructuring change (rejected by another manager or withdrawn by its requester, `actor`):
    the restructuring is rejected in the same transaction; the loan keeps its terms."""
    restructuring = Restructuring.objects.select_for_update().select_related("loan").get(pk=change.target_id)
    if restructuring.status != ApprovalStatus.REQUESTED:
        return
    restructuring.status = ApprovalStatus.REJECTED
    restructuring.decided_by = change.decided_by  # none when the requester withdrew it
    restructuring.decided_at = change.decided_at or timezone.now()
    restructuring.save()
    audit_record(actor=actor, action=AuditAction.LOAN_RESTRUCTURING_REJECTED, obj=restructuring.loan, changes={})


@transaction.atomic
def impact_target_add(
    *,
    actor: User,
    loan: Loan,
    metric: Metric,
    target_value: Decimal,
    test_date: datetime.date,
    step_down: Decimal,
    cap: Decimal,
) -> ImpactTarget:
    """An impact-linked step-down on the loan: meeting `target_value` by `test_date` lowers the rate."""
    errors: dict[str, list[str]] = {}
    if step_down is None or step_down <= 0:
        errors["step_down"] = [_("Enter the step-down in percentage points.")]
    if cap is None or (step_down is not None and cap < step_down):
        errors["cap"] = [_("The cap must be at least the step-down.")]
    if errors:
        raise ValidationError(errors)
    target = ImpactTarget.objects.create(
        loan=loan, metric=metric, target_value=target_value, test_date=test_date, step_down=step_down, cap=cap
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_IMPACT_TARGET_ADDED,
        obj=loan,
        changes={
            "metric": [None, metric.code],
            "target": [None, str(target_value)],
            "step_down": [None, str(step_down)],
        },
    )
    return target
