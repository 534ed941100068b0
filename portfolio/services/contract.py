"""The contract of an approved loan and the schedule versions the engine makes of it."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import User
from fund.validators import iban_clean
from portfolio.choices import Allocation, AuditAction, EarlyPayment, LoanStatus, Prepayment, VersionBasis
from portfolio.engine.errors import EngineError
from portfolio.engine.serialize import money, parse_terms
from portfolio.models import LedgerEntry, Loan, ScheduledInstallmentRow, ScheduleVersion
from portfolio.selectors.loans import loan_schedule
from portfolio.services.ledger import loan_lock, loan_status_set
from portfolio.services.payee import borrower_iban_change_request


def loan_terms_dict(
    *,
    principal: Decimal,
    rate: Decimal,
    repayments: int,
    disbursement_date: datetime.date,
    first_due_date: datetime.date | None,
    grace_principal: int = 0,
) -> dict[str, Any]:
    """The engine's JSON terms of a monthly, declining-balance annuity loan (the fund's standard contract)."""
    terms = {
        "principal": money(principal),
        "annual_interest_rate": str(rate),
        "repayments": repayments,
        "disbursement_date": disbursement_date.isoformat(),
        "grace_principal": grace_principal,
    }
    if first_due_date is not None and first_due_date > disbursement_date:
        terms["first_repayment_date"] = first_due_date.isoformat()
    return terms


def schedule_version_create(
    *,
    actor: User | None,
    loan: Loan,
    basis: str,
    terms: dict[str, Any],
    effective_from: datetime.date,
    reason: str,
    capitalised: Decimal = Decimal(0),
) -> ScheduleVersion:
    """Persist a new schedule version: the terms, the engine's schedule of them, and where its ledger starts.

    Guarantees: earlier versions are never changed; terms the engine refuses raise a ValidationError naming the term.
    """
    try:
        schedule = loan_schedule(terms=parse_terms(terms))
    except EngineError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc
    last = loan.schedule_versions.order_by("-number").first()
    boundary = LedgerEntry.objects.filter(loan=loan).order_by("-pk").values_list("pk", flat=True).first() or 0
    version = ScheduleVersion.objects.create(
        loan=loan,
        number=(last.number + 1) if last else 1,
        basis=basis,
        effective_from=effective_from,
        reason=reason[:200],
        terms=terms,
        ledger_boundary=boundary if basis == VersionBasis.RESTRUCTURING else 0,
        total_principal=schedule.total_principal,
        total_interest=schedule.total_interest,
        capitalised=capitalised,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ScheduledInstallmentRow.objects.bulk_create(
        ScheduledInstallmentRow(
            version=version,
            number=row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            total=row.total,
            balance=row.balance,
        )
        for row in schedule.installments
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_SCHEDULE_VERSION,
        obj=loan,
        changes={"version": [str(last.number) if last else None, str(version.number)], "reason": [None, reason]},
    )
    return version


@transaction.atomic
def loan_contract_sign(
    *,
    actor: User | None,
    loan: Loan,
    signed_on: datetime.date,
    planned_disbursement_date: datetime.date,
    first_due_date: datetime.date,
    borrower_iban: str,
    mandate_reference: str = "",
    mandate_signed_on: datetime.date | None = None,
    security: str = "",
    guarantees: str = "",
    allocation: str = Allocation.PENALTIES_FEES_INTEREST_PRINCIPAL,
    prepayment: str = Prepayment.REDUCE_INSTALLMENT,
    early_payment: str = EarlyPayment.SETTLE_NEXT,
) -> Loan:
    """Record the signed contract of an approved loan and its first schedule version (planned disbursement).

    Guarantees: the loan moves approved → contracted; the contract schedule is the engine's for the approved terms.
    The payee IBAN is the loan's at once only when it is the organisation's approved IBAN; another IBAN waits for a
    second manager (portfolio.services.payee), and the loan has none until then.
    """
    loan = loan_lock(loan)
    errors: dict[str, list[str]] = {}
    iban = ""
    try:
        iban = iban_clean(borrower_iban or "")
    except ValidationError as exc:
        errors["borrower_iban"] = exc.messages
    if not signed_on:
        errors["signed_on"] = [_("Enter the date the contract was signed.")]
    if planned_disbursement_date and first_due_date and first_due_date <= planned_disbursement_date:
        errors["first_due_date"] = [_("The first installment must fall due after the disbursement.")]
    if bool(mandate_reference.strip()) != bool(mandate_signed_on):
        errors["mandate_reference"] = [_("A direct-debit mandate needs both its reference and its signing date.")]
    if allocation not in Allocation.values:
        errors["allocation"] = [_("Choose an allocation order.")]
    if prepayment not in Prepayment.values:
        errors["prepayment"] = [_("Choose a prepayment policy.")]
    if early_payment not in EarlyPayment.values:
        errors["early_payment"] = [_("Choose what a payment before the due date does.")]
    if errors:
        raise ValidationError(errors)
    loan_status_set(actor=actor, loan=loan, target=LoanStatus.CONTRACTED)
    loan.signed_on = signed_on
    loan.first_due_date = first_due_date
    approved_iban = iban if actor is None or iban == loan.organisation.iban else ""
    loan.borrower_iban = approved_iban
    loan.mandate_reference = mandate_reference.strip()
    loan.mandate_signed_on = mandate_signed_on
    loan.security = security.strip()
    loan.guarantees = guarantees.strip()
    loan.allocation = allocation
    loan.prepayment = prepayment
    loan.early_payment = early_payment
    loan.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CONTRACT_SIGNED,
        obj=loan,
        changes={
            "signed_on": [None, signed_on.isoformat()],
            "first_due_date": [None, first_due_date.isoformat()],
            "borrower_iban": [None, approved_iban or None],
            "mandate_reference": [None, loan.mandate_reference or None],
        },
    )
    schedule_version_create(
        actor=actor,
        loan=loan,
        basis=VersionBasis.CONTRACT,
        terms=loan_terms_dict(
            principal=loan.principal.amount,
            rate=loan.annual_interest_rate,
            repayments=loan.term_months,
            disbursement_date=planned_disbursement_date,
            first_due_date=first_due_date,
            grace_principal=loan.grace_months,
        ),
        effective_from=planned_disbursement_date,
        reason=_("Contract signed on %(date)s") % {"date": signed_on.isoformat()},
    )
    if actor is not None and iban != approved_iban:
        borrower_iban_change_request(
            actor=actor,
            loan=loan,
            iban=iban,
            reason=_("The payee IBAN in the contract signed on %(date)s is not the organisation's approved IBAN.")
            % {"date": signed_on.isoformat()},
        )
    loan.status_changed_at = loan.status_changed_at or timezone.now()
    return loan
