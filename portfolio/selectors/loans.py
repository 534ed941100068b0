"""A loan's state on any date: the loan engine run over its schedule version and its ledger.

Nothing here stores anything; `loan_state` is the one place that turns ledger rows into engine transactions, so the
loan page, the investee's statement, the snapshots behind the portfolio figures and the API all agree to the cent.
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final, Literal

from django.db.models import Prefetch, QuerySet

from portfolio.choices import (
    ENGINE_TYPES,
    SERVICED_BASES,
    AgingBucket,
    LedgerEntryType,
    QueueReason,
    VersionBasis,
    aging_bucket,
)
from portfolio.engine.schedule import Schedule, generate_schedule
from portfolio.engine.serialize import parse_terms
from portfolio.engine.statement import InstallmentView, PayoffBreakdown, Received, Statement, loan_statement
from portfolio.engine.statuses import (
    NEXT_DUE_STATUSES,
    Allocation,
    EarlyPayment,
    Prepayment,
    StatementStatus,
    TransactionType,
)
from portfolio.engine.terms import Terms, Tranche
from portfolio.engine.transactions import Policy, Transaction
from portfolio.models import LedgerEntry, Loan, ScheduledInstallmentRow, ScheduleVersion

ZERO = Decimal("0.00")
# a loan's status before any money went out (the engine only speaks of loans that were disbursed)
NOT_DISBURSED: Final = "not_disbursed"


@dataclass(frozen=True)
class LoanState:
    """What the engine says about a loan on `as_of` (EUR); cumulative amounts run from the first disbursement.

    `principal_repaid + outstanding_principal + written_off_principal = disbursed` holds for every loan that was not
    restructured with capitalised arrears (the capitalised amount is added to `disbursed`).
    """

    as_of: datetime.date
    status: StatementStatus | Literal["not_disbursed"]  # the engine's, or NOT_DISBURSED before any money went out
    outstanding_principal: Decimal
    arrears: Decimal
    days_past_due: int
    bucket: str
    accrued_interest: Decimal
    payoff_amount: Decimal
    disbursed: Decimal
    principal_repaid: Decimal
    income_received: Decimal
    written_off_principal: Decimal
    written_off_amount: Decimal
    recovered: Decimal
    annual_interest_rate: Decimal
    version_number: int
    installments: tuple[InstallmentView, ...]
    held_in_advance: Decimal = ZERO  # paid before the next installment fell due; settles it on its due date
    payoff_breakdown: PayoffBreakdown | None = None
    received: Received | None = None  # money applied per component under the version in force (the books read it)

    @property
    def is_written_off(self) -> bool:
        return self.status == StatementStatus.WRITTEN_OFF

    @property
    def next_due(self) -> InstallmentView | None:
        return next((i for i in self.installments if i.status in NEXT_DUE_STATUSES), None)


def loan_policy(loan: Loan) -> Policy:
    return Policy(
        allocation=Allocation(loan.allocation),
        prepayment=Prepayment(loan.prepayment),
        early_payment=EarlyPayment(loan.early_payment),
    )


def version_terms(version: ScheduleVersion, entries: list[LedgerEntry], as_of: datetime.date | None = None) -> Terms:
    """The version's terms with the further tranches of the ledger (paid out up to `as_of`) added.

    Only the first-disbursement version takes tranches: every disbursement after the first one."""
    terms = parse_terms(dict(version.terms))
    if version.basis != VersionBasis.DISBURSEMENT:
        return terms
    disbursements = _disbursements(entries)
    tranches = [Tranche(e.value_date, e.money) for e in disbursements[1:] if as_of is None or e.value_date <= as_of]
    return replace(terms, disbursements=tuple(tranches)) if tranches else terms


def _disbursements(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Disbursements that stand (not reversed), in payment order."""
    return sorted(
        (e for e in entries if e.entry_type == LedgerEntryType.DISBURSEMENT and not _reversed(e, entries)),
        key=lambda e: (e.value_date, e.pk),
    )


def _reversed(entry: LedgerEntry, entries: list[LedgerEntry]) -> bool:
    return any(e.reverses_id == entry.pk for e in entries)


def _version_entries(version: ScheduleVersion, entries: list[LedgerEntry]) -> list[LedgerEntry]:
    return [e for e in entries if e.pk > version.ledger_boundary]


