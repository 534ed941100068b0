"""Bank statements: matched credits posted once, unmatched and ambiguous ones queued, re-import posts nothing,
a malformed file is rejected whole with the entry named; the queue is worked by a manager; pain.008 collections."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from fund.errors import DomainError
from portfolio.banking.sepa import pain_validate
from portfolio.choices import BankLineStatus, EntrySource, LedgerEntryType
from portfolio.models import BankLine, BankStatementImport, FundBankAccount, LedgerEntry
from portfolio.selectors.loans import loan_state
from portfolio.services.bank import (
    StatementImportError,
    bank_line_assign,
    bank_statement_import,
    direct_debit_file_create,
)
from tests.portfolio.servicing.camt import Credit, camt053

D = datetime.date
FUND_IBAN = "NL91ABNA0417164300"


def repayments(loan):
    return list(LedgerEntry.objects.filter(loan=loan, entry_type=LedgerEntryType.REPAYMENT).order_by("pk"))


def test_camt053_with_matched_unmatched_duplicate_and_debit_lines(book):
    first, second = book.loan(), book.loan()
    content = camt053(
        FUND_IBAN,
        [
            Credit("1000.00", D(2025, 2, 1), end_to_end=f"{first.reference}-1"),  # by end-to-end id
            Credit("1000.00", D(2025, 2, 1), payer_iban=second.borrower_iban),  # by the payer's IBAN
            Credit("250.00", D(2025, 2, 3), payer_iban="NL02ABNA0123456789", remittance="Contributie"),  # unknown
            Credit("99.00", D(2025, 2, 4), debit=True),  # money out: not a repayment
        ],
    )
    result = bank_statement_import(actor=book.requester, fund=book.fund, file_name="feb.xml", content=content)
    assert (result.lines_read, result.matched, result.queued, result.duplicates, result.other) == (4, 2, 1, 0, 1)
    assert [e.amount.amount for e in repayments(first)] == [Decimal("1000.00")]
    assert repayments(second)[0].source == EntrySource.BANK_STATEMENT
    assert loan_state(loan=first, as_of=D(2025, 2, 1)).outstanding_principal == Decimal("11000.00")
    queued = BankLine.objects.get(fund=book.fund, status=BankLineStatus.UNMATCHED)
    assert queued.amount == Decimal("250.00")

    again = bank_statement_import(actor=book.requester, fund=book.fund, file_name="feb.xml", content=content)
    assert (again.matched, again.queued, again.duplicates) == (0, 0, 4)
    assert len(repayments(first)) == len(repayments(second)) == 1

    # the manager assigns the unmatched line to the first loan: posted on its value date
    bank_line_assign(actor=book.requester, line=queued, loan=first)
    assert [e.value_date for e in repayments(first)] == [D(2025, 2, 1), D(2025, 2, 3)]
    queued.refresh_from_db()
    assert queued.status == BankLineStatus.ASSIGNED
    with pytest.raises(DomainError):
        bank_line_assign(actor=book.requester, line=queued, loan=first)


def test_two_loans_of_one_payer_make_the_line_ambiguous(book):
    first, second = book.loan(), book.loan()
    LoanIban = type(first)
    LoanIban.objects.filter(pk=second.pk).update(borrower_iban=first.borrower_iban)
    content = camt053(FUND_IBAN, [Credit("1000.00", D(2025, 2, 1), payer_iban=first.borrower_iban)])
    result = bank_statement_import(actor=book.requester, fund=book.fund, file_name="x.xml", content=content)
    line = BankLine.objects.get(statement_import=result)
    assert line.status == BankLineStatus.AMBIGUOUS
    assert sorted(line.candidates) == sorted([first.pk, second.pk])
    assert not repayments(first) and not repayments(second)


def test_a_malformed_entry_rejects_the_whole_file_and_names_it(book):
    loan = book.loan()
    content = camt053(
        FUND_IBAN,
        [
            Credit("1000.00", D(2025, 2, 1), end_to_end=loan.reference),
            Credit("12,50", D(2025, 2, 2), end_to_end=loan.reference),  # not an amount
        ],
    )
    with pytest.raises(StatementImportError) as caught:
        bank_statement_import(actor=book.requester, fund=book.fund, file_name="bad.xml", content=content)
    assert any("entry 2" in problem.lower() or "ntry" in problem for problem in caught.value.problems)
    assert not repayments(loan)
    assert not BankStatementImport.objects.filter(fund=book.fund).exists()


def test_mt940_sample_is_imported_and_queued(book):
    from pathlib import Path

    sample = Path(__file__).parents[1] / "banking" / "samples" / "rabobank_structured_mt940.txt"
    FundBankAccount.objects.filter(fund=book.fund).update(iban="NL50RABO0123456789")  # the sample's account
    result = bank_statement_import(
        actor=book.requester, fund=book.fund, file_name=sample.name, content=sample.read_bytes()
    )
    assert result.file_format == "mt940"
    assert result.lines_read == result.queued + result.other
    assert (
        bank_statement_import(
            actor=book.requester, fund=book.fund, file_name=sample.name, content=sample.read_bytes()
        ).duplicates
        == result.lines_read
    )


def test_direct_debit_file_collects_the_installments_due_in_the_period(book):
    with_mandate = book.loan(disbursed_on=D(2025, 1, 1), mandate="MANDATE-001")
    book.loan(disbursed_on=D(2025, 1, 1))  # no mandate: not collected
    book.pay(with_mandate, D(2025, 2, 1))
    payment_file = direct_debit_file_create(
        actor=book.requester, fund=book.fund, start=D(2025, 2, 1), end=D(2025, 3, 31)
    )
    # February's installment was paid; March's (1,000.00) is collected
    assert (payment_file.payments, payment_file.total) == (1, Decimal("1000.00"))
    content = payment_file.content.encode()
    assert pain_validate(content, "pain.008.001.02") == []
    tree = etree.fromstring(content)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
    assert tree.findtext(".//p:MndtId", namespaces=ns) == "MANDATE-001"
    assert tree.findtext(".//p:SeqTp", namespaces=ns) == "FRST"


def test_a_statement_of_another_account_is_refused_naming_it(book):
    from pathlib import Path

    sample = Path(__file__).parents[1] / "banking" / "samples" / "rabobank_structured_mt940.txt"
    with pytest.raises(StatementImportError) as excinfo:
        bank_statement_import(actor=book.requester, fund=book.fund, file_name=sample.name, content=sample.read_bytes())
    assert "NL91ABNA0417164300" in str(excinfo.value.args[0])  # the fund's own account
    assert excinfo.value.problems == ["Statement for account NL50RABO0123456789."]
    assert not BankStatementImport.objects.filter(fund=book.fund).exists()
