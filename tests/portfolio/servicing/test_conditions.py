"""Conditions precedent: the loan page shows each condition's own state, meeting one needs its evidence, waiving one
needs a second fund manager (four-eyes, with the reason), and the tranche form lists what is still open."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fund.errors import DomainError
from fund.models import AuditEvent
from portfolio.choices import ApprovalStatus, ConditionStatus, TrancheStatus
from portfolio.models import ConditionWaiver
from portfolio.services.disbursement import (
    condition_precedent_meet,
    condition_waiver_approve,
    condition_waiver_reject,
    condition_waiver_request,
    tranche_approve,
    tranche_request,
)

D = datetime.date
BANK = "Getekende bankovereenkomst"
OWN = "Bewijs van eigen inbreng"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _post(client, name: str, pk, data: dict | None = None):
    return client.post(reverse(f"portfolio:{name}", args=[pk]), data or {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def _page(client, loan) -> str:
    return client.get(reverse("portfolio:loan_detail", args=[loan.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _condition_item(page: str, position: int) -> str:
    start = page.index(f'data-testid="condition-{position}"')
    return page[start : page.index("</li>", start)]


def _actions(loan) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(loan.pk), action__startswith="loan.condition")
        .order_by("id")
        .values_list("action", flat=True)
    )


# ---- the services ---------------------------------------------------------------------------------------------------


def test_waiving_a_condition_needs_a_second_manager(book):
    loan = book.loan(disburse=False, conditions=(BANK,))
    condition = loan.conditions_precedent.get()
    with pytest.raises(ValidationError) as refused:
        condition_waiver_request(actor=book.requester, condition=condition, reason="  ")
    assert "reason" in refused.value.message_dict
    waiver = condition_waiver_request(
        actor=book.requester, condition=condition, reason="Bank tekent pas na uitbetaling"
    )
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.OPEN  # a request alone waives nothing
    with pytest.raises(DomainError, match="another fund manager must decide"):
        condition_waiver_approve(actor=book.requester, waiver=waiver)
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.OPEN
    condition_waiver_approve(actor=book.approver, waiver=waiver)
    condition.refresh_from_db()
    waiver.refresh_from_db()
    assert condition.status == ConditionStatus.WAIVED and condition.evidence == "Bank tekent pas na uitbetaling"
    assert waiver.status == ApprovalStatus.APPROVED and waiver.decided_by == book.approver
    assert _actions(loan) == ["loan.condition_waiver_requested", "loan.condition_waived"]


def test_a_forged_waiver_approval_by_the_requester_is_refused_by_the_database(book):
    loan = book.loan(disburse=False, conditions=(BANK,))
    waiver = condition_waiver_request(
        actor=book.requester, condition=loan.conditions_precedent.get(), reason="Niet meer nodig"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ConditionWaiver.objects.filter(pk=waiver.pk).update(
            status=ApprovalStatus.APPROVED, decided_by=book.requester, decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # approved by nobody
        ConditionWaiver.objects.filter(pk=waiver.pk).update(status=ApprovalStatus.APPROVED)


def test_a_rejected_waiver_leaves_the_condition_open_to_be_met_with_evidence(book):
    loan = book.loan(disburse=False, conditions=(BANK,))
    condition = loan.conditions_precedent.get()
    waiver = condition_waiver_request(actor=book.requester, condition=condition, reason="Komt later")
    with pytest.raises(DomainError, match="requested already"):
        condition_waiver_request(actor=book.approver, condition=condition, reason="Nog een keer")
    with pytest.raises(DomainError, match="four-eyes"):
        condition_waiver_reject(actor=book.requester, waiver=waiver)
    condition_waiver_reject(actor=book.approver, waiver=waiver)
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.OPEN
    with pytest.raises(DomainError, match="rejected already"):
        condition_waiver_approve(actor=book.approver, waiver=waiver)
    with pytest.raises(ValidationError) as refused:
        condition_precedent_meet(actor=book.requester, condition=condition, evidence="")
    assert "evidence" in refused.value.message_dict
    condition_precedent_meet(actor=book.requester, condition=condition, evidence="Kopie ontvangen 3 januari")
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.MET and condition.checked_by == book.requester
    with pytest.raises(DomainError, match="met already"):
        condition_waiver_request(actor=book.approver, condition=condition, reason="Te laat")
    assert _actions(loan) == [
        "loan.condition_waiver_requested",
        "loan.condition_waiver_rejected",
        "loan.condition_met",
    ]


def test_a_waiver_pending_approval_still_holds_the_tranche_back(book):
    loan = book.loan(disburse=False, conditions=(BANK,))
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    waiver = condition_waiver_request(
        actor=book.requester, condition=loan.conditions_precedent.get(), reason="Bank tekent later"
    )
    with pytest.raises(DomainError, match=BANK):
        tranche_approve(actor=book.approver, tranche=tranche)
    condition_waiver_approve(actor=book.approver, waiver=waiver)
    tranche_approve(actor=book.approver, tranche=tranche)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.APPROVED


# ---- the loan page --------------------------------------------------------------------------------------------------


def test_the_loan_page_shows_each_condition_as_it_stands_and_offers_no_met_by_default(client, book):
    loan = book.loan(disburse=False, conditions=(BANK, OWN))
    condition_precedent_meet(
        actor=book.requester, condition=loan.conditions_precedent.get(text=OWN), evidence="Bankafschrift 2 januari"
    )
    client.force_login(book.approver)
    page = _page(client, loan)
    open_item, met_item = _condition_item(page, 1), _condition_item(page, 2)
    assert 'data-testid="condition-status">Open</span>' in open_item
    assert 'data-testid="condition-status">Met</span>' in met_item and "Bankafschrift 2 januari" in met_item
    # no dropdown that starts at "Met": explicit actions, only on the open condition
    assert '<select name="status"' not in page
    assert "Mark met" in open_item and "Request waiver" in open_item
    assert "Mark met" not in met_item and "Request waiver" not in met_item


def test_the_requester_of_a_waiver_sees_no_approve_button_and_cannot_force_it(client, book):
    loan = book.loan(disburse=False, conditions=(BANK,))
    condition = loan.conditions_precedent.get()
    client.force_login(book.requester)
    response = _post(client, "condition_waiver_request", condition.pk, {"reason": ""})
    assert any(m.startswith("Reason: ") for m in _messages(response))
    _post(client, "condition_waiver_request", condition.pk, {"reason": "Bank tekent pas na uitbetaling"})
    waiver = condition.waivers.get()
    page = _page(client, loan)
    item = _condition_item(page, 1)
    assert "Waiver requested by" in item and "Bank tekent pas na uitbetaling" in item
    assert reverse("portfolio:condition_waiver_approve", args=[waiver.pk]) not in page
    assert 'data-testid="waiver-four-eyes-note"' in item
    response = _post(client, "condition_waiver_approve", waiver.pk)
    assert any("another fund manager must decide" in m for m in _messages(response))
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.OPEN

    client.force_login(book.approver)
    page = _page(client, loan)
    assert reverse("portfolio:condition_waiver_approve", args=[waiver.pk]) in page
    _post(client, "condition_waiver_approve", waiver.pk)
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.WAIVED
    item = _condition_item(_page(client, loan), 1)
    assert 'data-testid="condition-status">Waived</span>' in item
    assert f"requested by {book.requester}, approved by {book.approver}" in item


def test_a_condition_is_met_with_one_of_the_loans_documents_as_evidence(client, book):
    from portfolio.models import ApplicationDocument

    loan = book.loan(disburse=False, conditions=(BANK,))
    document = ApplicationDocument.objects.create(
        application=loan.application,
        kind="other",
        file="documents/bankovereenkomst.pdf",  # only its name is shown here; no file is read
        original_name="bankovereenkomst.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    condition = loan.conditions_precedent.get()
    client.force_login(book.requester)
    assert f'value="{document.pk}">bankovereenkomst.pdf' in _page(client, loan)
    _post(client, "condition_meet", condition.pk, {"evidence": "", "evidence_document": str(document.pk)})
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.MET and condition.evidence_document == document
    assert "bankovereenkomst.pdf" in _condition_item(_page(client, loan), 1)


def test_the_tranche_form_lists_the_conditions_still_open(client, book):
    loan = book.loan(disburse=False, conditions=(BANK, OWN))
    condition_precedent_meet(
        actor=book.requester, condition=loan.conditions_precedent.get(text=OWN), evidence="Bankafschrift"
    )
    client.force_login(book.requester)
    page = _page(client, loan)
    start = page.index('data-testid="tranche-open-conditions"')
    listed = page[start : page.index("</div>", start)]
    assert BANK in listed and OWN not in listed
    condition_precedent_meet(
        actor=book.requester, condition=loan.conditions_precedent.get(text=BANK), evidence="Getekend 2 jan."
    )
    assert 'data-testid="tranche-open-conditions"' not in _page(client, loan)