def _versions_entries(loan: Loan) -> tuple[list[ScheduleVersion], list[LedgerEntry]]:
    versions = getattr(loan, "prefetched_versions", None)
    if versions is None:
        versions = list(loan.schedule_versions.order_by("number"))
    versions = [v for v in versions if v.basis in SERVICED_BASES]
    return versions, loan_ledger_entries(loan)


def loan_ledger_entries(loan: Loan) -> list[LedgerEntry]:
    """The loan's ledger in posting order: as `with_servicing_data` prefetched it, or read (one query)."""
    entries: list[LedgerEntry] | None = getattr(loan, "prefetched_entries", None)
    return entries if entries is not None else list(loan.ledger_entries.order_by("pk"))


def with_servicing_data(loans: QuerySet[Loan]) -> QuerySet[Loan]:
    """Loans with their schedule versions and ledger prefetched (two queries for any number of loans)."""
    return loans.prefetch_related(
        Prefetch(
            "schedule_versions", queryset=ScheduleVersion.objects.order_by("number"), to_attr="prefetched_versions"
        ),
        Prefetch("ledger_entries", queryset=LedgerEntry.objects.order_by("pk"), to_attr="prefetched_entries"),
    )


def version_on(versions: list[ScheduleVersion], as_of: datetime.date) -> ScheduleVersion | None:
    """The schedule version in force on `as_of` (the latest that started on or before it)."""
    current = None
    for version in versions:
        if version.effective_from <= as_of:
            current = version
    return current


def engine_transactions(version: ScheduleVersion, entries: list[LedgerEntry], upto: int | None) -> list[Transaction]:
    """The version's ledger entries as engine transactions (disbursements are tranches of the terms instead).

    `upto` limits the entries to primary keys up to it (the boundary of the next version)."""
    mine = [e for e in _version_entries(version, entries) if upto is None or e.pk <= upto]
    index: dict[int, int] = {}
    transactions: list[Transaction] = []
    for entry in mine:
        if entry.entry_type == LedgerEntryType.DISBURSEMENT:
            continue
        if entry.entry_type == LedgerEntryType.REVERSAL:
            target = index.get(entry.reverses_id) if entry.reverses_id is not None else None
            if target is None:  # reverses a disbursement: handled in the terms
                continue
            tx = Transaction(len(transactions), entry.value_date, TransactionType.REVERSAL, reverses=target)
        elif entry.entry_type == LedgerEntryType.RATE_CHANGE:
            tx = Transaction(len(transactions), entry.value_date, TransactionType.RATE_CHANGE, rate=entry.rate)
        elif entry.entry_type == LedgerEntryType.WRITE_OFF:
            tx = Transaction(len(transactions), entry.value_date, TransactionType.WRITE_OFF)
        else:
            tx = Transaction(
                len(transactions),
                entry.value_date,
                ENGINE_TYPES[LedgerEntryType(entry.entry_type)],
                amount=entry.money,
            )
        index[entry.pk] = tx.index
        transactions.append(tx)
    return transactions


def version_statement(loan: Loan, version: ScheduleVersion, as_of: datetime.date) -> Statement:
    """The engine's statement of `loan` under `version` on `as_of`."""
    versions, entries = _versions_entries(loan)
    later = [v for v in versions if v.number > version.number]
    upto = later[0].ledger_boundary if later else None
    return loan_statement(
        version_terms(version, entries, as_of), engine_transactions(version, entries, upto), as_of, loan_policy(loan)
    )


