"""Changes in a loan's life: early repayment, restructuring (four-eyes), write-off, impact-linked rate step-down."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import User
from impactmetrics.models import Metric
from portfolio.choices import (
    SERVICED_STATUSES,
    ApprovalStatus,
    AuditAction,
    ImpactTargetStatus,
    LedgerEntryType,
    LoanStatus,
    VersionBasis,
)
from portfolio.engine.errors import EngineError
from portfolio.engine.restructure import loan_restructure
from portfolio.engine.serialize import money
from portfolio.models import ImpactTarget, LedgerEntry, Loan, Restructuring
from portfolio.selectors.loans import loan_state, version_on, version_statement, version_terms
from portfolio.services.contract import loan_terms_dict, schedule_version_create
from portfolio.services.ledger import ledger_post, loan_lock, loan_status_set, repayment_post


def _serviced(loan: Loan) -> None:
    if loan.status not in SERVICED_STATUSES:
        raise DomainError(
            _("Loan %(ref)s is %(status)s.") % {"ref": loan.reference, "status": loan.get_status_display().lower()}
        )


def loan_payoff_quote(*, loan: Loan, on: datetime.date) -> Decimal:
    """What the borrower pays on `on` to owe nothing more (the engine's payoff amount)."""
    return loan_state(loan=loan, as_of=on).payoff_amount


@transaction.atomic
def loan_payoff(*, actor: User | None, loan: Loan, on: datetime.date) -> LedgerEntry:
    """Full early repayment: posts the engine's payoff amount for `on`; the loan ends repaid."""
    loan = loan_lock(loan)
    _serviced(loan)
    amount = loan_payoff_quote(loan=loan, on=on)
    if amount <= 0:
        raise DomainError(_("Nothing is owed on this loan."))
    return repayment_post(actor=actor, loan=loan, value_date=on, amount=amount, note=_("Early repayment in full"))


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
    return restructuring


@transaction.atomic
def restructuring_approve(*, actor: User, restructuring: Restructuring) -> Restructuring:
    """The second manager's approval: new terms on what is outstanding then (arrears capitalised), a new version.

    Guarantees: refused to the requester (four-eyes); the old schedule version stays as it was.
    """
    restructuring = Restructuring.objects.select_for_update().get(pk=restructuring.pk)
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
    return restructuring


@transaction.atomic
def restructuring_reject(*, actor: User, restructuring: Restructuring) -> Restructuring:
    restructuring = Restructuring.objects.select_for_update().get(pk=restructuring.pk)
    if restructuring.status != ApprovalStatus.REQUESTED:
        raise DomainError(_("This restructuring has been decided already."))
    restructuring.status = ApprovalStatus.REJECTED
    restructuring.decided_by = actor if actor.pk != restructuring.requested_by_id else None
    restructuring.decided_at = timezone.now()
    restructuring.save()
    audit_record(actor=actor, action=AuditAction.LOAN_RESTRUCTURING_REJECTED, obj=restructuring.loan, changes={})
    return restructuring


@transaction.atomic
def loan_write_off(*, actor: User, loan: Loan, on: datetime.date, reason: str) -> LedgerEntry:
    """Write off everything outstanding on `on`; later money received is posted as recoveries.

    The entry's amount is the principal written off (the basis of the write-off ratio)."""
    loan = loan_lock(loan)
    _serviced(loan)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the loan is written off.")]})
    state = loan_state(loan=loan, as_of=on)
    if state.outstanding_principal <= 0:
        raise DomainError(_("No principal is outstanding to write off."))
    entry = ledger_post(
        actor=actor,
        loan=loan,
        entry_type=LedgerEntryType.WRITE_OFF,
        value_date=on,
        amount=state.outstanding_principal,
        note=reason,
    )
    loan_status_set(actor=actor, loan=loan, target=LoanStatus.WRITTEN_OFF)
    return entry


def next_period_start(*, loan: Loan, after: datetime.date) -> datetime.date:
    """The first due date after `after`: a rate change posted then runs from the next period."""
    state = loan_state(loan=loan, as_of=after)
    return next((i.due_date for i in state.installments if i.due_date > after), after)


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


@transaction.atomic
def impact_step_down_confirm(
    *, actor: User, target: ImpactTarget, achieved_value: Decimal, today: datetime.date | None = None
) -> ImpactTarget:
    """The manager confirms a met target: the rate steps down from the next period (never below rate − cap)."""
    target = ImpactTarget.objects.select_for_update().get(pk=target.pk)
    loan = loan_lock(target.loan)
    _serviced(loan)
    today = today or timezone.localdate()
    if target.status != ImpactTargetStatus.OPEN:
        raise DomainError(_("This target has been decided already."))
    if achieved_value is None or achieved_value < target.target_value:
        raise DomainError(_("The verified value does not meet the target."))
    stepped = sum((t.step_down for t in loan.impact_targets.filter(status=ImpactTargetStatus.CONFIRMED)), Decimal(0))
    step = min(target.step_down, max(target.cap - stepped, Decimal(0)))
    current = loan_state(loan=loan, as_of=today).annual_interest_rate
    if step <= 0:
        raise DomainError(_("The loan's step-downs have reached their cap."))
    effective = next_period_start(loan=loan, after=today)
    # booked today, dated from the next period: the engine applies it from that date on
    effective_date = max(effective, today)
    entry = LedgerEntry(
        loan=loan,
        entry_type=LedgerEntryType.RATE_CHANGE,
        value_date=effective_date,
        booking_date=today,
        rate=max(current - step, Decimal(0)),
        note=_("Impact target met: %(metric)s") % {"metric": target.metric.code},
        created_by=actor,
    )
    entry.save()
    target.status = ImpactTargetStatus.CONFIRMED
    target.achieved_value = achieved_value
    target.confirmed_by = actor
    target.confirmed_at = timezone.now()
    target.entry = entry
    target.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_RATE_CHANGE,
        obj=loan,
        changes={"rate": [str(current), str(entry.rate)], "value_date": [None, effective_date.isoformat()]},
    )
    return target
