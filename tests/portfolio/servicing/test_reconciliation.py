"""The reconciliation queue: every queued line says why it is there; a manager assigns a line on a value date the
loan accepts, splits it across loans (the parts add up exactly), parks it with a note or sets it aside as no loan
payment; nothing is deleted and every step is in the line's history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fund.models import AuditEvent
from fund.selectors import object_history
from portfolio.choices import BankLineStatus, LedgerEntryType
from portfolio.models import BankLine, LedgerEntry
from portfolio.selectors.bank import bank_reconciliation_queue
from portfolio.services.bank import (
    bank_line_assign,
    bank_line_ignore,
    bank_line_park,
    bank_line_split,
    bank_statement_import,
)
from tests.portfolio.servicing.camt import Credit, camt053

D = datetime.date
FUND_IBAN = "NL91ABNA0417164300"
UNKNOWN_PAYER = "NL02ABNA0123456789"


def _import(book, credits: list[Credit], name: str = "stmt.xml"):
    return bank_statement_import(
        actor=book.requester, fund=book.fund, file_name=name, content=camt053(FUND_IBAN, credits, statement_id=name)
    )


def _repayments(loan) -> list[tuple[datetime.date, Decimal]]:
    return list(
        LedgerEntry.objects.filter(loan=loan, entry_type=LedgerEntryType.REPAYMENT)
        .order_by("pk")
        .values_list("value_date", "amount")
    )


def _reasons(book) -> dict[str, str]:
    return {row.line.label: row.reason for row in bank_reconciliation_queue(fund=book.fund)}


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _post(client, name: str, pk, data: dict):
    return client.post(reverse(f"portfolio:{name}", args=[pk]), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def test_every_queued_line_says_in_words_why_it_is_there(client, book):
    first, second = book.loan(), book.loan()
    late = book.loan(disbursed_on=D(2025, 3, 1))
    _import(
        book,
        [
            Credit("500.00", D(2025, 2, 3), remittance=f"{first.reference} en {second.reference}"),
            Credit("250.00", D(2025, 2, 4), payer_iban=UNKNOWN_PAYER, remittance="Contributie"),
            Credit("1000.00", D(2025, 2, 20), end_to_end=late.reference),  # 9 days before it was paid out
        ],
    )
    queue = bank_reconciliation_queue(fund=book.fund)
    assert len(queue) == 3
    two, none, early = (row.reason for row in queue)
    assert two == f"Two loans match this reference: {first.reference}, {second.reference}"
    assert none.startswith("No loan matches")
    assert early.startswith("Value date before the loan was disbursed:")
    assert early.endswith(f"{late.reference} was paid out on 2025-03-01, the payment is dated 2025-02-20.")
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:bank_statements", args=[book.fund.slug]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert f"Two loans match this reference: {first.reference}, {second.reference}" in text
    assert "No loan matches" in text and "Value date before the loan was disbursed" in text
    dutch = client.get(reverse("portfolio:bank_statements", args=[book.fund.slug]), HTTP_ACCEPT_LANGUAGE="nl")
    assert f"Twee leningen passen bij deze referentie: {first.reference}, {second.reference}" in dutch.content.decode()


def test_a_line_that_matches_exactly_one_loan_is_never_labelled_ambiguous(book):
    loan = book.loan(disbursed_on=D(2025, 3, 1))
    _import(book, [Credit("1000.00", D(2025, 2, 20), end_to_end=loan.reference)])
    line = BankLine.objects.get(fund=book.fund)
    assert line.status == BankLineStatus.NOT_POSTED and line.get_status_display() == "One loan matches, not posted"
    assert line.status != BankLineStatus.AMBIGUOUS
    assert line.candidates == [loan.pk] and not _repayments(loan)


def test_assigning_before_the_disbursement_is_refused_naming_the_value_date_and_the_manager_picks_the_date(
    client, book
):
    loan = book.loan(disbursed_on=D(2025, 3, 1))
    _import(book, [Credit("1000.00", D(2025, 2, 20), end_to_end=loan.reference)])
    line = BankLine.objects.get(fund=book.fund)
    with pytest.raises(ValidationError) as refused:
        bank_line_assign(actor=book.requester, line=line, loan=loan)
    assert list(refused.value.message_dict) == ["value_date"]

    client.force_login(book.requester)
    page = client.get(reverse("portfolio:bank_statements", args=[book.fund.slug])).content.decode()
    assert 'name="value_date" value="2025-03-01"' in page  # the date proposed: the day it was paid out
    response = _post(client, "bank_line_assign", line.pk, {"loan": loan.pk, "value_date": "2025-02-20"})
    assert any(m.startswith("Value date: ") and "was paid out on" in m for m in _messages(response))
    assert not _repayments(loan)
    _post(client, "bank_line_assign", line.pk, {"loan": loan.pk, "value_date": "2025-03-01"})
    assert _repayments(loan) == [(D(2025, 3, 1), Decimal("1000.00"))]
    line.refresh_from_db()
    # the line keeps what the bank said; the posting carries the date the manager chose
    assert line.status == BankLineStatus.ASSIGNED and line.value_date == D(2025, 2, 20)


def test_a_split_must_add_up_to_the_line_exactly_and_posts_a_repayment_on_each_loan(book):
    first, second = book.loan(), book.loan()
    _import(book, [Credit("1500.00", D(2025, 2, 3), payer_iban=UNKNOWN_PAYER, remittance="Twee termijnen")])
    line = BankLine.objects.get(fund=book.fund)
    with pytest.raises(ValidationError) as refused:  # 1,000.00 + 400.00 = 1,400.00, not 1,500.00
        bank_line_split(actor=book.requester, line=line, parts=[(first, Decimal("1000")), (second, Decimal("400"))])
    assert "add up to 1400.00 but the line is 1500.00" in refused.value.message_dict["parts"][0]
    assert not _repayments(first) and not _repayments(second)
    with pytest.raises(ValidationError):  # a split of one part is an assignment
        bank_line_split(actor=book.requester, line=line, parts=[(first, Decimal("1500"))])
    bank_line_split(actor=book.requester, line=line, parts=[(first, Decimal("1000")), (second, Decimal("500"))])
    assert _repayments(first) == [(D(2025, 2, 3), Decimal("1000.00"))]
    assert _repayments(second) == [(D(2025, 2, 3), Decimal("500.00"))]
    line.refresh_from_db()
    assert line.status == BankLineStatus.SPLIT
    assert [(p.loan, p.amount) for p in line.parts.all()] == [(first, Decimal("1000.00")), (second, Decimal("500.00"))]
    assert not bank_reconciliation_queue(fund=book.fund)


def test_a_split_whose_part_the_loan_refuses_posts_nothing(book):
    first = book.loan()
    late = book.loan(disbursed_on=D(2025, 3, 1))
    _import(book, [Credit("1500.00", D(2025, 2, 3), payer_iban=UNKNOWN_PAYER)])
    line = BankLine.objects.get(fund=book.fund)
    with pytest.raises(ValidationError) as refused:
        bank_line_split(actor=book.requester, line=line, parts=[(first, Decimal("1000")), (late, Decimal("500"))])
    assert late.reference in refused.value.message_dict["value_date"][0]
    assert not _repayments(first) and not _repayments(late)
    line.refresh_from_db()
    assert line.status == BankLineStatus.UNMATCHED


def test_a_parked_line_stays_on_the_queue_with_its_note_and_can_still_be_assigned(client, book):
    loan = book.loan()
    _import(book, [Credit("250.00", D(2025, 2, 4), payer_iban=UNKNOWN_PAYER)])
    line = BankLine.objects.get(fund=book.fund)
    client.force_login(book.requester)
    response = _post(client, "bank_line_park", line.pk, {"note": ""})
    assert any(m.startswith("Note: ") for m in _messages(response))
    _post(client, "bank_line_park", line.pk, {"note": "Borrower gebeld, wacht op antwoord"})
    page = client.get(reverse("portfolio:bank_statements", args=[book.fund.slug]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Parked: Borrower gebeld, wacht op antwoord" in text and "No loan matches" in text
    bank_line_assign(actor=book.approver, line=line, loan=loan)
    assert _repayments(loan) == [(D(2025, 2, 4), Decimal("250.00"))]


def test_marking_a_line_as_no_loan_payment_needs_a_reason_and_is_audited(client, book):
    book.loan()
    _import(book, [Credit("250.00", D(2025, 2, 4), payer_iban=UNKNOWN_PAYER, remittance="Contributie")])
    line = BankLine.objects.get(fund=book.fund)
    client.force_login(book.requester)
    response = _post(client, "bank_line_ignore", line.pk, {"reason": " "})
    assert any(m.startswith("Reason: ") for m in _messages(response))
    _post(client, "bank_line_ignore", line.pk, {"reason": "Ledenbijdrage coöperatie"})
    line.refresh_from_db()
    assert line.status == BankLineStatus.IGNORED and line.resolved_by == book.requester
    event = AuditEvent.objects.get(action="bank.line_ignored", object_id=str(line.pk))
    assert event.changes["reason"] == [None, "Ledenbijdrage coöperatie"] and event.actor == book.requester
    page = client.get(reverse("portfolio:bank_statements", args=[book.fund.slug]), HTTP_ACCEPT_LANGUAGE="en")
    reconciled = page.content.decode().split('data-testid="reconciled-lines"')[1]
    assert "Ledenbijdrage coöperatie" in reconciled and "Not a loan payment" in reconciled


def test_the_lines_history_keeps_every_step_and_nothing_is_deleted(book):
    first, second = book.loan(), book.loan()
    _import(book, [Credit("1500.00", D(2025, 2, 3), payer_iban=UNKNOWN_PAYER)])
    line = BankLine.objects.get(fund=book.fund)
    bank_line_park(actor=book.requester, line=line, note="Navragen")
    bank_line_split(actor=book.approver, line=line, parts=[(first, Decimal("700")), (second, Decimal("800"))])
    with pytest.raises(Exception, match="dealt with already"):
        bank_line_ignore(actor=book.requester, line=line, reason="Toch niet")
    history = object_history(line)
    assert [h.action for h in reversed(history)] == ["Bank line parked", "Bank line split across loans"]
    assert BankLine.objects.filter(fund=book.fund).count() == 1


def test_the_manager_splits_a_line_on_the_page(client, book):
    first, second = book.loan(), book.loan()
    _import(book, [Credit("1500.00", D(2025, 2, 3), payer_iban=UNKNOWN_PAYER)])
    line = BankLine.objects.get(fund=book.fund)
    client.force_login(book.requester)
    data = {
        "part_loan": [str(first.pk), str(second.pk), "", ""],
        "part_amount": ["1000.00", "400.00", "", ""],
        "value_date": "2025-02-03",
    }
    response = _post(client, "bank_line_split", line.pk, data)
    assert any(m.startswith("Split: ") and "1400.00" in m for m in _messages(response))
    data["part_amount"] = ["1000.00", "500.00", "", ""]
    _post(client, "bank_line_split", line.pk, data)
    assert _repayments(first) == [(D(2025, 2, 3), Decimal("1000.00"))]
    assert _repayments(second) == [(D(2025, 2, 3), Decimal("500.00"))]


def test_a_line_queued_as_ambiguous_for_one_loan_before_this_release_is_relabelled(book):
    import importlib

    from django.apps import apps

    loan = book.loan()
    _import(book, [Credit("250.00", D(2025, 2, 4), payer_iban=UNKNOWN_PAYER)])
    # what the import used to store when the one matching loan refused the posting
    BankLine.objects.filter(fund=book.fund).update(
        status=BankLineStatus.AMBIGUOUS, candidates=[loan.pk], queue_reason=""
    )
    migration = importlib.import_module("portfolio.migrations.0003_condition_waivers_and_reconciliation_queue")
    migration.queued_lines_say_why(apps, None)
    line = BankLine.objects.get(fund=book.fund)
    assert line.status == BankLineStatus.NOT_POSTED
    (row,) = bank_reconciliation_queue(fund=book.fund)
    assert row.reason == f"{loan.reference} matches, but the payment could not be posted on it as it came."


def test_split_amounts_are_typed_as_the_page_writes_them_and_an_ambiguous_one_is_refused(client, book):
    first, second = book.loan(), book.loan()
    _import(book, [Credit("1500.00", D(2025, 2, 3), payer_iban=UNKNOWN_PAYER)])
    line = BankLine.objects.get(fund=book.fund)
    client.force_login(book.requester)
    data = {"part_loan": [str(first.pk), str(second.pk)], "part_amount": ["1.000,00", "500.000"], "value_date": ""}
    # "500.000" on an English page could be 500 or 500000: refused with a message, nothing posted, no error page
    response = _post(client, "bank_line_split", line.pk, data)
    assert any(m.startswith("Split: ") and "two ways" in m for m in _messages(response))
    assert _repayments(first) == [] and _repayments(second) == []
    data["part_amount"] = ["1,000.00", "500"]
    _post(client, "bank_line_split", line.pk, data)
    assert _repayments(first) == [(D(2025, 2, 3), Decimal("1000.00"))]
    assert _repayments(second) == [(D(2025, 2, 3), Decimal("500.00"))]
