"""The fund's books posted from the loan and capital ledgers: every line worked out by hand, idempotent, append-only."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fund.choices import Role
from portfolio.accounting.models import Account, JournalEntry, JournalLine
from portfolio.accounting.selectors import Period, balance_sheet, profit_and_loss, trial_balance
from portfolio.accounting.services import books_post
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def _lines(fund):
    return [
        (
            line.entry.value_date,
            line.entry.kind,
            line.account.number,
            line.debit,
            line.credit,
            line.loan.reference if line.loan else (line.member.organisation.legal_name if line.member else ""),
        )
        for line in JournalLine.objects.filter(entry__fund=fund)
        .select_related("entry", "account", "loan", "member__organisation")
        .order_by("entry__value_date", "entry__number", "account__number")
    ]


def test_every_journal_line_of_the_quarter_matches_the_hand_computed_books(quarter):
    fund, loan_a, loan_b, member = quarter
    name = member.organisation.legal_name
    a, b = loan_a.reference, loan_b.reference
    # the fee charged on 15 January is income when paid (cash basis): its entry carries no lines
    assert books_post(fund=fund, up_to=D(2025, 3, 31)) == 7
    assert _lines(fund) == [
        # each disbursement: Dr loans receivable 0400, Cr bank 1100
        (D(2025, 1, 1), "disbursement", "0400", Decimal("12000.00"), Decimal("0.00"), a),
        (D(2025, 1, 1), "disbursement", "1100", Decimal("0.00"), Decimal("12000.00"), a),
        (D(2025, 1, 1), "disbursement", "0400", Decimal("12000.00"), Decimal("0.00"), b),
        (D(2025, 1, 1), "disbursement", "1100", Decimal("0.00"), Decimal("12000.00"), b),
        # commitment 100,000.00, off balance: Dr uncalled commitments 0900, Cr its contra 0910
        (D(2025, 1, 1), "commitment", "0900", Decimal("100000.00"), Decimal("0.00"), name),
        (D(2025, 1, 1), "commitment", "0910", Decimal("0.00"), Decimal("100000.00"), name),
        # the call of 25 % = 25,000.00 leaves the uncalled commitment: Dr contra 0910, Cr 0900
        (D(2025, 1, 10), "call", "0900", Decimal("0.00"), Decimal("25000.00"), name),
        (D(2025, 1, 10), "call", "0910", Decimal("25000.00"), Decimal("0.00"), name),
        # the contribution: Dr bank 1100, Cr members' capital 0500
        (D(2025, 1, 20), "contribution", "0500", Decimal("0.00"), Decimal("25000.00"), name),
        (D(2025, 1, 20), "contribution", "1100", Decimal("25000.00"), Decimal("0.00"), name),
        # loan A's 1,000.00 is all principal
        (D(2025, 2, 1), "repayment", "0400", Decimal("0.00"), Decimal("1000.00"), a),
        (D(2025, 2, 1), "repayment", "1100", Decimal("1000.00"), Decimal("0.00"), a),
        # loan B's 1,116.19 = 946.19 principal + 120.00 interest (8000) + 50.00 fee (8010)
        (D(2025, 2, 1), "repayment", "0400", Decimal("0.00"), Decimal("946.19"), b),
        (D(2025, 2, 1), "repayment", "1100", Decimal("1116.19"), Decimal("0.00"), b),
        (D(2025, 2, 1), "repayment", "8000", Decimal("0.00"), Decimal("120.00"), b),
        (D(2025, 2, 1), "repayment", "8010", Decimal("0.00"), Decimal("50.00"), b),
    ]


def test_trial_balance_of_the_quarter_matches_the_hand_computed_balances(quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    balance = trial_balance(fund=fund, period=Period(D(2025, 1, 1), D(2025, 3, 31)))
    closing = {row.number: row.closing for row in balance.rows if row.closing}
    assert closing == {
        "0400": Decimal("22053.81"),  # 24,000.00 − 1,000.00 − 946.19
        "0500": Decimal("-25000.00"),
        "0900": Decimal("75000.00"),  # 100,000.00 committed − 25,000.00 called
        "0910": Decimal("-75000.00"),
        "1100": Decimal("3116.19"),  # −24,000.00 + 25,000.00 + 1,000.00 + 1,116.19
        "8000": Decimal("-120.00"),
        "8010": Decimal("-50.00"),
    }
    # debits 100,000 + 24,000 + 25,000 + 25,000 + 1,000 + 1,116.19 = 176,116.19, and as much credit
    assert balance.total_debit == balance.total_credit == Decimal("176116.19")
    assert balance.total_closing == 0
    # the result to date is the interest and the fee: 170.00, shown under equity; assets = liabilities + equity
    sheet = balance_sheet(fund=fund, as_of=D(2025, 3, 31), comparative_as_of=D(2024, 12, 31))
    assert sheet.result_for_year == Decimal("170.00")
    assert sheet.total_assets == sheet.total_liabilities_and_equity == Decimal("25170.00")
    assert sheet.comparative_total_assets == 0
    pnl = profit_and_loss(fund=fund, period=Period(D(2025, 1, 1), D(2025, 3, 31)))
    assert pnl.comparative == Period(D(2024, 10, 1), D(2024, 12, 31))
    assert (pnl.result, pnl.comparative_result) == (Decimal("170.00"), Decimal("0.00"))


def test_posting_the_books_again_posts_nothing_twice(quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 1, 31))  # January only: the commitment, disbursements, call, contribution
    assert JournalEntry.objects.filter(fund=fund, number__isnull=False).count() == 5
    assert books_post(fund=fund, up_to=D(2025, 3, 31)) == 2  # February's two repayments
    entries = JournalEntry.objects.filter(fund=fund).count()
    lines = JournalLine.objects.filter(entry__fund=fund).count()
    assert books_post(fund=fund, up_to=D(2025, 3, 31)) == 0
    assert (JournalEntry.objects.filter(fund=fund).count(), JournalLine.objects.filter(entry__fund=fund).count()) == (
        entries,
        lines,
    )
    # entry numbers run 1..7 in fiscal year 2025, without gaps
    numbers = sorted(JournalEntry.objects.filter(fund=fund, number__isnull=False).values_list("number", flat=True))
    assert numbers == list(range(1, 8))


def test_a_source_event_cannot_be_posted_twice_even_past_the_service(quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    first = JournalEntry.objects.filter(fund=fund, kind="repayment").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(
            fund=fund,
            journal=first.journal,
            fiscal_year=2025,
            number=99,
            value_date=first.value_date,
            description="twice",
            source_type=first.source_type,
            source_id=first.source_id,
            kind=first.kind,
        )


def test_journal_entries_and_lines_can_be_neither_changed_nor_deleted(quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    entry = JournalEntry.objects.filter(fund=fund).first()
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    # and the database refuses it to anyone who goes around the models
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        JournalLine.objects.filter(entry__fund=fund).update(debit=Decimal("1.00"))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        JournalLine.objects.filter(entry=entry).delete()


def test_a_new_fund_starts_with_the_default_chart_of_accounts():
    fund = factories.fund()
    accounts = {a.role: (a.number, a.rgs_code) for a in Account.objects.filter(fund=fund)}
    assert len(accounts) == 18
    assert accounts["bank"] == ("1100", "BLimBanRba")
    assert accounts["loans_receivable"] == ("0400", "BFvaOvr")
    assert accounts["uncalled_commitments"] == ("0900", "")


def test_a_write_off_and_a_later_recovery_move_the_loan_out_of_the_books_into_expense_and_income(quarter):
    from fund.services.approvals import change_approve
    from portfolio.services.ledger import repayment_post
    from portfolio.services.loan_approvals import loan_write_off_request

    fund, loan_a, *_ = quarter
    requester, approver = (factories.user(Role.FUND_MANAGER, fund=fund) for _ in range(2))
    # loan A owes 11,000.00 after its first repayment: written off on 15 March, 300.00 recovered on 20 March
    change = loan_write_off_request(actor=requester, loan=loan_a, on=D(2025, 3, 15), reason="Faillissement")
    change_approve(actor=approver, change=change)
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 3, 20), amount=Decimal("300.00"))
    books_post(fund=fund, up_to=D(2025, 3, 31))
    lines = [line for line in _lines(fund) if line[5] == loan_a.reference and line[0] >= D(2025, 3, 1)]
    assert lines == [
        (D(2025, 3, 15), "write_off", "0400", Decimal("0.00"), Decimal("11000.00"), loan_a.reference),
        (D(2025, 3, 15), "write_off", "4710", Decimal("11000.00"), Decimal("0.00"), loan_a.reference),
        (D(2025, 3, 20), "recovery", "1100", Decimal("300.00"), Decimal("0.00"), loan_a.reference),
        (D(2025, 3, 20), "recovery", "8030", Decimal("0.00"), Decimal("300.00"), loan_a.reference),
    ]


def test_each_statement_is_one_query_however_many_entries(quarter, django_assert_num_queries):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    period = Period(D(2025, 1, 1), D(2025, 3, 31))
    with django_assert_num_queries(1):
        trial_balance(fund=fund, period=period)
    with django_assert_num_queries(1):
        balance_sheet(fund=fund, as_of=period.end, comparative_as_of=D(2024, 12, 31))
    with django_assert_num_queries(1):
        profit_and_loss(fund=fund, period=period)
