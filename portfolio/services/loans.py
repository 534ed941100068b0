"""Loans as the deal flow creates them. Servicing (contract, disbursement, repayments) builds on these rows."""

from django.db import transaction

from fund.audit import audit_record
from fund.models import User
from portfolio.choices import AuditAction, DecisionOutcome, LoanStatus
from portfolio.models import ConditionPrecedent, Covenant, ICDecision, Loan


@transaction.atomic
def loan_create_from_decision(*, actor: User | None, decision: ICDecision) -> Loan:
    """Create the loan in status approved with the IC's approved terms, conditions precedent and covenants."""
    if decision.outcome != DecisionOutcome.APPROVED:
        raise ValueError("Only an approval creates a loan.")
    amount, rate, term, grace = (
        decision.amount,
        decision.annual_interest_rate,
        decision.term_months,
        decision.grace_months,
    )
    if amount is None or rate is None or term is None or grace is None:  # the vote service requires all four
        raise ValueError("An approval names the amount, rate, term and grace of the loan.")
    application = decision.application
    loan = Loan.objects.create(
        reference=f"L-{application.reference}",
        fund_id=application.fund_id,
        organisation_id=application.organisation_id,
        application=application,
        decision=decision,
        status=LoanStatus.APPROVED,
        instrument=decision.instrument,
        principal=amount,
        annual_interest_rate=rate,
        term_months=term,
        grace_months=grace,
        approved_at=decision.decided_at,
        approved_by=decision.decided_by,
    )
    ConditionPrecedent.objects.bulk_create(
        ConditionPrecedent(loan=loan, text=text, position=i) for i, text in enumerate(decision.conditions_precedent, 1)
    )
    Covenant.objects.bulk_create(
        Covenant(loan=loan, text=text, position=i) for i, text in enumerate(decision.covenants, 1)
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CREATED,
        obj=loan,
        changes={
            "status": [None, loan.status],
            "principal": [None, str(amount.amount)],
            "annual_interest_rate": [None, str(loan.annual_interest_rate)],
            "term_months": [None, str(loan.term_months)],
            "grace_months": [None, str(loan.grace_months)],
            "instrument": [None, loan.instrument],
        },
    )
    return loan