def loan_state(*, loan: Loan, as_of: datetime.date) -> LoanState:
    """The loan on `as_of`: the engine over the schedule version in force then and the ledger up to that date.

    Guarantees: the same ledger and date always give the same state; entries dated after `as_of` are ignored; before
    the first disbursement the loan owes nothing (status `not_disbursed`); principal repaid + outstanding + written
    off = disbursed (paid out plus arrears capitalised by a restructuring), to the cent.
    """
    versions, entries = _versions_entries(loan)
    version = version_on(versions, as_of)
    if version is None:
        return _empty_state(loan, as_of)
    statement = version_statement(loan, version, as_of)
    live = [e for e in entries if e.value_date <= as_of and not _reversed(e, entries)]
    written_off_principal = sum((e.money for e in live if e.entry_type == LedgerEntryType.WRITE_OFF), ZERO)
    repaid = ZERO
    disbursed = ZERO
    in_force = [v for v in versions if v.number <= version.number]
    for position, v in enumerate(in_force):
        following = in_force[position + 1] if position + 1 < len(in_force) else None
        total = version_terms(v, entries, following.effective_from if following else as_of).total_principal
        capitalised = v.capitalised
        disbursed += total if v.basis == VersionBasis.DISBURSEMENT else capitalised
        if following is None:
            repaid += total - statement.outstanding_principal - written_off_principal
        else:
            repaid += total - (Decimal(str(following.terms["principal"])) - following.capitalised)
    cash_in = sum(
        (e.money for e in live if e.entry_type in (LedgerEntryType.REPAYMENT, LedgerEntryType.RECOVERY)), ZERO
    )
    income = cash_in - repaid - statement.recovered - statement.overpaid_amount
    return LoanState(
        as_of=as_of,
        status=statement.status,
        outstanding_principal=statement.outstanding_principal,
        arrears=statement.arrears,
        days_past_due=statement.days_past_due,
        bucket=aging_bucket(statement.days_past_due, statement.status),
        accrued_interest=statement.accrued_interest,
        payoff_amount=statement.payoff_amount,
        disbursed=disbursed,
        principal_repaid=repaid,
        income_received=max(income, ZERO),
        written_off_principal=written_off_principal,
        written_off_amount=statement.written_off_amount,
        recovered=statement.recovered,
        annual_interest_rate=statement.annual_interest_rate,
        version_number=version.number,
        installments=statement.installments,
        held_in_advance=statement.held_in_advance,
        payoff_breakdown=statement.payoff_breakdown,
        received=statement.received,
    )


def _empty_state(loan: Loan, as_of: datetime.date) -> LoanState:
    return LoanState(
        as_of=as_of,
        status=NOT_DISBURSED,
        outstanding_principal=ZERO,
        arrears=ZERO,
        days_past_due=0,
        bucket=AgingBucket.CURRENT,
        accrued_interest=ZERO,
        payoff_amount=ZERO,
        disbursed=ZERO,
        principal_repaid=ZERO,
        income_received=ZERO,
        written_off_principal=ZERO,
        written_off_amount=ZERO,
        recovered=ZERO,
        annual_interest_rate=loan.annual_interest_rate,
        version_number=0,
        installments=(),
    )


@dataclass(frozen=True)
class ContractedSchedule:
    """The schedule as contracted (the loan paid out in full on the planned date), before any money moved."""

    planned_disbursement: datetime.date
    installments: tuple[ScheduledInstallmentRow, ...]
    total_principal: Decimal
    total_interest: Decimal
    total: Decimal


def loan_contracted_schedule(*, loan: Loan) -> ContractedSchedule | None:
    """The latest contract version's schedule, shown from signing until the first disbursement; None without one."""
    version = (
        loan.schedule_versions.filter(basis=VersionBasis.CONTRACT)
        .prefetch_related("installments")
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    return ContractedSchedule(
        planned_disbursement=version.effective_from,
        installments=tuple(version.installments.all()),
        total_principal=version.total_principal,
        total_interest=version.total_interest,
        total=version.total_principal + version.total_interest,
    )


@dataclass(frozen=True)
class LoanDates:
    """The dates a loan accepts payments from: its first disbursement, and the start of the terms it runs on now."""

    disbursed_on: datetime.date | None
    terms_from: datetime.date | None

    def problem(self, value_date: datetime.date) -> str:
        """The queue reason a payment on `value_date` cannot be posted for, or "" when the date is fine."""
        if self.disbursed_on is not None and value_date < self.disbursed_on:
            return QueueReason.BEFORE_DISBURSEMENT
        if self.terms_from is not None and value_date < self.terms_from:
            return QueueReason.BEFORE_TERMS
        return ""


def loan_dates(loan: Loan) -> LoanDates:
    """When the loan was first paid out and when its current terms (first disbursement or restructuring) start."""
    versions = [v for v in loan.schedule_versions.all() if v.basis in SERVICED_BASES]
    disbursed = [v.effective_from for v in versions if v.basis == VersionBasis.DISBURSEMENT]
    current = max(versions, key=lambda v: v.number, default=None)
    return LoanDates(min(disbursed, default=None), current.effective_from if current else None)


def loan_schedule(*, terms: Terms) -> Schedule:
    """The engine's schedule for `terms` (a thin name for the services that persist versions)."""
    return generate_schedule(terms)
