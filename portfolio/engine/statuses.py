"""The loan engine's fixed vocabularies: the transactions it reads, the statuses it answers with and the policy values
it takes.

Each member equals its string ("written_off" == StatementStatus.WRITTEN_OFF), so JSON output and stored values read
the same as plain strings; the Django choices of the same values (portfolio.choices) are built from these.
"""

from enum import StrEnum


class TransactionType(StrEnum):
    """What a transaction does to a loan (the `type` of each item of a statement's input)."""

    REPAYMENT = "repayment"
    DISBURSEMENT = "disbursement"  # a further tranche
    FEE = "fee"
    PENALTY = "penalty"
    WAIVE_INTEREST = "waive_interest"
    RECOVERY = "recovery"  # money received after a write-off (or, before one, a repayment)
    RATE_CHANGE = "rate_change"
    WRITE_OFF = "write_off"
    REVERSAL = "reversal"  # cancels an earlier transaction


class StatementStatus(StrEnum):
    """Where a loan stands on the statement date."""

    ACTIVE = "active"  # principal still outstanding
    REPAID = "repaid"  # nothing outstanding
    OVERPAID = "overpaid"  # nothing outstanding and more paid than was owed
    WRITTEN_OFF = "written_off"  # the rest was written off; recoveries may still come in


# a loan in either of these owes nothing more
SETTLED_STATUSES = (StatementStatus.REPAID, StatementStatus.OVERPAID)


class InstallmentStatus(StrEnum):
    """Where an installment stands on the statement date."""

    PAID = "paid"
    OVERDUE = "overdue"
    PARTLY_PAID = "partly_paid"
    DUE = "due"  # the next one to fall due, nothing paid on it yet
    FUTURE = "future"
    WRITTEN_OFF = "written_off"


# the installment a borrower pays next is in one of these
NEXT_DUE_STATUSES = (InstallmentStatus.DUE, InstallmentStatus.PARTLY_PAID)


class Allocation(StrEnum):
    """The order in which a payment settles what an installment asks for."""

    PENALTIES_FEES_INTEREST_PRINCIPAL = "penalties_fees_interest_principal"
    PRINCIPAL_INTEREST_PENALTIES_FEES = "principal_interest_penalties_fees"
    INTEREST_PRINCIPAL_PENALTIES_FEES = "interest_principal_penalties_fees"


class Prepayment(StrEnum):
    """What money beyond everything due does."""

    REDUCE_INSTALLMENT = "reduce_installment"
    REDUCE_TERM = "reduce_term"
    PAY_AHEAD = "pay_ahead"


class EarlyPayment(StrEnum):
    """What money paid before an installment falls due does.

    settle_next: it is held for that installment and settles it on its due date; principal_first: it pays the next
    installment's principal at once and the rest is a prepayment (Fineract's way).
    """

    SETTLE_NEXT = "settle_next"
    PRINCIPAL_FIRST = "principal_first"
