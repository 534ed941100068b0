"""What a bank statement says, whatever its format: statements, their entries, and errors that name the entry."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class StatementFileError(Exception):
    """The file cannot be imported at all; `problems` lists what is wrong, each naming the entry or line."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        return "\n".join([self.args[0], *self.problems[:20]])


@dataclass(frozen=True)
class StatementLine:
    """One movement on the account: a transaction within a bank entry (a batch entry holds several).

    `amount` is positive for credits (money in) and negative for debits. `entry_number` is the 1-based position of the
    bank entry in its statement, `detail_number` the position of the transaction within that entry.
    """

    account_iban: str
    statement_id: str
    entry_number: int
    detail_number: int
    bank_reference: str
    booking_date: date
    value_date: date
    amount: Decimal
    currency: str
    is_reversal: bool = False
    end_to_end_id: str = ""
    remittance: str = ""
    structured_reference: str = ""
    counterparty_iban: str = ""
    counterparty_name: str = ""
    mandate_id: str = ""

    @property
    def is_credit(self) -> bool:
        return self.amount > 0

    @property
    def label(self) -> str:
        """How a manager finds the line in the bank's own view: statement, entry and detail number."""
        detail = f".{self.detail_number}" if self.detail_number > 1 else ""
        return f"statement {self.statement_id}, entry {self.entry_number}{detail}"

    def facts(self) -> tuple[str, ...]:
        """The facts that make two lines the same movement (statement and position within it excluded)."""
        return (
            self.account_iban,
            self.bank_reference,
            self.booking_date.isoformat(),
            self.value_date.isoformat(),
            f"{self.amount:.2f}",
            self.end_to_end_id,
            self.structured_reference,
            self.remittance,
            self.counterparty_iban,
            self.counterparty_name,
            str(self.is_reversal),
        )


@dataclass
class BankStatement:
    statement_id: str
    account_iban: str
    currency: str
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    lines: list[StatementLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def keyed_lines(self) -> list[tuple[str, StatementLine]]:
        """Each line with its import key, stable when the same movements are imported again.

        The bank's entry reference alone is not unique in practice (banks reuse one reference for a batch, and some
        files carry none), so the key is a hash of the line's facts plus how many identical lines came before it in
        this statement: importing the same statement, or an overlapping one, twice yields the same keys.
        """
        seen: Counter[tuple[str, ...]] = Counter()
        keyed = []
        for line in self.lines:
            facts = line.facts()
            seen[facts] += 1
            digest = hashlib.sha256("\x1f".join((*facts, str(seen[facts]))).encode()).hexdigest()
            keyed.append((digest, line))
        return keyed

    def check_balances(self) -> None:
        """Warn (not fail) when opening balance + movements ≠ closing balance, e.g. a truncated file."""
        if self.opening_balance is None or self.closing_balance is None:
            return
        moved = sum((line.amount for line in self.lines), Decimal("0"))
        expected = self.opening_balance + moved
        if expected != self.closing_balance:
            self.warnings.append(
                f"Statement {self.statement_id}: opening balance {self.opening_balance} + movements {moved} = "
                f"{expected}, but the closing balance says {self.closing_balance}; the file may be incomplete."
            )
