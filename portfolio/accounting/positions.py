"""What a loan's ledger amounts to in the books on a date: the engine's figures that the general ledger carries.

A loan event posts the difference between the loan's position after it and before it, so the books follow the engine
by construction: loans receivable equals the engine's outstanding principal, per loan, to the cent. The components:

    cash_in  = repayments + recoveries received (not reversed)
             = principal repaid + interest + fees + penalties + recovered + in_advance
    in_advance = money received and not yet applied by the engine (held for the next installment, or beyond all owed)
    principal_outstanding = disbursed − principal repaid − written off
    capitalised = disbursed − cash_out (arrears a restructuring added to principal; nothing else)
"""

import copy
import datetime
import itertools
from dataclasses import dataclass, fields
from decimal import Decimal

from portfolio.choices import SERVICED_BASES, LedgerEntryType
from portfolio.engine.statement import Received
from portfolio.models import LedgerEntry, Loan, ScheduleVersion
from portfolio.selectors.loans import loan_state, version_statement

ZERO = Decimal("0.00")
_CASH_IN = (LedgerEntryType.REPAYMENT, LedgerEntryType.RECOVERY)


@dataclass(frozen=True)
class LoanBookPosition:
    """A loan's cumulative figures in the books on a date (EUR), from its first disbursement."""

    cash_in: Decimal = ZERO
    cash_out: Decimal = ZERO
    principal_outstanding: Decimal = ZERO
    interest: Decimal = ZERO
    fees: Decimal = ZERO
    penalties: Decimal = ZERO
    written_off: Decimal = ZERO
    recovered: Decimal = ZERO
    in_advance: Decimal = ZERO
    capitalised: Decimal = ZERO

    def minus(self, other: "LoanBookPosition") -> "LoanBookPosition":
        return LoanBookPosition(**{f.name: getattr(self, f.name) - getattr(other, f.name) for f in fields(self)})

    @property
    def is_zero(self) -> bool:
        return all(getattr(self, f.name) == 0 for f in fields(self))


NOTHING = LoanBookPosition()


def loan_book_position(*, loan: Loan, entries: list[LedgerEntry], as_of: datetime.date) -> LoanBookPosition:
    """The loan's position in the books on `as_of` counting only `entries` (a part of its ledger, in posting order).

    `loan` should carry its schedule versions prefetched (`with_servicing_data`); nothing is written.
    """
    if not any(e.entry_type == LedgerEntryType.DISBURSEMENT for e in entries):
        return NOTHING
    view = copy.copy(loan)
    view.prefetched_entries = sorted(entries, key=lambda e: e.pk)  # type: ignore[attr-defined]
    state = loan_state(loan=view, as_of=as_of)
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id is not None}
    live = [e for e in entries if e.value_date <= as_of and e.pk not in reversed_ids]
    cash_in = sum((e.money for e in live if e.entry_type in _CASH_IN), ZERO)
    cash_out = sum((e.money for e in live if e.entry_type == LedgerEntryType.DISBURSEMENT), ZERO)
    interest = fees = penalties = ZERO
    for received in _received_by_version(view, state.received, as_of):
        interest += received.interest
        fees += received.fees
        penalties += received.penalties
    in_advance = cash_in - state.principal_repaid - interest - fees - penalties - state.recovered
    return LoanBookPosition(
        cash_in=cash_in,
        cash_out=cash_out,
        principal_outstanding=state.outstanding_principal,
        interest=interest,
        fees=fees,
        penalties=penalties,
        written_off=state.written_off_principal,
        recovered=state.recovered,
        in_advance=in_advance,
        capitalised=state.disbursed - cash_out,
    )


def _received_by_version(view: Loan, current: Received | None, as_of: datetime.date) -> list[Received]:
    """What each schedule version in force applied: the current one from its state, earlier ones up to their end."""
    every: list[ScheduleVersion] = getattr(view, "prefetched_versions", None) or list(
        view.schedule_versions.order_by("number")
    )
    versions = [v for v in every if v.basis in SERVICED_BASES and v.effective_from <= as_of]
    out = [current] if current is not None else []
    for version, following in itertools.pairwise(versions):
        received = version_statement(view, version, following.effective_from).received
        if received is not None:
            out.append(received)
    return out
