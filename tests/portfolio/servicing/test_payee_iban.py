"""A payment file never carries an unapproved IBAN (issue 12): the borrower's payee IBAN is set four-eyes.

Kringloop Noord B.V. (the servicing book's borrower) has an approved IBAN from the demo; OTHER and NEWER are IBANs
that no second manager has approved yet."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from demo.historic import historic_loan_create
from fund.errors import DomainError, FourEyesError
from fund.services.approvals import change_approve
from fund.services.organisations import organisation_iban_request
from portfolio.choices import TrancheStatus
from portfolio.models import Loan, Tranche
from portfolio.services.contract import loan_contract_sign
from portfolio.services.disbursement import tranche_approve, tranche_payment_file, tranche_request
from portfolio.services.payee import borrower_iban_change_request, borrower_iban_pending

D = datetime.date
OTHER = "NL44RABO0123456789"
NEWER = "NL63TRIO0212345678"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _signed(book, iban: str) -> Loan:
    book.counter += 1
    loan = historic_loan_create(
        fund=book.fund,
        organisation=book.organisation,
        reference=f"TEST-PAYEE-{book.counter}",
        amount=Decimal("20000"),
        rate=Decimal("3"),
        term_months=24,
        approved_on=D(2025, 1, 1),
    )
    loan_contract_sign(
        actor=book.requester,
        loan=loan,
        signed_on=D(2025, 1, 10),
        planned_disbursement_date=D(2025, 1, 15),
        first_due_date=D(2025, 2, 15),
        borrower_iban=iban,
    )
    loan.refresh_from_db()
    return loan


def _paid_to(book, loan: Loan) -> str:
    tranche = Tranche.objects.get(loan=loan, status=TrancheStatus.APPROVED)
    content = tranche_payment_file(actor=book.requester, fund=book.fund, tranches=[tranche]).content.encode()
    return etree.fromstring(content).findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=NS)


def test_the_organisations_approved_iban_is_the_loans_at_once(book):
    loan = _signed(book, book.organisation.iban)
    assert loan.borrower_iban == book.organisation.iban and borrower_iban_pending(loan) is None


def test_another_iban_in_the_contract_waits_and_no_tranche_is_paid_to_it_before_approval(book):
    loan = _signed(book, OTHER)
    assert loan.borrower_iban == ""
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("20000"), planned_date=D(2025, 1, 15))
    with pytest.raises(DomainError, match="The borrower's IBAN awaits a second manager's approval"):
        tranche_approve(actor=book.approver, tranche=tranche)

    change = borrower_iban_pending(loan)
    with pytest.raises(FourEyesError, match="another manager must approve it"):
        change_approve(actor=book.requester, change=change)
    change_approve(actor=book.approver, change=change)
    tranche_approve(actor=book.approver, tranche=tranche)
    assert _paid_to(book, loan) == OTHER


def test_a_pending_iban_change_does_not_reach_the_payment_file(book):
    loan = _signed(book, book.organisation.iban)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("20000"), planned_date=D(2025, 1, 15))
    tranche_approve(actor=book.approver, tranche=tranche)
    change = borrower_iban_change_request(actor=book.requester, loan=loan, iban=NEWER, reason="Bank letter of 3 March.")
    organisation_iban_request(actor=book.requester, organisation=book.organisation, iban=NEWER, reason="Same letter.")
    assert _paid_to(book, loan) == book.organisation.iban  # the approved one, not NEWER

    change_approve(actor=book.approver, change=change)
    assert _paid_to(book, loan) == NEWER


def test_a_payment_file_refuses_a_loan_without_an_approved_iban_whatever_wrote_the_tranche(book):
    loan = _signed(book, OTHER)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("20000"), planned_date=D(2025, 1, 15))
    Tranche.objects.filter(pk=tranche.pk).update(status=TrancheStatus.APPROVED, approved_by=book.approver)
    with pytest.raises(DomainError, match="no approved payee IBAN"):
        tranche_payment_file(actor=book.requester, fund=book.fund, tranches=[tranche])
