"""Tranches: conditions precedent with evidence, four-eyes approval, the pain.001 file, posting on confirmation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from lxml import etree

from fund.errors import DomainError
from portfolio.banking.sepa import pain_validate
from portfolio.choices import LoanStatus, TrancheStatus, VersionBasis
from portfolio.models import LedgerEntry, Tranche
from portfolio.selectors.loans import loan_state
from portfolio.services.disbursement import (
    condition_precedent_meet,
    tranche_approve,
    tranche_confirm,
    tranche_payment_file,
    tranche_request,
)

D = datetime.date


def test_requester_can_never_approve_and_conditions_must_be_met_first(book):
    loan = book.loan(amount="100000", disburse=False, conditions=("Getekende bankovereenkomst",))
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("60000"), planned_date=D(2025, 1, 1))
    with pytest.raises(DomainError, match="four-eyes"):
        tranche_approve(actor=book.requester, tranche=tranche)
    with pytest.raises(DomainError, match="Getekende bankovereenkomst"):
        tranche_approve(actor=book.approver, tranche=tranche)
    condition = loan.conditions_precedent.get()
    with pytest.raises(ValidationError):
        condition_precedent_meet(actor=book.requester, condition=condition, evidence="")
    condition_precedent_meet(actor=book.requester, condition=condition, evidence="Overeenkomst van 2 dec.")
    tranche_approve(actor=book.approver, tranche=tranche)
    # the database refuses it too, whatever path a write takes
    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.filter(pk=tranche.pk).update(approved_by=book.requester)


def test_tranches_cannot_exceed_the_loan(book):
    loan = book.loan(amount="100000", disburse=False)
    tranche_request(actor=book.requester, loan=loan, amount=Decimal("60000"), planned_date=D(2025, 1, 1))
    with pytest.raises(ValidationError, match=r"40000\.00 is left"):
        tranche_request(actor=book.requester, loan=loan, amount=Decimal("40000.01"), planned_date=D(2025, 2, 1))


def test_payment_file_and_confirmation_post_the_disbursement_and_version_the_schedule(book):
    loan = book.loan(amount="100000", rate="6", term=24, disburse=False, first_due=D(2025, 2, 1))
    first = tranche_request(actor=book.requester, loan=loan, amount=Decimal("60000"), planned_date=D(2025, 1, 1))
    tranche_approve(actor=book.approver, tranche=first)
    payment_file = tranche_payment_file(actor=book.requester, fund=book.fund, tranches=[first])
    content = payment_file.content.encode()
    assert pain_validate(content, "pain.001.001.03") == []
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    tree = etree.fromstring(content)
    assert tree.findtext(".//p:EndToEndId", namespaces=ns) == first.end_to_end_id
    assert tree.findtext(".//p:InstdAmt", namespaces=ns) == "60000.00"
    assert tree.findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=ns) == loan.borrower_iban

    tranche_confirm(actor=book.approver, tranche=first, paid_on=D(2025, 1, 1))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE
    versions = list(loan.schedule_versions.order_by("number").values_list("basis", "total_principal"))
    assert versions == [(VersionBasis.CONTRACT, Decimal("100000.00")), (VersionBasis.DISBURSEMENT, Decimal("60000.00"))]

    second = tranche_request(actor=book.approver, loan=loan, amount=Decimal("40000"), planned_date=D(2025, 3, 15))
    tranche_approve(actor=book.requester, tranche=second)
    tranche_confirm(actor=book.requester, tranche=second, paid_on=D(2025, 3, 15))
    assert Tranche.objects.get(pk=second.pk).status == TrancheStatus.PAID
    assert LedgerEntry.objects.filter(loan=loan, entry_type="disbursement").count() == 2
    assert loan.schedule_versions.order_by("-number").first().total_principal == Decimal("100000.00")
    # before the second tranche the loan owes the first only; after, both (no repayment has come in)
    state = loan_state(loan=loan, as_of=D(2025, 3, 14))
    assert state.disbursed == Decimal("60000.00")
    state = loan_state(loan=loan, as_of=D(2025, 3, 15))
    assert state.disbursed == Decimal("100000.00")
    assert state.outstanding_principal == Decimal("100000.00")


def test_ledger_is_append_only(book):
    loan = book.loan()
    entry = LedgerEntry.objects.filter(loan=loan).first()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
