"""What happened to a loan after it was agreed: transactions, the servicing policy, and reversals resolved.

A reversal is never applied as money: it removes the transaction it reverses, so the statement reads as if that
transaction never happened and everything after it is replayed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portfolio.engine.errors import TransactionError

MONEY_TYPES = ("repayment", "disbursement", "fee", "penalty", "waive_interest", "recovery")
TRANSACTION_TYPES = (*MONEY_TYPES, "rate_change", "write_off", "reversal")

ALLOCATIONS = {
    "penalties_fees_interest_principal": ("penalties", "fees", "interest", "principal"),
    "principal_interest_penalties_fees": ("principal", "interest", "penalties", "fees"),
    "interest_principal_penalties_fees": ("interest", "principal", "penalties", "fees"),
}
PREPAYMENTS = ("reduce_installment", "reduce_term", "pay_ahead")
# settle_next: money paid before an installment falls due is held for it and settles it on its due date;
# principal_first: it pays the next installment's principal at once and the rest is a prepayment (Fineract's way)
EARLY_PAYMENTS = ("settle_next", "principal_first")


@dataclass(frozen=True, slots=True)
class Transaction:
    """One posted transaction; `index` is its position in the list it came in (reversals refer to it)."""

    index: int
    date: date
    type: str
    amount: Decimal | None = None
    rate: Decimal | None = None  # rate_change: the new annual rate in percent
    reverses: int | None = None  # reversal: index of the transaction it cancels

    @property
    def money(self) -> Decimal:
        """The amount of a money transaction (parsing refuses one without)."""
        if self.amount is None:
            raise TransactionError(f"transactions[{self.index}].amount", "is required")
        return self.amount

    @property
    def new_rate(self) -> Decimal:
        """The new annual rate of a rate change (parsing refuses one without)."""
        if self.rate is None:
            raise TransactionError(f"transactions[{self.index}].rate", "is required")
        return self.rate

    @property
    def reversed_index(self) -> int:
        """The index of the transaction a reversal cancels (parsing refuses one without)."""
        if self.reverses is None:
            raise TransactionError(f"transactions[{self.index}].reverses", "is required")
        return self.reverses


@dataclass(frozen=True, slots=True)
class Policy:
    """How money is applied: allocation order, interest recalculation, early payments and what a prepayment does."""

    allocation: str = "penalties_fees_interest_principal"
    interest_recalculation: bool = False
    prepayment: str = "reduce_installment"
    early_payment: str = "settle_next"

    def __post_init__(self) -> None:
        if self.allocation not in ALLOCATIONS:
            raise TransactionError("policy.allocation", f"must be one of {', '.join(ALLOCATIONS)}")
        if not isinstance(self.interest_recalculation, bool):
            raise TransactionError("policy.interest_recalculation", "must be true or false")
        if self.prepayment not in PREPAYMENTS:
            raise TransactionError("policy.prepayment", f"must be one of {', '.join(PREPAYMENTS)}")
        if self.early_payment not in EARLY_PAYMENTS:
            raise TransactionError("policy.early_payment", f"must be one of {', '.join(EARLY_PAYMENTS)}")

    @property
    def order(self) -> tuple[str, ...]:
        return ALLOCATIONS[self.allocation]


def effective_transactions(transactions: list[Transaction], as_of: date) -> list[Transaction]:
    """The transactions that count on `as_of`, in date order (same day: list order), reversals resolved.

    Reversing a reversal brings the original transaction back.
    """
    active = [tx.date <= as_of for tx in transactions]
    for tx in transactions:
        if tx.type != "reversal" or not active[tx.index]:
            continue
        target = transactions[tx.reversed_index]
        if target.type == "reversal" and active[target.index]:
            active[target.reversed_index] = transactions[target.reversed_index].date <= as_of
        active[target.index] = False
    kept = [tx for tx in transactions if active[tx.index] and tx.type != "reversal"]
    return sorted(kept, key=lambda tx: (tx.date, tx.index))
