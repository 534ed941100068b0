"""The demo loan book: variety a dashboard can show, four-eyes everywhere, snapshots on the last quarter ends."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from demo.loan_book import quarter_ends
from portfolio.choices import LedgerEntryType, LoanStatus
from portfolio.models import FundBankAccount, LedgerEntry, Loan, LoanSnapshot, Restructuring, Tranche
from portfolio.selectors.quality import portfolio_figures

pytestmark = pytest.mark.django_db
D = datetime.date


def test_quarter_ends_are_the_last_ones_before_today():
    assert quarter_ends(D(2026, 12, 1), 3) == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30)]
    assert quarter_ends(D(2026, 1, 1), 2) == [D(2025, 9, 30), D(2025, 12, 31)]


def test_each_fund_has_its_own_account_with_a_creditor_id(demo):
    accounts = {a.fund.slug: a for a in FundBankAccount.objects.select_related("fund")}
    assert set(accounts) == {"sif-rotterdam", "sif-zkij"}
    assert all(a.iban.startswith("NL") and "ABNA" in a.iban and a.bic and a.creditor_id for a in accounts.values())


def test_the_book_has_every_kind_of_loan_life(demo):
    statuses = Counter(
        Loan.objects.filter(fund__slug__in=["sif-rotterdam", "sif-zkij"]).values_list("status", flat=True)
    )
    disbursed = sum(statuses[s] for s in ("active", "restructured", "repaid", "written_off"))
    assert 12 <= disbursed <= 15
    assert statuses[LoanStatus.RESTRUCTURED] == 2
    assert statuses[LoanStatus.WRITTEN_OFF] == 1
    assert statuses[LoanStatus.REPAID] >= 3  # two at the end of their term, one early
    assert LedgerEntry.objects.filter(entry_type=LedgerEntryType.RECOVERY).count() == 1
    early = Loan.objects.get(reference="L-SIFR-2024-00")  # 36 months from February 2024, paid off in August 2025
    assert early.status == LoanStatus.REPAID
    assert early.ledger_entries.order_by("value_date").last().value_date == D(2025, 8, 15)


def test_every_tranche_and_restructuring_was_approved_by_a_second_manager(demo):
    paid = Tranche.objects.filter(status="paid")
    assert paid.exists()
    assert all(t.approved_by_id and t.approved_by_id != t.requested_by_id for t in paid)
    assert all(r.decided_by_id != r.requested_by_id for r in Restructuring.objects.all())


def test_the_last_quarter_end_has_snapshots_with_loans_in_arrears(demo):
    today = timezone.localdate()
    last = quarter_ends(today, 1)[0]
    assert LoanSnapshot.objects.filter(fund=demo.rotterdam_fund, as_of=last).exists()
    assert set(LoanSnapshot.objects.values_list("as_of", flat=True)) >= set(quarter_ends(today, 12))
    figures = portfolio_figures(fund=demo.rotterdam_fund, as_of=last)
    assert figures.outstanding > 0
    assert figures.par30_ratio and figures.par30_ratio > 0
    assert figures.par90_ratio and figures.par90_ratio > 0
