"""Fixed vocabularies of deal flow, the investment committee and loans."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.engine import statuses as engine


class ApplicationStatus(models.TextChoices):
    """Where an application stands; moves only along APPLICATION_TRANSITIONS (portfolio.transitions)."""

    DRAFT = "draft", _("Draft")  # the investee is still writing it
    SUBMITTED = "submitted", _("Submitted")  # received by the fund
    SCREENING = "screening", _("Screening")  # eligibility checks by the fund manager
    DUE_DILIGENCE = "due_diligence", _("Due diligence")  # checklist, questions, scores
    IC = "ic", _("Investment committee")  # ready for, or on the agenda of, an IC meeting
    APPROVED = "approved", _("Approved")  # by an IC decision; a loan exists
    DECLINED = "declined", _("Declined")  # by the fund manager or the IC, with reasons
    WITHDRAWN = "withdrawn", _("Withdrawn")  # by the applicant


OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.DUE_DILIGENCE,
    ApplicationStatus.IC,
)
CLOSED_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


class Instrument(models.TextChoices):
    SENIOR_LOAN = "senior_loan", _("Senior loan")
    SUBORDINATED_LOAN = "subordinated_loan", _("Subordinated loan")
    CONVERTIBLE_LOAN = "convertible_loan", _("Convertible loan")


class CoFinancingSource(models.TextChoices):
    BANK = "bank", _("Bank")
    QREDITS = "qredits", _("Qredits")
    FOUNDATION = "foundation", _("Foundation")
    OWN_FUNDS = "own_funds", _("Own funds")
    OTHER = "other", _("Other")


class CoFinancingStatus(models.TextChoices):
    INTENDED = "intended", _("Intended")
    REQUESTED = "requested", _("Requested")
    COMMITTED = "committed", _("Committed")
    RECEIVED = "received", _("Received")


class DocumentKind(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("Business plan")
    ANNUAL_ACCOUNTS = "annual_accounts", _("Annual accounts")
    FORECAST = "forecast", _("Forecast")
    OTHER = "other", _("Other")


class EligibilityCheckCode(models.TextChoices):
    REGION = "region", _("Organisation in the fund's region")
    THEME = "theme", _("Theme fits the fund")
    TICKET = "ticket", _("Amount within the fund's ticket limits")
    LABELS = "labels", _("Impact label held")


class DueDiligenceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


DD_FINISHED = (DueDiligenceStatus.DONE, DueDiligenceStatus.NOT_APPLICABLE)


class CriterionKind(models.TextChoices):
    CREDIT = "credit", _("Credit")
    IMPACT = "impact", _("Impact")


SCORE_MIN = 1
SCORE_MAX = 5


class RiskGrade(models.TextChoices):
    A = "A", _("A – low")
    B = "B", _("B – moderate")
    C = "C", _("C – elevated")
    D = "D", _("D – high")
    E = "E", _("E – very high")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


class AgendaItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    DECLINE = "decline", _("Decline")
    ABSTAIN = "abstain", _("Abstain")


class QuorumRule(models.TextChoices):
    """How many of the fund's IC members must vote (without a conflict) for a decision to stand."""

    MAJORITY = "majority", _("More than half of the members")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the members")
    FIXED = "fixed", _("A fixed number of members")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class LoanStatus(models.TextChoices):
    """A loan's life; moves only along LOAN_TRANSITIONS (portfolio.transitions) through the servicing services."""

    APPROVED = "approved", _("Approved")  # by the IC, not yet contracted
    CONTRACTED = "contracted", _("Contracted")  # signed, nothing paid out yet
    ACTIVE = engine.StatementStatus.ACTIVE.value, _("Active")  # money paid out, being repaid
    RESTRUCTURED = "restructured", _("Restructured")  # active on a newer schedule version after new terms
    REPAID = engine.StatementStatus.REPAID.value, _("Repaid")  # nothing outstanding
    # the rest was written off; recoveries may still come in
    WRITTEN_OFF = engine.StatementStatus.WRITTEN_OFF.value, _("Written off")


SERVICED_STATUSES = (LoanStatus.ACTIVE, LoanStatus.RESTRUCTURED)


