"""What happened in a fund's portfolio between two dates, and the loan tape on a date: the numbers the quarterly
investor and municipality reports print. Both read the loan snapshots (cumulative figures per loan per date), so a
period's movements are the difference between its end and start snapshots, and reports stay reproducible.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fund.models import Fund
from portfolio.choices import CoFinancingSource, CoFinancingStatus, VersionBasis
from portfolio.engine.dates import add_months
from portfolio.models import CoFinancing, Loan, LoanSnapshot, ScheduleVersion
from portfolio.selectors.quality import ZERO, money_sum

CUMULATIVE = ("disbursed", "principal_repaid", "income_received", "written_off_principal", "recovered")


@dataclass(frozen=True)
class PortfolioActivity:
    """Money that moved in (start, end]: paid out, principal and income (interest, fees, penalties) received,
    principal written off and recovered after write-offs; loans approved and restructured in the period."""

    start: datetime.date
    end: datetime.date
    approved_count: int
    approved_amount: Decimal
    disbursed: Decimal
    principal_repaid: Decimal
    income_received: Decimal
    written_off: Decimal
    recovered: Decimal
    restructured: int


def portfolio_activity(
    *, fund: Fund, start: datetime.date, end: datetime.date, loans: QuerySet[Loan] | None = None
) -> PortfolioActivity:
    """The period's movements from the snapshots on `start` and `end` (three queries). `loans` narrows to a subset,
    e.g. the loans to enterprises in one municipality."""
    loans = loans if loans is not None else Loan.objects.filter(fund=fund)
    snapshots = LoanSnapshot.objects.filter(fund=fund, loan__in=loans, as_of__in=(start, end))
    totals = snapshots.aggregate(
        **{f"{name}_start": money_sum(name, Q(as_of=start)) for name in CUMULATIVE},
        **{f"{name}_end": money_sum(name, Q(as_of=end)) for name in CUMULATIVE},
    )
    moved = {name: totals[f"{name}_end"] - totals[f"{name}_start"] for name in CUMULATIVE}
    approved = loans.filter(approved_at__date__gt=start, approved_at__date__lte=end).aggregate(
        count=Count("pk"), amount=Sum("principal")
    )
    restructured = ScheduleVersion.objects.filter(
        loan__in=loans, basis=VersionBasis.RESTRUCTURING, effective_from__gt=start, effective_from__lte=end
    ).count()
    return PortfolioActivity(
        start=start,
        end=end,
        approved_count=approved["count"],
        approved_amount=approved["amount"] or ZERO,
        disbursed=moved["disbursed"],
        principal_repaid=moved["principal_repaid"],
        income_received=moved["income_received"],
        written_off=moved["written_off_principal"],
        recovered=moved["recovered"],
        restructured=restructured,
    )


@dataclass(frozen=True)
class TapeRow:
    reference: str
    investee: str
    municipality: str
    instrument: str
    status: str
    approved_on: datetime.date
    first_due_date: datetime.date | None
    maturity: datetime.date | None
    committed: Decimal
    disbursed: Decimal
    outstanding: Decimal
    rate: Decimal
    days_past_due: int
    bucket: str
    principal_repaid: Decimal
    arrears: Decimal = ZERO


@dataclass(frozen=True)
class TapeColumn:
    """One column of the loan tape: the TapeRow field it shows, its heading, and the kind of value (text, date,
    money, percent a year, count), so every copy of the tape (the investor report's PDF, its workbook and the
    dashboard's XLSX) has the same columns in the same order and formats."""

    field: str
    label: str | Promise  # a lazy translation: the reader's language when shown
    kind: str


LOAN_TAPE_COLUMNS = (
    TapeColumn("reference", _("Loan"), "text"),
    TapeColumn("investee", _("Investee"), "text"),
    TapeColumn("municipality", _("Municipality"), "text"),
    TapeColumn("instrument", _("Instrument"), "text"),
    TapeColumn("status", _("Status"), "text"),
    TapeColumn("approved_on", _("Approved"), "date"),
    TapeColumn("first_due_date", _("First due date"), "date"),
    TapeColumn("maturity", _("Maturity"), "date"),
    TapeColumn("committed", _("Principal"), "money"),
    TapeColumn("disbursed", _("Disbursed"), "money"),
    TapeColumn("outstanding", _("Outstanding"), "money"),
    TapeColumn("arrears", _("Arrears"), "money"),
    TapeColumn("rate", _("Interest rate (% a year)"), "percent"),
    TapeColumn("days_past_due", _("Days past due"), "count"),
    TapeColumn("bucket", _("Aging bucket"), "text"),
)


def _maturity(first_due: datetime.date | None, term_months: int) -> datetime.date | None:
    """The last due date of a monthly loan: the first due date plus term − 1 months, as the engine counts them."""
    return add_months(first_due, term_months - 1) if first_due else None


def loan_tape(*, fund: Fund, as_of: datetime.date, loans: QuerySet[Loan] | None = None) -> list[TapeRow]:
    """One row per loan with money paid out by `as_of`: the loan's terms and its state on the date (one query)."""
    rows = LoanSnapshot.objects.filter(fund=fund, as_of=as_of)
    if loans is not None:
        rows = rows.filter(loan__in=loans)
    rows = rows.select_related("loan__organisation__municipality").order_by("loan__reference")
    return [
        TapeRow(
            reference=s.loan.reference,
            investee=s.loan.organisation.display_name,
            municipality=s.loan.organisation.municipality.name,
            instrument=s.loan.get_instrument_display(),
            status=s.get_status_display(),
            approved_on=s.loan.approved_at.date(),
            first_due_date=s.loan.first_due_date,
            maturity=_maturity(s.loan.first_due_date, s.loan.term_months),
            committed=s.loan.principal.amount,
            disbursed=s.disbursed,
            outstanding=s.outstanding_principal,
            rate=s.annual_interest_rate,
            days_past_due=s.days_past_due,
            bucket=s.get_bucket_display(),
            principal_repaid=s.principal_repaid,
            arrears=s.arrears,
        )
        for s in rows
    ]


def co_financing_secured(*, loans: QuerySet[Loan]) -> Decimal:
    """Money other financiers (banks, Qredits, foundations, others; not the enterprise's own funds) committed or paid
    alongside these loans, as the applicants reported it (one query)."""
    total = (
        CoFinancing.objects.filter(
            application__loan__in=loans,
            status__in=[CoFinancingStatus.COMMITTED, CoFinancingStatus.RECEIVED],
        )
        .exclude(source=CoFinancingSource.OWN_FUNDS)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


@dataclass(frozen=True)
class CaseNote:
    """What a loan is for and whom it serves, in the applicant's words (from the approved application)."""

    reference: str
    organisation_id: int
    purpose: str
    target_group: str
    expected_outcomes: str


def loan_case_notes(*, loans: QuerySet[Loan]) -> dict[str, CaseNote]:
    """The case note of each loan, by loan reference (one query)."""
    rows = loans.values(
        "reference",
        "organisation_id",
        "application__purpose",
        "application__target_group",
        "application__expected_outcomes",
    )
    return {
        r["reference"]: CaseNote(
            r["reference"],
            r["organisation_id"],
            r["application__purpose"],
            r["application__target_group"],
            r["application__expected_outcomes"],
        )
        for r in rows
    }
