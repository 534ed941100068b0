"""Period end and close: the interest accrual and the provision movement of a quarter worked out by hand, a closed
period that refuses postings (naming the period), a re-run that posts nothing, reopening under four eyes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fund.choices import Role
from fund.errors import DomainError, FourEyesError
from fund.services.approvals import change_approve
from portfolio.accounting.choices import AccountRole, JournalCode, SourceType
from portfolio.accounting.closing import close_checklist, period_close, period_reopen_request
from portfolio.accounting.models import Account, JournalEntry, JournalLine
from portfolio.accounting.period_end import (
    period_end_post,
    provision_override_request,
    provision_rates,
    provision_rates_request,
)
from portfolio.accounting.period_models import ClosedPeriodStatus
from portfolio.accounting.periods import PeriodClosedError
from portfolio.accounting.posting import Journal, Line
from portfolio.accounting.services import ManualLine, books_post, manual_entry_request
from portfolio.services.ledger import repayment_post
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db
NO_BANK = "No bank statements are imported for this fund yet."


@pytest.fixture
def two_loans():
    """Two loans paid out on 1 January 2025; A falls behind from 1 May, B pays every month."""
    fund = factories.fund()
    requester = factories.user(Role.FUND_MANAGER, fund=fund)
    approver = factories.user(Role.FUND_MANAGER, fund=fund)
    borrower = factories.organisation()
    common = dict(fund=fund, organisation=borrower, requester=requester, approver=approver, term=12)
    # A: 12,000 at 0 % over 12 months: 1,000.00 principal a month from 1 February
    loan_a = factories.loan(**common, amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    # B: 12,000 at 12 % a year (1 % a month), annuity 1,066.19; interest and balance after each installment:
    #   1 Feb 120.00 → 11,053.81   1 Mar 110.54 → 10,098.16   1 Apr 100.98 → 9,132.95
    #   1 May  91.33 →  8,158.09   1 Jun  81.58 →  7,173.48   1 Jul  71.73
    loan_b = factories.loan(**common, amount="12000", rate="12", disbursed_on=D(2025, 1, 1))
    for month in (2, 3):
        repayment_post(actor=None, loan=loan_a, value_date=D(2025, month, 1), amount=Decimal("1000.00"))
        repayment_post(actor=None, loan=loan_b, value_date=D(2025, month, 1), amount=Decimal("1066.19"))
    return fund, requester, approver, loan_a, loan_b


def _lines(fund, kind_prefix):
    return [
        (line.entry.value_date, line.account.role, line.debit, line.credit, line.loan.reference)
        for line in JournalLine.objects.filter(entry__fund=fund, entry__kind__startswith=kind_prefix)
        .select_related("entry", "account", "loan")
        .order_by("entry__value_date", "id")
    ]


def _second_quarter(loan_a, loan_b):
    # A pays 1 April, then nothing: on 30 June its 1 May installment is 60 days past due (31–60 bucket)
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 4, 1), amount=Decimal("1000.00"))
    for month in (4, 5, 6):
        repayment_post(actor=None, loan=loan_b, value_date=D(2025, month, 1), amount=Decimal("1066.19"))


def test_the_quarter_accrual_and_provision_movement_match_the_hand_computed_figures(two_loans):
    fund, manager, _, loan_a, loan_b = two_loans
    a, b = loan_a.reference, loan_b.reference
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    # 31 March: B's installment of 1 April charges 100.98 for 1 March–1 April (31 days); 30 days have run:
    # 100.98 × 30 / 31 = 97.7226 → 97.72. A charges no interest: nothing to accrue.
    assert _lines(fund, "accrual:") == [
        (D(2025, 3, 31), AccountRole.ACCRUED_INTEREST, Decimal("97.72"), Decimal("0.00"), b),
        (D(2025, 3, 31), AccountRole.INTEREST_INCOME, Decimal("0.00"), Decimal("97.72"), b),
    ]
    # reversed on the first day of the next period
    assert _lines(fund, "accrual_reversal:") == [
        (D(2025, 4, 1), AccountRole.ACCRUED_INTEREST, Decimal("0.00"), Decimal("97.72"), b),
        (D(2025, 4, 1), AccountRole.INTEREST_INCOME, Decimal("97.72"), Decimal("0.00"), b),
    ]
    # both loans current: 1 % of outstanding principal. A 10,000.00 → 100.00; B 10,098.16 → 100.98 (100.9816)
    assert _lines(fund, "provision:") == [
        (D(2025, 3, 31), AccountRole.PROVISION_EXPENSE, Decimal("100.00"), Decimal("0.00"), a),
        (D(2025, 3, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("100.00"), a),
        (D(2025, 3, 31), AccountRole.PROVISION_EXPENSE, Decimal("100.98"), Decimal("0.00"), b),
        (D(2025, 3, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("100.98"), b),
    ]
    period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31), note=NO_BANK)

    _second_quarter(loan_a, loan_b)
    period_end_post(fund=fund, as_of=D(2025, 6, 30))
    # 30 June: B's installment of 1 July charges 71.73 for 1 June–1 July (30 days); 29 have run:
    # 71.73 × 29 / 30 = 69.339 → 69.34. A is 60 days past due, still accruing (≤ 90), at 0 %: nothing.
    assert _lines(fund, "accrual:2025-06-30") == [
        (D(2025, 6, 30), AccountRole.ACCRUED_INTEREST, Decimal("69.34"), Decimal("0.00"), b),
        (D(2025, 6, 30), AccountRole.INTEREST_INCOME, Decimal("0.00"), Decimal("69.34"), b),
    ]
    # A moved into 31–60 days: 10 % of 9,000.00 = 900.00, the books hold 100.00 → +800.00 expense;
    # B current: 1 % of 7,173.48 = 71.73 (71.7348), the books hold 100.98 → 29.25 released
    assert _lines(fund, "provision:2025-06-30") == [
        (D(2025, 6, 30), AccountRole.PROVISION_EXPENSE, Decimal("800.00"), Decimal("0.00"), a),
        (D(2025, 6, 30), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("800.00"), a),
        (D(2025, 6, 30), AccountRole.PROVISION_EXPENSE, Decimal("0.00"), Decimal("29.25"), b),
        (D(2025, 6, 30), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("29.25"), Decimal("0.00"), b),
    ]
    checklist = {line.key: line for line in close_checklist(fund=fund, start=D(2025, 4, 1), end=D(2025, 6, 30))}
    # the allowance is 900.00 + 71.73 = 971.73; accrued interest 97.72 − 97.72 + 69.34 = 69.34
    assert checklist["provisions"].ok and "971.73" in checklist["provisions"].figure
    assert checklist["accruals"].ok and "69.34" in checklist["accruals"].figure
    assert checklist["balance"].ok and not checklist["bank_statements"].ok


def test_running_the_period_end_again_posts_nothing(two_loans):
    fund, *_ = two_loans
    assert period_end_post(fund=fund, as_of=D(2025, 3, 31)) > 0
    entries = JournalEntry.objects.filter(fund=fund).count()
    lines = JournalLine.objects.filter(entry__fund=fund).count()
    assert period_end_post(fund=fund, as_of=D(2025, 3, 31)) == 0
    assert JournalEntry.objects.filter(fund=fund).count() == entries
    assert JournalLine.objects.filter(entry__fund=fund).count() == lines


def test_a_posting_into_a_closed_quarter_is_refused_naming_the_quarter(two_loans):
    fund, manager, _, _, _ = two_loans
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31), note=NO_BANK)
    accounts = {a.role: a for a in Account.objects.filter(fund=fund)}
    with pytest.raises(ValidationError, match="Q1 2025") as refused:
        manual_entry_request(
            actor=manager,
            fund=fund,
            value_date=D(2025, 2, 15),
            description="Audit fee",
            lines=[
                ManualLine(accounts[AccountRole.OPERATING_COSTS], Decimal("10.00"), Decimal(0)),
                ManualLine(accounts[AccountRole.BANK], Decimal(0), Decimal("10.00")),
            ],
            reason="Invoice",
        )
    assert "value_date" in refused.value.message_dict
    # and the journal itself refuses, whoever calls it
    with pytest.raises(PeriodClosedError, match="Q1 2025"):
        Journal(fund=fund).write(
            journal=JournalCode.MEMORIAL,
            value_date=D(2025, 3, 31),
            description="late",
            source_type=SourceType.MANUAL,
            source_id=999,
            kind="manual",
            lines=[Line(AccountRole.OPERATING_COSTS, Decimal("1.00")), Line(AccountRole.BANK, Decimal("-1.00"))],
        )
    # a period end inside the closed quarter is refused too
    with pytest.raises(PeriodClosedError, match="Q1 2025"):
        period_end_post(fund=fund, as_of=D(2025, 2, 28))


def test_a_quarter_closes_only_when_accrual_and_provision_are_posted(two_loans):
    fund, manager, *_ = two_loans
    with pytest.raises(DomainError, match="Interest accrued"):
        period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31), note=NO_BANK)
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    # without a note the missing bank statements keep it open
    with pytest.raises(DomainError, match="Bank statements"):
        period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31))
    with pytest.raises(ValidationError):
        period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 2, 28), note=NO_BANK)


def test_reopening_a_closed_quarter_needs_a_second_manager(two_loans):
    fund, requester, approver, *_ = two_loans
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    closed = period_close(actor=requester, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31), note=NO_BANK)
    change = period_reopen_request(actor=requester, closed=closed, reason="Late invoice")
    with pytest.raises(FourEyesError):
        change_approve(actor=requester, change=change)
    closed.refresh_from_db()
    assert closed.status == ClosedPeriodStatus.CLOSED
    change_approve(actor=approver, change=change)
    closed.refresh_from_db()
    assert closed.status == ClosedPeriodStatus.REOPENED
    # open again: the journal takes a posting dated in it
    Journal(fund=fund).write(
        journal=JournalCode.MEMORIAL,
        value_date=D(2025, 3, 31),
        description="late",
        source_type=SourceType.MANUAL,
        source_id=999,
        kind="manual",
        lines=[Line(AccountRole.OPERATING_COSTS, Decimal("1.00")), Line(AccountRole.BANK, Decimal("-1.00"))],
    )


def test_rates_and_a_loan_override_apply_only_after_a_second_manager(two_loans):
    fund, requester, approver, loan_a, loan_b = two_loans
    a, b = loan_a.reference, loan_b.reference
    rates = {**provision_rates(fund=fund), "current": Decimal("2")}
    change = provision_rates_request(actor=requester, fund=fund, rates=rates, reason="Auditor's advice")
    assert provision_rates(fund=fund)["current"] == Decimal("1")
    change_approve(actor=approver, change=change)
    assert provision_rates(fund=fund)["current"] == Decimal("2")
    override = provision_override_request(actor=requester, loan=loan_a, rate=Decimal("50"), reason="Fraud suspected")
    with pytest.raises(FourEyesError):
        change_approve(actor=requester, change=override)
    change_approve(actor=approver, change=override)
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    # A at its override: 50 % of 10,000.00 = 5,000.00; B at the new current rate: 2 % of 10,098.16 = 201.96 (201.9632)
    assert _lines(fund, "provision:") == [
        (D(2025, 3, 31), AccountRole.PROVISION_EXPENSE, Decimal("5000.00"), Decimal("0.00"), a),
        (D(2025, 3, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("5000.00"), a),
        (D(2025, 3, 31), AccountRole.PROVISION_EXPENSE, Decimal("201.96"), Decimal("0.00"), b),
        (D(2025, 3, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("201.96"), b),
    ]


def test_a_loan_more_than_90_days_past_due_accrues_nothing(two_loans):
    fund, *_, loan_a, loan_b = two_loans
    # neither loan pays after 1 March: on 31 July the 1 April installments are 121 days past due (91–180 bucket)
    period_end_post(fund=fund, as_of=D(2025, 7, 31))
    assert _lines(fund, "accrual:") == []  # B charges interest but is non-accrual; nothing is posted
    # 50 % of A's 10,000.00 = 5,000.00 and of B's 10,098.16 = 5,049.08
    assert _lines(fund, "provision:") == [
        (D(2025, 7, 31), AccountRole.PROVISION_EXPENSE, Decimal("5000.00"), Decimal("0.00"), loan_a.reference),
        (D(2025, 7, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("5000.00"), loan_a.reference),
        (D(2025, 7, 31), AccountRole.PROVISION_EXPENSE, Decimal("5049.08"), Decimal("0.00"), loan_b.reference),
        (D(2025, 7, 31), AccountRole.LOAN_LOSS_ALLOWANCE, Decimal("0.00"), Decimal("5049.08"), loan_b.reference),
    ]


def test_a_repayment_recorded_late_for_a_closed_quarter_is_posted_on_the_first_open_day_naming_its_date(two_loans):
    fund, manager, _, loan_a, _ = two_loans
    period_end_post(fund=fund, as_of=D(2025, 3, 31))
    period_close(actor=manager, fund=fund, start=D(2025, 1, 1), end=D(2025, 3, 31), note=NO_BANK)
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 3, 15), amount=Decimal("500.00"))
    books_post(fund=fund, up_to=D(2025, 4, 30))
    late = JournalEntry.objects.get(fund=fund, kind="repayment", lines__loan=loan_a, lines__debit=Decimal("500.00"))
    # the books keep Q1 as closed: the repayment goes into 1 April, its description names 15 March and the quarter
    # (descriptions are kept in the books' language, Dutch)
    assert late.value_date == D(2025, 4, 1)
    assert "2025-03-15" in late.description and "1e kwartaal 2025" in late.description