class LedgerEntryType(models.TextChoices):
    """A posted movement on a loan; each maps to one loan-engine transaction type."""

    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")
    FEE = "fee", _("Fee")
    PENALTY = "penalty", _("Penalty")
    INTEREST_WAIVER = "interest_waiver", _("Interest waiver")
    WRITE_OFF = "write_off", _("Write-off")
    RECOVERY = "recovery", _("Recovery")
    REVERSAL = "reversal", _("Reversal")
    RATE_CHANGE = "rate_change", _("Rate change")


ENGINE_TYPES = {
    LedgerEntryType.REPAYMENT: engine.TransactionType.REPAYMENT,
    LedgerEntryType.FEE: engine.TransactionType.FEE,
    LedgerEntryType.PENALTY: engine.TransactionType.PENALTY,
    LedgerEntryType.INTEREST_WAIVER: engine.TransactionType.WAIVE_INTEREST,
    LedgerEntryType.WRITE_OFF: engine.TransactionType.WRITE_OFF,
    LedgerEntryType.RECOVERY: engine.TransactionType.RECOVERY,
    LedgerEntryType.RATE_CHANGE: engine.TransactionType.RATE_CHANGE,
    LedgerEntryType.REVERSAL: engine.TransactionType.REVERSAL,
}


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    BANK_STATEMENT = "bank_statement", _("Bank statement")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")


class InstallmentStatus(models.TextChoices):
    """Where an installment stands on a statement date (the loan engine's InstallmentStatus, named for people)."""

    PAID = engine.InstallmentStatus.PAID.value, _("Paid")
    OVERDUE = engine.InstallmentStatus.OVERDUE.value, _("Overdue")
    PARTLY_PAID = engine.InstallmentStatus.PARTLY_PAID.value, _("Partly paid")
    DUE = engine.InstallmentStatus.DUE.value, _("Due next")
    FUTURE = engine.InstallmentStatus.FUTURE.value, _("Future")
    WRITTEN_OFF = engine.InstallmentStatus.WRITTEN_OFF.value, _("Written off")


class TrancheStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")  # by one fund manager
    APPROVED = "approved", _("Approved")  # by a second fund manager; the payment file may be produced
    PAID = "paid", _("Paid out")  # the bank confirmed; posted to the ledger
    CANCELLED = "cancelled", _("Cancelled")


class BankLineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched and posted")
    UNMATCHED = "unmatched", _("Unmatched")
    AMBIGUOUS = "ambiguous", _("Ambiguous")
    ASSIGNED = "assigned", _("Assigned by a manager")
    IGNORED = "ignored", _("Not a loan payment")
    DEBIT = "debit", _("Money out (not a repayment)")
    NOT_POSTED = "not_posted", _("One loan matches, not posted")  # the loan could not take it as it came
    PARKED = "parked", _("Parked")  # a manager put it aside with a note; still to reconcile
    SPLIT = "split", _("Split across loans")
    CONTRIBUTION = "contribution", _("Member's contribution, recorded")  # paid with a call line's RF reference


# lines still to reconcile: the queue
QUEUED_LINE_STATUSES = (
    BankLineStatus.UNMATCHED,
    BankLineStatus.AMBIGUOUS,
    BankLineStatus.NOT_POSTED,
    BankLineStatus.PARKED,
)


class QueueReason(models.TextChoices):
    """Why an imported credit was not posted by itself (the queue says it in words, see bank_reconciliation_queue)."""

    SEVERAL_BY_REFERENCE = "several_by_reference", _("Several loans match the reference")
    SEVERAL_BY_PAYER = "several_by_payer", _("Several loans of the payer's account")
    NO_LOAN = "no_loan", _("No loan matches")
    BEFORE_DISBURSEMENT = "before_disbursement", _("Value date before the loan was disbursed")
    BEFORE_TERMS = "before_terms", _("Value date before the loan's current terms")
    REFUSED = "refused", _("The loan could not take the payment")
    CALL_OVERPAID = "call_overpaid", _("More than is outstanding on the capital call")
    UNKNOWN_CALL_REFERENCE = "unknown_call_reference", _("Payment reference of no capital call")


