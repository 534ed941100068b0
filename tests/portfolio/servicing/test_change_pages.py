"""Pages for a loan's life after approval: contract, conditions, four-eyes tranches and restructurings, payment
files, payoff, write-off and recovery, interest waiver, impact-linked step-down; and who may not use them."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from demo.loan_book import quarter_ends
from fund.models import ChangeState, PendingChange
from portfolio.choices import LoanStatus, TrancheStatus
from portfolio.engine.dates import add_months
from portfolio.models import LedgerEntry, Restructuring
from portfolio.services.disbursement import tranche_request
from portfolio.services.loan_changes import impact_target_add
from portfolio.services.payee import borrower_iban_pending
from tests.portfolio.servicing.conftest import approved_placements

D = datetime.date


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _post(client, name: str, pk, data: dict | None = None):
    return client.post(reverse(f"portfolio:{name}", args=[pk]), data or {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def test_the_requester_sees_no_approve_button_and_cannot_force_the_approval(client, book):
    loan = book.loan(disburse=False)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk])).content.decode()
    assert reverse("portfolio:tranche_approve", args=[tranche.pk]) not in page
    assert 'data-testid="four-eyes-note"' in page
    response = _post(client, "tranche_approve", tranche.pk)
    assert any("another fund manager must approve it" in m for m in _messages(response))
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.REQUESTED
    client.force_login(book.approver)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk])).content.decode()
    assert reverse("portfolio:tranche_approve", args=[tranche.pk]) in page
    _post(client, "tranche_approve", tranche.pk)
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.APPROVED and tranche.approved_by == book.approver


def test_the_payment_file_of_an_approved_tranche_is_a_pain001_download(client, book):
    loan = book.loan(disburse=False)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    client.force_login(book.approver)
    _post(client, "tranche_approve", tranche.pk)
    response = client.post(reverse("portfolio:tranche_payment_file", args=[tranche.pk]))
    assert response["Content-Type"] == "application/xml"
    body = response.content.decode()
    assert "pain.001.001.03" in body and '<InstdAmt Ccy="EUR">12000.00</InstdAmt>' in body


def test_contract_page_names_the_wrong_field_and_records_a_good_contract(client, book, demo):
    from demo.historic import historic_loan_create

    loan = historic_loan_create(
        fund=book.fund,
        organisation=book.organisation,
        reference="TEST-CONTRACT",
        amount=Decimal("20000"),
        rate=Decimal("3"),
        term_months=24,
        approved_on=D(2025, 1, 1),
    )
    client.force_login(book.requester)
    url = reverse("portfolio:contract_sign", args=[loan.pk])
    data = {
        "signed_on": "2025-01-10",
        "planned_disbursement_date": "2025-01-15",
        "first_due_date": "2025-02-15",
        "borrower_iban": "NL00 ABNA 0000 0000 00",
        "allocation": "penalties_fees_interest_principal",
        "prepayment": "reduce_installment",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "borrower_iban" in response.context["form"].errors
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED
    response = client.post(url, {**data, "borrower_iban": "NL91 ABNA 0417 1643 00"})
    assert response.status_code == 302
    loan.refresh_from_db()
    # an IBAN other than the organisation's approved one waits for a second manager (issue 12): none on the loan yet
    assert loan.status == LoanStatus.CONTRACTED and loan.borrower_iban == ""
    assert borrower_iban_pending(loan).payload == {"borrower_iban": "NL91ABNA0417164300"}
    assert loan.schedule_versions.get().total_principal == Decimal("20000.00")


def test_a_condition_is_met_with_evidence_and_refused_without_naming_the_field(client, book):
    loan = book.loan(disburse=False, conditions=("Getekende bankovereenkomst",))
    condition = loan.conditions_precedent.get()
    client.force_login(book.requester)
    response = _post(client, "condition_meet", condition.pk, {"evidence": ""})
    assert any(m.startswith("Evidence: ") for m in _messages(response))
    _post(client, "condition_meet", condition.pk, {"evidence": "Kopie ontvangen 3 januari"})
    condition.refresh_from_db()
    assert condition.status == "met" and condition.checked_by == book.requester


def test_restructuring_is_requested_by_one_manager_and_approved_by_another(client, book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))  # 12,000 at 0 %, 1,000 a month from February
    client.force_login(book.requester)
    _post(
        client,
        "restructuring_request",
        loan.pk,
        {"effective_date": "2025-03-15", "repayments": "20", "annual_interest_rate": "0", "reason": "Omzetdaling"},
    )
    restructuring = Restructuring.objects.get(loan=loan)
    response = _post(client, "restructuring_approve", restructuring.pk)
    assert any("four-eyes" in m for m in _messages(response))
    client.force_login(book.approver)
    _post(client, "restructuring_approve", restructuring.pk)
    restructuring.refresh_from_db()
    loan.refresh_from_db()
    assert restructuring.status == "approved" and loan.status == LoanStatus.RESTRUCTURED
    # nothing was paid: 12,000 outstanding of which 2,000 in arrears (February, March), all capitalised
    assert restructuring.version.total_principal == Decimal("12000.00")
    assert restructuring.version.installments.count() == 20


def _approve_as_second_manager(client, book, kind: str):
    """The other manager approves the loan's one pending change of `kind` on the approvals page (four eyes)."""
    change = PendingChange.objects.get(kind=kind, state=ChangeState.PENDING, fund=book.fund)
    client.force_login(book.approver)
    response = client.post(reverse("fund:change_approve", args=[change.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Change approved and made." in _messages(response)
    client.force_login(book.requester)


def test_payoff_quote_and_full_early_repayment(client, book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    book.pay(loan, D(2025, 2, 1))
    book.pay(loan, D(2025, 3, 1))
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:loan_payoff", args=[loan.pk]) + "?on=2025-03-15")
    assert page.context["quote"] == Decimal("10000.00")  # 12,000 − two installments of 1,000, no interest at 0 %
    response = _post(client, "loan_payoff", loan.pk, {"on": "2025-03-15"})
    # a payment typed in above the fund's threshold (0.00 by default) waits for a second manager: nothing posted yet
    assert any("sent for approval" in m for m in _messages(response))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE
    _approve_as_second_manager(client, book, "loan.manual_payment")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAID
    assert loan.ledger_entries.order_by("pk").last().amount.amount == Decimal("10000.00")


def test_write_off_then_a_recovery_through_the_payment_form(client, book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    book.pay(loan, D(2025, 2, 1))
    client.force_login(book.requester)
    response = _post(client, "loan_write_off", loan.pk, {"value_date": "2025-06-30", "reason": "Faillissement"})
    # since four eyes: the request waits for another manager, the loan page shows it
    assert any("Write-off sent for approval" in m for m in _messages(response))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE
    _approve_as_second_manager(client, book, "loan.write_off")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF
    assert LedgerEntry.objects.get(loan=loan, entry_type="write_off").amount.amount == Decimal("11000.00")
    _post(client, "repayment_post", loan.pk, {"value_date": "2025-09-01", "amount": "1500"})
    _approve_as_second_manager(client, book, "loan.manual_payment")
    assert LedgerEntry.objects.get(loan=loan, entry_type="recovery").amount.amount == Decimal("1500.00")


def test_an_interest_waiver_needs_a_reason(client, book):
    loan = book.loan(rate="12", disbursed_on=D(2025, 1, 1))  # 1 % a month: 120.00 interest in the first installment
    client.force_login(book.requester)
    response = _post(client, "interest_waive", loan.pk, {"value_date": "2025-02-10", "amount": "120", "note": ""})
    assert any(m.startswith("Note: ") for m in _messages(response))
    _post(client, "interest_waive", loan.pk, {"value_date": "2025-02-10", "amount": "120", "note": "Coronasteun"})
    # since four eyes the waiver is posted once another manager approves it
    assert not LedgerEntry.objects.filter(loan=loan, entry_type="interest_waiver").exists()
    _approve_as_second_manager(client, book, "loan.interest_waiver")
    assert LedgerEntry.objects.get(loan=loan, entry_type="interest_waiver").amount.amount == Decimal("120.00")


def test_a_confirmed_impact_target_steps_the_rate_down_from_the_next_period(client, book):
    from impactmetrics.models import Metric

    today = timezone.localdate()
    test_date = quarter_ends(today, 1)[0]  # the last quarter end before today
    start = add_months(today.replace(day=1), -3)
    loan = book.loan(rate="6", term=24, disbursed_on=start)
    target = impact_target_add(
        actor=book.requester,
        loan=loan,
        metric=Metric.objects.get(code="SIF-PLACED"),
        target_value=Decimal(10),
        test_date=test_date,
        step_down=Decimal("0.5"),
        cap=Decimal("1"),
    )
    client.force_login(book.requester)
    # no approved figures yet: the manager can no longer type a value, so nothing can be asked for
    response = _post(client, "impact_step_down", target.pk)
    assert any("approve the investee's impact data first" in m for m in _messages(response))
    approved_placements(book, per_quarter="3", year_to=test_date)  # 4 quarters × 3 = 12 ≥ 10
    _post(client, "impact_step_down", target.pk)
    assert not LedgerEntry.objects.filter(loan=loan, entry_type="rate_change").exists()
    _approve_as_second_manager(client, book, "loan.impact_step_down")
    entry = LedgerEntry.objects.get(loan=loan, entry_type="rate_change")
    next_due = next(add_months(start, n) for n in range(1, 30) if add_months(start, n) > today)
    assert entry.rate == Decimal("5.500") and entry.value_date == next_due
    assert (entry.created_by, entry.approved_by) == (book.requester, book.approver)
    target.refresh_from_db()
    assert target.achieved_value == Decimal("12")


def test_the_direct_debit_file_collects_the_installments_of_loans_with_a_mandate(client, book):
    book.loan(disbursed_on=D(2025, 1, 1), mandate="MND-1")
    book.loan(disbursed_on=D(2025, 1, 1))  # no mandate: not collected
    client.force_login(book.requester)
    response = client.post(
        reverse("portfolio:direct_debit_file", args=[book.fund.slug]), {"start": "2025-02-01", "end": "2025-03-31"}
    )
    body = response.content.decode()
    assert response["Content-Type"] == "application/xml" and "pain.008.001.02" in body
    assert body.count("<DrctDbtTxInf>") == 2  # February and March, 1,000.00 each
    assert "<CtrlSum>2000.00</CtrlSum>" in body


def test_an_investee_cannot_use_the_manager_pages_of_its_own_loan(client, demo):
    from portfolio.models import Loan

    loan = Loan.objects.get(organisation__legal_name="Buurtkeuken Delfshaven B.V.")
    client.force_login(demo.investee)
    assert client.get(reverse("portfolio:loan_payoff", args=[loan.pk])).status_code == 403
    for name in ("loan_write_off", "interest_waive", "restructuring_request"):
        assert client.post(reverse(f"portfolio:{name}", args=[loan.pk]), {"reason": "x"}).status_code == 403
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE
