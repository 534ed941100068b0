"""Reconciliation that proves itself: the general ledger against the sub-ledgers it is posted from, on a date.

Each check compares a GL figure with its source figure and reports every difference to the cent:

- per loan: loans receivable against the engine's outstanding principal, accrued interest and the loan-loss allowance
  against their loan-level figures at the last period end (`LOAN_LEVEL_SOURCES`: one line per account);
- the bank account against the closing balance of the last imported bank statement (skipped, not a difference, when
  no imported file carried a closing balance);
- members' capital against the capital ledger (paid in minus distributed).

Query count is fixed whatever the number of loans: the loans with their schedules and ledgers (the engine's batch
reads, `with_servicing_data`), the GL per loan and account, the GL per account, the last bank statement, the
capital ledger.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fund.models import Fund
from fund.money import money_round
from fund.selectors import fund_capital_totals
from portfolio.models import BankStatementImport, Loan
from portfolio.selectors.loans import loan_state, with_servicing_data

from .choices import AccountRole, PostingKind, SourceType
from .models import JournalEntry, JournalLine
from .period_end import LoanPeriodEnd, period_end_figures

ZERO = Decimal("0.00")

StrOrPromise = str | Promise
# A source reads the fund, the date, the loans (servicing data prefetched) and a memo shared by the sources of one
# reconciliation, so figures two sources need are computed once.
LoanFigures = Callable[[Fund, datetime.date, Sequence[Loan], dict[str, Any]], dict[int, Decimal]]


def _outstanding_principal(
    fund: Fund, as_of: datetime.date, loans: Sequence[Loan], memo: dict[str, Any]
) -> dict[int, Decimal]:
    """The engine's outstanding principal per loan (loans carry their servicing data prefetched)."""
    return {loan.pk: loan_state(loan=loan, as_of=as_of).outstanding_principal for loan in loans}


def _last_period_end(
    fund: Fund, as_of: datetime.date, memo: dict[str, Any]
) -> tuple[datetime.date | None, list[LoanPeriodEnd]]:
    """The last period end on or before `as_of` whose provision the books hold, and the loans' figures at it
    (computed once per reconciliation, whichever source asks first)."""
    if "period_end" not in memo:
        last = (
            JournalEntry.objects.filter(
                fund=fund,
                source_type=SourceType.PERIOD_END,
                kind__startswith=f"{PostingKind.PROVISION}:",
                value_date__lte=as_of,
            )
            .order_by("-value_date")
            .values_list("value_date", flat=True)
            .first()
        )
        memo["period_end"] = (last, period_end_figures(fund=fund, as_of=last) if last else [])
    return memo["period_end"]


def _accrued_interest(
    fund: Fund, as_of: datetime.date, loans: Sequence[Loan], memo: dict[str, Any]
) -> dict[int, Decimal]:
    """The interest accrued per loan at the period end, on that day only: it is reversed on the next."""
    last, figures = _last_period_end(fund, as_of, memo)
    return {f.loan_id: f.accrued_interest for f in figures} if last == as_of else {}


def _allowance(fund: Fund, as_of: datetime.date, loans: Sequence[Loan], memo: dict[str, Any]) -> dict[int, Decimal]:
    """The allowance each loan needed at the last period end (a credit: negative, as assets read debit minus
    credit); it moves only at the next period end."""
    _last, figures = _last_period_end(fund, as_of, memo)
    return {f.loan_id: -f.allowance_needed for f in figures}


# (account role, what the loan-level figure is called, where it comes from): a new pair is one line.
LOAN_LEVEL_SOURCES: list[tuple[AccountRole, StrOrPromise, LoanFigures]] = [
    (AccountRole.LOANS_RECEIVABLE, _("Outstanding principal (loan engine)"), _outstanding_principal),
    (AccountRole.ACCRUED_INTEREST, _("Accrued interest (loan engine, at the period end)"), _accrued_interest),
    (AccountRole.LOAN_LOSS_ALLOWANCE, _("Allowance (rate table, at the last period end)"), _allowance),
]


@dataclass(frozen=True)
class ReconciliationLine:
    check: str  # loans_receivable, accrued_interest, loan_loss_allowance, bank, members_capital
    subject: str  # the loan's reference, or the account's label
    account_number: str
    gl: Decimal  # debit minus credit for assets; credit minus debit for members' capital
    source: Decimal
    source_name: str
    note: str = ""

    @property
    def check_label(self) -> str:
        return str(AccountRole(self.check).label)

    @property
    def difference(self) -> Decimal:
        return self.gl - self.source


