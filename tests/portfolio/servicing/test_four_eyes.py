"""Four eyes on a loan's money: write-off, interest waiver, impact step-down, manual payments above the fund's
threshold, tranches and restructurings are asked for by one fund manager and made only when another approves; the
requester is refused by the service, the approvals page and the API, and the database refuses what bypasses them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from demo.loan_book import quarter_ends
from fund.errors import DomainError, FourEyesError
from fund.models import AuditEvent, ChangeState, Fund, PendingChange
from fund.services.approvals import change_approve, change_reject, change_rows
from impactmetrics.models import Metric
from portfolio.choices import ApprovalStatus, LoanStatus, TrancheStatus
from portfolio.engine.dates import add_months
from portfolio.models import LedgerEntry, Restructuring, Tranche
from portfolio.selectors.loans import loan_state
from portfolio.services.disbursement import tranche_request
from portfolio.services.loan_approvals import (
    impact_step_down_request,
    interest_waiver_request,
    loan_write_off_request,
    manual_payment_post,
)
from portfolio.services.loan_changes import impact_target_add, restructuring_request
from tests.portfolio.servicing.conftest import approved_placements

D = datetime.date


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def assert_refused_to_its_requester(client, book, change: PendingChange) -> None:
    """The requester cannot approve: not by the service, not on the approvals page, not through the API."""
    with pytest.raises(FourEyesError, match="another manager must approve it"):
        change_approve(actor=book.requester, change=change)
    client.force_login(book.requester)
    response = client.post(reverse("fund:change_approve", args=[change.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert any("You requested this change" in m for m in _messages(response))
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 403
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def approve_through_the_api(client, book, change: PendingChange) -> None:
    client.force_login(book.approver)
    response = client.post(reverse("api:change_approve", args=[change.pk]))
    assert response.status_code == 200, response.content
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (ChangeState.APPROVED, book.approver)


def test_a_write_off_of_4745_needs_a_second_manager_and_then_leaves_nothing_outstanding(client, book):
    loan = book.loan(amount="4745", rate="0", term=5, disbursed_on=D(2025, 1, 1))
    change = loan_write_off_request(actor=book.requester, loan=loan, on=D(2025, 1, 15), reason="Faillissement")
    # nothing is posted yet; the approver reads what would be written off beside what is outstanding
    assert not LedgerEntry.objects.filter(loan=loan, entry_type="write_off").exists()
    assert ("Principal written off", "—", "€4,745.00") in change_rows(change)
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="pending-loan.write_off"' in page and 'data-testid="four-eyes-pending-note"' in page
    assert_refused_to_its_requester(client, book, change)

    approve_through_the_api(client, book, change)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF
    state = loan_state(loan=loan, as_of=D(2025, 1, 15))
    assert state.outstanding_principal == Decimal("0.00")  # 4,745.00 − 4,745.00 written off
    assert state.written_off_principal == Decimal("4745.00")
    entry = LedgerEntry.objects.get(loan=loan, entry_type="write_off")
    assert entry.amount.amount == Decimal("4745.00")
    assert (entry.created_by, entry.approved_by) == (book.requester, book.approver)


def test_the_database_refuses_a_write_off_without_a_second_person(book):
    loan = book.loan(amount="4745", rate="0", term=5, disbursed_on=D(2025, 1, 1))
    for approver in (None, book.requester):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry(
                loan=loan,
                entry_type="write_off",
                value_date=D(2025, 1, 15),
                booking_date=D(2025, 1, 15),
                amount=Decimal("4745.00"),
                created_by=book.requester,
                approved_by=approver,
            ).save()


def test_a_write_off_is_refused_when_a_payment_came_in_after_the_request(book):
    loan = book.loan(amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    change = loan_write_off_request(actor=book.requester, loan=loan, on=D(2025, 3, 15), reason="Faillissement")
    book.pay(loan, D(2025, 2, 1))  # 12,000 → 11,000 outstanding: not what the approver was shown
    with pytest.raises(DomainError, match="has changed since the request"):
        change_approve(actor=book.approver, change=change)
    assert not LedgerEntry.objects.filter(loan=loan, entry_type="write_off").exists()


def test_an_interest_waiver_is_posted_only_once_another_manager_approves_it(client, book):
    loan = book.loan(rate="12", disbursed_on=D(2025, 1, 1))  # 1 % a month: 120.00 interest in the first installment
    before = loan_state(loan=loan, as_of=D(2025, 2, 10)).arrears
    change = interest_waiver_request(
        actor=book.requester, loan=loan, value_date=D(2025, 2, 10), amount=Decimal("120"), note="Coronasteun"
    )
    assert_refused_to_its_requester(client, book, change)
    approve_through_the_api(client, book, change)
    entry = LedgerEntry.objects.get(loan=loan, entry_type="interest_waiver")
    assert entry.amount.amount == Decimal("120.00")
    assert (entry.created_by, entry.approved_by) == (book.requester, book.approver)
    assert before - loan_state(loan=loan, as_of=D(2025, 2, 10)).arrears == Decimal("120.00")


def test_a_manual_payment_above_the_funds_threshold_waits_for_a_second_manager(client, book):
    Fund.objects.filter(pk=book.fund.pk).update(manual_payment_approval_threshold=Decimal("5000"))
    loan = book.loan(amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    # 4,000.00 is not above 5,000.00: posted at once
    posted = manual_payment_post(actor=book.requester, loan=loan, value_date=D(2025, 2, 1), amount=Decimal("4000"))
    assert isinstance(posted, LedgerEntry) and posted.approved_by is None
    # 6,000.00 is: nothing is posted until another manager approves it
    change = manual_payment_post(actor=book.requester, loan=loan, value_date=D(2025, 2, 2), amount=Decimal("6000"))
    assert isinstance(change, PendingChange)
    assert LedgerEntry.objects.filter(loan=loan, entry_type="repayment").count() == 1
    assert_refused_to_its_requester(client, book, change)
    approve_through_the_api(client, book, change)
    entry = LedgerEntry.objects.filter(loan=loan, entry_type="repayment").order_by("pk").last()
    assert entry.amount.amount == Decimal("6000.00")
    assert (entry.created_by, entry.approved_by) == (book.requester, book.approver)
    # 12,000 − 4,000 − 6,000 = 2,000 still owed; of the money in, 1,000 is held to settle the next installment
    # on its due date (the loan's early-payment rule), so 3,000 of principal reads outstanding until then
    state = loan_state(loan=loan, as_of=D(2025, 2, 2))
    assert (state.outstanding_principal, state.held_in_advance) == (Decimal("3000.00"), Decimal("1000.00"))


def test_the_payment_form_says_a_payment_above_the_threshold_was_sent_for_approval(client, book):
    loan = book.loan(amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A payment typed in above €0.00 is sent for approval" in page
    response = client.post(
        reverse("portfolio:repayment_post", args=[loan.pk]),
        {"value_date": "2025-02-01", "amount": "1000"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert any(m.startswith("Payment of €1,000.00 sent for approval") for m in _messages(response))
    assert not LedgerEntry.objects.filter(loan=loan, entry_type="repayment").exists()


def _target(book, *, test_date: datetime.date):
    today = timezone.localdate()
    loan = book.loan(rate="6", term=24, disbursed_on=add_months(today.replace(day=1), -3))
    return impact_target_add(
        actor=book.requester,
        loan=loan,
        metric=Metric.objects.get(code="SIF-PLACED"),
        target_value=Decimal(10),
        test_date=test_date,
        step_down=Decimal("0.5"),
        cap=Decimal("1"),
    )


def test_a_step_down_cites_the_approved_impact_figures_and_needs_a_second_manager(client, book):
    test_date = quarter_ends(timezone.localdate(), 1)[0]
    target = _target(book, test_date=test_date)
    approved_placements(book, per_quarter="3", year_to=test_date)  # 4 quarters × 3 placements = 12
    change = impact_step_down_request(actor=book.requester, target=target)
    rows = {label: (old, new) for label, old, new in change_rows(change)}
    assert rows["Approved value (impact data)"] == ("—", "12")
    assert rows["Target"] == ("—", "10")
    assert rows["Interest rate (% a year)"] == ("6\xa0%", "5.5\xa0%")
    assert change.payload["approved_reports"].count("SIF-PLACED v1: 3") == 4
    assert_refused_to_its_requester(client, book, change)
    approve_through_the_api(client, book, change)
    entry = LedgerEntry.objects.get(loan=target.loan, entry_type="rate_change")
    assert entry.rate == Decimal("5.500") and (entry.created_by, entry.approved_by) == (book.requester, book.approver)


def test_a_step_down_is_refused_when_the_approved_figures_fall_short(book):
    test_date = quarter_ends(timezone.localdate(), 1)[0]
    target = _target(book, test_date=test_date)
    approved_placements(book, per_quarter="2", year_to=test_date)  # 4 × 2 = 8 < 10
    with pytest.raises(DomainError, match="The approved value 8 does not meet the target of 10"):
        impact_step_down_request(actor=book.requester, target=target)


def test_a_tranche_is_approved_through_its_pending_change_never_by_its_requester(client, book):
    loan = book.loan(disburse=False)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    change = PendingChange.objects.get(kind="loan.tranche", target_id=str(tranche.pk))
    assert_refused_to_its_requester(client, book, change)
    approve_through_the_api(client, book, change)
    tranche.refresh_from_db()
    assert (tranche.status, tranche.approved_by) == (TrancheStatus.APPROVED, book.approver)


def test_a_tranche_rejected_on_the_approvals_page_is_cancelled(book):
    loan = book.loan(disburse=False)
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    change = PendingChange.objects.get(kind="loan.tranche", target_id=str(tranche.pk))
    change_reject(actor=book.approver, change=change, note="Eerst de bankgarantie.")
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.CANCELLED
    # the whole loan can be asked for again: the cancelled tranche no longer counts against it
    again = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 2))
    assert again.status == TrancheStatus.REQUESTED


def test_a_tranche_and_a_restructuring_withdrawn_on_the_approvals_page_are_closed_with_their_request(client, book):
    tranche = tranche_request(
        actor=book.requester, loan=book.loan(disburse=False), amount=Decimal("12000"), planned_date=D(2025, 1, 1)
    )
    restructuring = restructuring_request(
        actor=book.requester,
        loan=book.loan(disbursed_on=D(2025, 1, 1)),
        effective_date=D(2025, 3, 15),
        repayments=20,
        annual_interest_rate=Decimal("0"),
        reason="Omzetdaling",
    )
    client.force_login(book.requester)
    for kind, target in (("loan.tranche", tranche), ("loan.restructuring", restructuring)):
        change = PendingChange.objects.get(kind=kind, target_id=str(target.pk))
        assert client.post(reverse("fund:change_withdraw", args=[change.pk])).status_code == 302
        change.refresh_from_db()
        assert change.state == ChangeState.WITHDRAWN
    tranche.refresh_from_db()
    restructuring.refresh_from_db()
    assert tranche.status == TrancheStatus.CANCELLED
    assert (restructuring.status, restructuring.decided_by) == (ApprovalStatus.REJECTED, None)  # nobody decided it
    for action, loan in (("loan.tranche_cancelled", tranche.loan), ("loan.restructuring_rejected", restructuring.loan)):
        assert AuditEvent.objects.filter(action=action, object_id=str(loan.pk)).get().actor == book.requester


def test_a_restructuring_is_approved_through_its_pending_change_never_by_its_requester(client, book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    restructuring = restructuring_request(
        actor=book.requester,
        loan=loan,
        effective_date=D(2025, 3, 15),
        repayments=20,
        annual_interest_rate=Decimal("0"),
        reason="Omzetdaling",
    )
    change = PendingChange.objects.get(kind="loan.restructuring", target_id=str(restructuring.pk))
    assert_refused_to_its_requester(client, book, change)
    approve_through_the_api(client, book, change)
    restructuring.refresh_from_db()
    assert (restructuring.status, restructuring.decided_by) == (ApprovalStatus.APPROVED, book.approver)


def test_the_database_refuses_an_approved_tranche_or_restructuring_without_an_approver(book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    tranche = loan.tranches.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.filter(pk=tranche.pk).update(approved_by=None)
    restructuring = restructuring_request(
        actor=book.requester,
        loan=loan,
        effective_date=D(2025, 3, 15),
        repayments=20,
        annual_interest_rate=Decimal("0"),
        reason="Omzetdaling",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Restructuring.objects.filter(pk=restructuring.pk).update(status=ApprovalStatus.APPROVED)
