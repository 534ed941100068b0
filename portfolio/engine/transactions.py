"""What happened to a loan after it was agreed: transactions, the servicing policy, and reversals resolved.

A reversal is never applied as money: it removes the transaction it reverses, so the statement reads as if that
transaction never happened and everything after it is replayed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from portfolio.engine.errors import TransactionError
from portfolio.engine.statuses import Allocation, EarlyPayment, Prepayment, TransactionType

# the transactions that carry an amount
MONEY_TYPES = (
    TransactionType.REPAYMENT,
    TransactionType.DISBURSEMENT,
    TransactionType.FEE,
    TransactionType.PENALTY,
    TransactionType.WAIVE_INTEREST,
    TransactionType.RECOVERY,
)
TRANSACTION_TYPES = tuple(TransactionType)

_Named = TypeVar("_Named", bound=StrEnum)

ALLOCATIONS = {
    Allocation.PENALTIES_FEES_INTEREST_PRINCIPAL: ("penalties", "fees", "interest", "principal"),
    Allocation.PRINCIPAL_INTEREST_PENALTIES_FEES: ("principal", "interest", "penalties", "fees"),
    Allocation.INTEREST_PRINCIPAL_PENALTIES_FEES: ("interest", "principal", "penalties", "fees"),
}


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

    allocation: Allocation = Allocation.PENALTIES_FEES_INTEREST_PRINCIPAL
    interest_recalculation: bool = False
    prepayment: Prepayment = Prepayment.REDUCE_INSTALLMENT
    early_payment: EarlyPayment = EarlyPayment.SETTLE_NEXT

    def __post_init__(self) -> None:
        # a plain string (from JSON or a model field) becomes its named value; anything else is refused by name
        object.__setattr__(self, "allocation", _named(Allocation, self.allocation, "policy.allocation"))
        if not isinstance(self.interest_recalculation, bool):
            raise TransactionError("policy.interest_recalculation", "must be true or false")
        object.__setattr__(self, "prepayment", _named(Prepayment, self.prepayment, "policy.prepayment"))
        object.__setattr__(self, "early_payment", _named(EarlyPayment, self.early_payment, "policy.early_payment"))

    @property
    def order(self) -> tuple[str, ...]:
        return ALLOCATIONS[self.allocation]


def _named(kind: type[_Named], value: object, field: str) -> _Named:
    if isinstance(value, str) and value in kind.__members__.values():
        return kind(value)
    raise TransactionError(field, f"must be one of {', '.join(kind)}")


def effective_transactions(transactions: list[Transaction], as_of: date) -> list[Transaction]:
    """The transactions that count on `as_of`, in date order (same day: list order), reversals resolved.

    Reversing a reversal brings the original transaction back.
    """
    active = [tx.date <= as_of for tx in transactions]
    for tx in transactions:
        if tx.type != TransactionType.REVERSAL or not active[tx.index]:
            continue
        target = transactions[tx.reversed_index]
        if target.type == TransactionType.REVERSAL and active[target.index]:
            active[target.reversed_index] = transactions[target.reversed_index].date <= as_of
        active[target.index] = False
    kept = [tx for tx in transactions if active[tx.index] and tx.type != TransactionType.REVERSAL]
    return sorted(kept, key=lambda tx: (tx.date, tx.index))