@dataclass(frozen=True)
class Reconciliation:
    fund: Fund
    as_of: datetime.date
    lines: tuple[ReconciliationLine, ...]  # every comparison made, also the ones that agree
    skipped: tuple[str, ...]  # checks that could not be made, with why

    @property
    def differences(self) -> tuple[ReconciliationLine, ...]:
        return tuple(line for line in self.lines if line.difference != 0)

    @property
    def reconciles(self) -> bool:
        return not self.differences


def books_reconcile(*, fund: Fund, as_of: datetime.date) -> Reconciliation:
    """Compare the fund's general ledger on `as_of` with the loan engine, the bank statement and the capital ledger.

    Guarantees: read only; a fixed number of queries for any number of loans; every loan that has a figure on
    either side is listed per checked account."""
    accounts = {a.role: a for a in fund.accounts.exclude(role="")}
    lines: list[ReconciliationLine] = []
    skipped: list[str] = []
    dated = Q(entry__value_date__lte=as_of, entry__fund=fund)
    per_loan: dict[tuple[str, int], Decimal] = {}
    for row in (
        JournalLine.objects.filter(dated, loan__isnull=False, account__role__in=[r for r, _n, _f in LOAN_LEVEL_SOURCES])
        .values("account__role", "loan_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        per_loan[(row["account__role"], row["loan_id"])] = money_round(row["d"] - row["c"])  # SQLite sums floats
    per_account: dict[str, Decimal] = {
        row["account__role"]: money_round(row["d"] - row["c"])
        for row in JournalLine.objects.filter(dated)
        .exclude(account__role="")
        .values("account__role")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    }
    loans = list(
        with_servicing_data(
            Loan.objects.filter(fund=fund, ledger_entries__value_date__lte=as_of).distinct().order_by("reference")
        )
    )
    references = {loan.pk: loan.reference for loan in loans}
    memo: dict[str, Any] = {}
    for role, name, figures in LOAN_LEVEL_SOURCES:
        account = accounts.get(role)
        if account is None:
            continue
        source = figures(fund, as_of, loans, memo)
        loan_ids = {pk for (r, pk) in per_loan if r == role} | {pk for pk, v in source.items() if v != 0}
        for pk in sorted(loan_ids, key=lambda pk: references.get(pk, str(pk))):
            lines.append(
                ReconciliationLine(
                    check=role.value,
                    subject=references.get(pk, str(pk)),
                    account_number=account.number,
                    gl=per_loan.get((role, pk), ZERO),
                    source=source.get(pk, ZERO),
                    source_name=str(name),
                )
            )
        # lines on the account without a loan: they have no loan-level source
        unassigned = per_account.get(role, ZERO) - sum((v for (r, _pk), v in per_loan.items() if r == role), ZERO)
        if unassigned != 0:
            lines.append(
                ReconciliationLine(
                    role.value, str(account.label), account.number, unassigned, ZERO, str(_("Lines without a loan"))
                )
            )

    bank = accounts.get(AccountRole.BANK)
    statement = (
        BankStatementImport.objects.filter(fund=fund, closing_balance__isnull=False, closing_date__lte=as_of)
        .order_by("-closing_date", "-imported_at", "-id")
        .first()
    )
    if bank is not None:
        if statement is None or statement.closing_balance is None:
            skipped.append(str(_("Bank: no imported statement with a closing balance on or before this date.")))
        else:
            lines.append(
                ReconciliationLine(
                    check=AccountRole.BANK.value,
                    subject=str(bank.label),
                    account_number=bank.number,
                    gl=_bank_balance(fund, statement.closing_date or as_of),
                    source=statement.closing_balance,
                    source_name=str(_("Closing balance of the last bank statement")),
                    note=statement.file_name,
                )
            )

    capital = accounts.get(AccountRole.MEMBERS_CAPITAL)
    if capital is not None:
        totals = fund_capital_totals(fund=fund, as_of=as_of)
        lines.append(
            ReconciliationLine(
                check=AccountRole.MEMBERS_CAPITAL.value,
                subject=str(capital.label),
                account_number=capital.number,
                gl=-per_account.get(AccountRole.MEMBERS_CAPITAL, ZERO),
                source=totals.paid_in - totals.distributed,
                source_name=str(_("Capital ledger: paid in minus distributed")),
            )
        )
    return Reconciliation(fund=fund, as_of=as_of, lines=tuple(lines), skipped=tuple(skipped))


def _bank_balance(fund: Fund, on: datetime.date) -> Decimal:
    """The GL bank account on the statement's closing date (one query)."""
    row = JournalLine.objects.filter(
        entry__fund=fund, entry__value_date__lte=on, account__role=AccountRole.BANK
    ).aggregate(d=Sum("debit"), c=Sum("credit"))
    return money_round((row["d"] or ZERO) - (row["c"] or ZERO))
