"""The loan page from contract signing on: the contracted schedule before any money moved, the guarantees of the
contract, and who requested and who approved each tranche."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from demo.historic import historic_loan_create
from portfolio.services.disbursement import tranche_approve, tranche_confirm, tranche_request

D = datetime.date


def _page(client, loan, language: str = "en") -> str:
    response = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def _table(page: str, testid: str) -> list[list[str]]:
    """The body rows of the table with `data-testid`, as cell texts."""
    start = page.index(f'data-testid="{testid}"')
    body = page[page.index("<tbody>", start) : page.index("</tbody>", start)]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_loan_page_shows_the_contracted_schedule_before_the_first_disbursement(client, book, demo):
    # 12,000 at 0 % over 12 months, paid out on 1 Jan 2025: twelve installments of 1,000.00 from 1 Feb 2025
    loan = book.loan(disburse=False, disbursed_on=D(2025, 1, 1))
    client.force_login(book.requester)
    page = _page(client, loan)
    rows = _table(page, "contract-schedule")
    assert len(rows) == 12
    assert rows[0] == ["1", "2025-02-01", "€1,000.00", "€0.00", "€1,000.00", "€11,000.00"]
    assert rows[-1] == ["12", "2026-01-01", "€1,000.00", "€0.00", "€1,000.00", "€0.00"]
    assert "Contracted schedule" in page and "paid out in full on 2025-01-01" in page
    # and in Dutch, with Dutch amounts
    dutch = _page(client, loan, "nl")
    assert "Gecontracteerd aflossingsschema" in dutch and "1.000,00" in dutch


def test_the_contracted_schedule_gives_way_to_the_loan_schedule_at_the_first_disbursement(client, book):
    loan = book.loan(disburse=False, disbursed_on=D(2025, 1, 1))
    tranche = tranche_request(actor=book.requester, loan=loan, amount=Decimal("12000"), planned_date=D(2025, 1, 1))
    tranche_approve(actor=book.approver, tranche=tranche)
    tranche_confirm(actor=book.approver, tranche=tranche, paid_on=D(2025, 1, 1))
    client.force_login(book.requester)
    page = _page(client, loan)
    assert 'data-testid="contract-schedule"' not in page
    assert len(_table(page, "schedule")) == 12


def test_guarantees_entered_in_the_contract_are_shown_on_the_loan_page(client, book):
    loan = historic_loan_create(
        fund=book.fund,
        organisation=book.organisation,
        reference="TEST-GUARANTEE",
        amount=Decimal("20000"),
        rate=Decimal("3"),
        term_months=24,
        approved_on=D(2025, 1, 1),
    )
    client.force_login(book.requester)
    response = client.post(
        reverse("portfolio:contract_sign", args=[loan.pk]),
        {
            "signed_on": "2025-01-10",
            "planned_disbursement_date": "2025-01-15",
            "first_due_date": "2025-02-15",
            "borrower_iban": "NL91 ABNA 0417 1643 00",
            "security": "Pandrecht op inventaris",
            "guarantees": "Borgstelling van de bestuurders tot 10 % van de hoofdsom",
            "allocation": "penalties_fees_interest_principal",
            "prepayment": "reduce_installment",
        },
    )
    assert response.status_code == 302
    page = _page(client, loan)
    assert 'data-testid="guarantees">Borgstelling van de bestuurders tot 10 % van de hoofdsom</dd>' in page
    assert "Pandrecht op inventaris" in page
    # 20,000 at 3 % over 24 months: the contracted schedule shows from signing, 24 installments
    assert len(_table(page, "contract-schedule")) == 24


def test_the_tranche_table_names_who_requested_and_who_approved(client, book):
    loan = book.loan(amount="100000", disburse=False)
    first = tranche_request(actor=book.requester, loan=loan, amount=Decimal("60000"), planned_date=D(2025, 1, 1))
    tranche_approve(actor=book.approver, tranche=first)
    tranche_request(actor=book.approver, loan=loan, amount=Decimal("40000"), planned_date=D(2025, 3, 1))
    client.force_login(book.requester)
    page = _page(client, loan)
    header = page[page.index('data-testid="tranches"') : page.index("</thead>", page.index('data-testid="tranches"'))]
    assert "Requested by" in header and "Approved by" in header
    rows = _table(page, "tranches")
    # the demo's managers: Mehmet Manager requested the first, Marieke Tweede Beheerder approved it and asked the second
    assert rows[0][4].startswith(str(book.requester)) and rows[0][5].startswith(str(book.approver))
    assert str(book.requester) == "Mehmet Manager" and str(book.approver) == "Marieke Tweede Beheerder"
    assert rows[1][4].startswith("Marieke Tweede Beheerder") and rows[1][5] == "—"