class AgingBucket(models.TextChoices):
    """Days past due of the oldest unpaid installment."""

    CURRENT = "current", _("Current")
    DPD_1_30 = "1-30", _("1–30 days")
    DPD_31_60 = "31-60", _("31–60 days")
    DPD_61_90 = "61-90", _("61–90 days")
    DPD_91_180 = "91-180", _("91–180 days")
    DPD_OVER_180 = ">180", _("over 180 days")
    # a loan that owes nothing more is in no aging bucket: it says how it ended, never "current"
    REPAID = engine.StatementStatus.REPAID.value, _("Repaid")
    WRITTEN_OFF = engine.StatementStatus.WRITTEN_OFF.value, _("Written off")


# the buckets of loans that still owe principal, oldest arrears last
AGING_BUCKETS = [bucket for bucket in AgingBucket if bucket not in (AgingBucket.REPAID, AgingBucket.WRITTEN_OFF)]


def aging_bucket(days_past_due: int, status: str = engine.StatementStatus.ACTIVE) -> str:
    """The aging bucket of a loan: by days past due (0 is current), or how it ended (engine status)."""
    if status == engine.StatementStatus.WRITTEN_OFF:
        return AgingBucket.WRITTEN_OFF.value
    if status in engine.SETTLED_STATUSES:
        return AgingBucket.REPAID.value
    for limit, bucket in ((0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90"), (180, "91-180")):
        if days_past_due <= limit:
            return bucket
    return ">180"


class ApprovalStatus(models.TextChoices):
    """Four-eyes requests (restructurings): requested by one manager, approved or rejected by another."""

    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeKind(models.TextChoices):
    """The portfolio's changes under four eyes (fund.services.approvals): one fund manager asks, another approves."""

    TRANCHE = "loan.tranche", _("Tranche payout")
    RESTRUCTURING = "loan.restructuring", _("Restructuring")
    WRITE_OFF = "loan.write_off", _("Write-off")
    INTEREST_WAIVER = "loan.interest_waiver", _("Interest waiver")
    IMPACT_STEP_DOWN = "loan.impact_step_down", _("Impact-linked rate step-down")
    MANUAL_PAYMENT = "loan.manual_payment", _("Manual payment above the fund's threshold")
    IC_DECISION_TERMS = "ic.decision_terms", _("IC decision with terms other than those voted on")


class ImpactTargetStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Met, rate stepped down")
    MISSED = "missed", _("Not met")


class PaymentFileKind(models.TextChoices):
    CREDIT_TRANSFER = "pain.001", _("Credit transfer (pain.001)")
    DIRECT_DEBIT = "pain.008", _("Direct debit (pain.008)")
    DISTRIBUTION = "payout", _("Distribution payout (pain.001)")


class Allocation(models.TextChoices):
    """The loan engine's Allocation, named for people."""

    PENALTIES_FEES_INTEREST_PRINCIPAL = (
        engine.Allocation.PENALTIES_FEES_INTEREST_PRINCIPAL.value,
        _("Penalties, fees, interest, principal"),
    )
    PRINCIPAL_INTEREST_PENALTIES_FEES = (
        engine.Allocation.PRINCIPAL_INTEREST_PENALTIES_FEES.value,
        _("Principal, interest, penalties, fees"),
    )
    INTEREST_PRINCIPAL_PENALTIES_FEES = (
        engine.Allocation.INTEREST_PRINCIPAL_PENALTIES_FEES.value,
        _("Interest, principal, penalties, fees"),
    )


class Prepayment(models.TextChoices):
    """The loan engine's Prepayment, named for people."""

    REDUCE_INSTALLMENT = engine.Prepayment.REDUCE_INSTALLMENT.value, _("Lower installments")
    REDUCE_TERM = engine.Prepayment.REDUCE_TERM.value, _("Shorter term")
    PAY_AHEAD = engine.Prepayment.PAY_AHEAD.value, _("Pay ahead")


class EarlyPayment(models.TextChoices):
    """What money paid before an installment falls due does (docs/loan-engine.md, early payments)."""

    SETTLE_NEXT = engine.EarlyPayment.SETTLE_NEXT.value, _("Held for the next installment")
    PRINCIPAL_FIRST = engine.EarlyPayment.PRINCIPAL_FIRST.value, _("Repays principal at once")


class ConditionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    WAIVED = "waived", _("Waived")


class VersionBasis(models.TextChoices):
    """Why a schedule version was made; loans are serviced on the disbursement and restructuring versions."""

    CONTRACT = "contract", _("Contract (planned disbursement)")
    DISBURSEMENT = "disbursement", _("First disbursement")
    TRANCHE = "tranche", _("Further tranche")
    RESTRUCTURING = "restructuring", _("Restructuring")


SERVICED_BASES = (VersionBasis.DISBURSEMENT, VersionBasis.RESTRUCTURING)


class AuditAction(models.TextChoices):
    """What the audit trail records (fund.audit.audit_record); the label is what the history panel shows."""

    APPLICATION_CREATED = "application.created", _("Application started")
    APPLICATION_UPDATED = "application.updated", _("Application changed")
    APPLICATION_SUBMITTED = "application.submitted", _("Application submitted")
    APPLICATION_SCREENING = "application.screening", _("Screening started")
    APPLICATION_DUE_DILIGENCE = "application.due_diligence", _("Due diligence started")
    APPLICATION_IC = "application.ic", _("Sent to the investment committee")
    APPLICATION_APPROVED = "application.approved", _("Approved by the investment committee")
    APPLICATION_DECLINED = "application.declined", _("Declined")
    APPLICATION_WITHDRAWN = "application.withdrawn", _("Withdrawn by the applicant")
    APPLICATION_CO_FINANCING_ADDED = "application.co_financing_added", _("Co-financing added")
    APPLICATION_CO_FINANCING_REMOVED = "application.co_financing_removed", _("Co-financing removed")
    APPLICATION_DOCUMENT_UPLOADED = "application.document_uploaded", _("Document uploaded")
    APPLICATION_QUESTION_ASKED = "application.question_asked", _("Question asked")
    APPLICATION_QUESTION_ANSWERED = "application.question_answered", _("Question answered")
    APPLICATION_ELIGIBILITY_CHECKED = "application.eligibility_checked", _("Eligibility checked")
    APPLICATION_DD_ITEM_UPDATED = "application.dd_item_updated", _("Due-diligence item updated")
    APPLICATION_ASSESSED = "application.assessed", _("Scores and risk grade set")
    IC_MEETING_CREATED = "ic_meeting.created", _("IC meeting planned")
    IC_MEETING_ITEM_ADDED = "ic_meeting.item_added", _("Put on the agenda")
    IC_CONFLICT_DECLARED = "ic.conflict_declared", _("Conflict of interest declared")
    IC_VOTE_CAST = "ic.vote_cast", _("Vote cast")
    IC_DECISION_APPROVED = "ic.decision_approved", _("IC decision: approved")
    IC_DECISION_DECLINED = "ic.decision_declined", _("IC decision: declined")
    LOAN_CREATED = "loan.created", _("Loan created")
    LOAN_CONDITION_MET = "loan.condition_met", _("Condition precedent met")
    LOAN_CONDITION_WAIVER_REQUESTED = "loan.condition_waiver_requested", _("Waiver of a condition precedent requested")
    LOAN_CONDITION_WAIVED = "loan.condition_waived", _("Condition precedent waived (four-eyes)")
    LOAN_CONDITION_WAIVER_REJECTED = "loan.condition_waiver_rejected", _("Waiver of a condition precedent rejected")
    BANK_LINE_ASSIGNED = "bank.line_assigned", _("Bank line assigned to a loan")
    BANK_LINE_SPLIT = "bank.line_split", _("Bank line split across loans")
    BANK_LINE_PARKED = "bank.line_parked", _("Bank line parked")
    BANK_LINE_IGNORED = "bank.line_ignored", _("Bank line set aside: not a loan payment")
    APPLICATION_IMPACT_PLAN_NOT_CREATED = "application.impact_plan_not_created", _("Impact plan not created")
    LOAN_STATUS_CHANGED = "loan.status_changed", _("Loan status changed")
    LOAN_CONTRACT_SIGNED = "loan.contract_signed", _("Contract signed")
    LOAN_SCHEDULE_VERSION = "loan.schedule_version", _("New repayment schedule")
    LOAN_CONDITION_CHECKED = "loan.condition_checked", _("Condition precedent checked")
    LOAN_IMPACT_TARGET_ADDED = "loan.impact_target_added", _("Impact target added")
    LOAN_PAYMENT_FILE = "loan.payment_file", _("Payment file produced")
    DISTRIBUTION_PAYOUT_FILE = "distribution.payout_file", _("Distribution payout file produced")
    LOAN_TRANCHE_REQUESTED = "loan.tranche_requested", _("Tranche requested")
    LOAN_TRANCHE_APPROVED = "loan.tranche_approved", _("Tranche approved")
    LOAN_TRANCHE_CANCELLED = "loan.tranche_cancelled", _("Tranche cancelled")
    LOAN_RESTRUCTURING_REQUESTED = "loan.restructuring_requested", _("Restructuring requested")
    LOAN_RESTRUCTURING_APPROVED = "loan.restructuring_approved", _("Restructuring approved")
    LOAN_RESTRUCTURING_REJECTED = "loan.restructuring_rejected", _("Restructuring rejected")
    BANK_STATEMENT_IMPORTED = "bank.statement_imported", _("Bank statement imported")
    BANK_DIRECT_DEBIT_FILE = "bank.direct_debit_file", _("Direct debit file produced")
    BOOKS_CHART_CREATED = "books.chart_created", _("Chart of accounts created")
    BOOKS_ACCOUNT_NUMBER_CHANGED = "books.account_number_changed", _("Account number changed")
    BOOKS_POSTED = "books.posted", _("Books posted")
    BOOKS_PERIOD_END_POSTED = "books.period_end_posted", _("Period end posted (accrual and provision)")
    BOOKS_PERIOD_CLOSED = "books.period_closed", _("Period closed")
    BOOKS_PERIOD_REOPENED = "books.period_reopened", _("Period reopened (four eyes)")
    BOOKS_PROVISION_RATES_CHANGED = "books.provision_rates_changed", _("Provision rates changed (four eyes)")
    BOOKS_PROVISION_OVERRIDE_SET = "books.provision_override_set", _("Loan provision rate set (four eyes)")
    FUND_BANK_ACCOUNT_CHANGED = "fund.bank_account_changed", _("Fund's bank account changed (four eyes)")
    FUND_COMMITTEE_RULES_CHANGED = "fund.committee_rules_changed", _("Quorum rule changed (four eyes)")
    FUND_MANUAL_PAYMENT_THRESHOLD_CHANGED = (
        "fund.manual_payment_threshold_changed",
        _("Threshold for manual payments changed (four eyes)"),
    )
    LOAN_BORROWER_IBAN_CHANGED = "loan.borrower_iban_changed", _("Borrower's IBAN set (four eyes)")
    FUND_DD_CHECKLIST_CHANGED = "fund.dd_checklist_changed", _("Due-diligence checklist changed")
    FUND_SCORING_CRITERIA_CHANGED = "fund.scoring_criteria_changed", _("Scoring criteria changed")
    # a ledger posting is recorded as "loan.<entry type>" with the entry type's label
    LOAN_DISBURSEMENT = "loan.disbursement", _("Disbursement")
    LOAN_REPAYMENT = "loan.repayment", _("Repayment")
    LOAN_FEE = "loan.fee", _("Fee")
    LOAN_PENALTY = "loan.penalty", _("Penalty")
    LOAN_INTEREST_WAIVER = "loan.interest_waiver", _("Interest waiver")
    LOAN_WRITE_OFF = "loan.write_off", _("Write-off")
    LOAN_RECOVERY = "loan.recovery", _("Recovery")
    LOAN_REVERSAL = "loan.reversal", _("Reversal")
    LOAN_RATE_CHANGE = "loan.rate_change", _("Rate change")
