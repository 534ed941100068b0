"""The loan tape download reads the loans' snapshots as they are: it writes nothing, and says as of which day its
figures are and which loans it leaves out for want of a snapshot.

The book: two loans of 12,000 at 0 % over 12 months, paid out on 1 January 2025, nothing repaid; the first has a
snapshot of 30 June 2025 (outstanding 12,000, 5 × 1,000 overdue since 1 February: 149 days past due), the second none.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.models import LoanSnapshot
from portfolio.services.arrears import snapshots_take
from tests import factories
from tests.portfolio.servicing.test_no_writes_on_get import writes  # the INSERT/UPDATE/DELETE statements captured

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def book(db):
    fund = factories.fund()
    requester, approver = (factories.user("fund_manager", fund=fund) for _ in range(2))
    loans = [
        factories.loan(
            fund=fund,
            organisation=factories.organisation(legal_name=name),
            requester=requester,
            approver=approver,
            disbursed_on=D(2025, 1, 1),
        )
        for name in ("Met Momentopname B.V.", "Zonder Momentopname B.V.")
    ]
    snapshots_take(fund=fund, dates=[D(2025, 6, 30)])  # as the nightly job did that night, when only the first existed
    LoanSnapshot.objects.filter(loan=loans[1]).delete()
    return fund, requester, loans


def test_downloading_the_loan_tape_writes_nothing_and_says_as_of_when(client, book):
    fund, manager, (with_snapshot, without_snapshot) = book
    client.force_login(manager)
    url = reverse("portfolio:loan_tape_xlsx", args=[fund.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"as_of": "2025-06-30"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert writes(queries) == []
    assert not LoanSnapshot.objects.filter(loan=without_snapshot).exists()
    workbook = load_workbook(io.BytesIO(response.content))
    tape, about = workbook.worksheets
    header, *rows = list(tape.iter_rows(values_only=True))
    outstanding = header.index("Outstanding")
    assert [(r[0], Decimal(str(r[outstanding]))) for r in rows] == [(with_snapshot.reference, Decimal("12000"))]
    lines = [row[0] for row in about.iter_rows(values_only=True)]
    assert lines[0] == f"Loan tape of {fund.name} as of 2025-06-30"
    assert "1 loan paid out by then has no snapshot of that day and is not on the tape" in lines[2]
    assert workbook.properties.title == lines[0]


def test_the_tape_in_dutch_says_as_of_the_dutch_way_and_all_loans_once_brought_up_to_date(client, book):
    fund, manager, loans = book
    client.force_login(manager)
    client.post(reverse("portfolio:portfolio_update", args=[fund.slug]), {"as_of": "2025-06-30"})  # the POST writes
    response = client.get(reverse("portfolio:loan_tape_xlsx", args=[fund.slug]), {"as_of": "2025-06-30"})
    tape, about = load_workbook(io.BytesIO(response.content)).worksheets
    assert [row[0] for row in tape.iter_rows(min_row=2, values_only=True)] == sorted(loan.reference for loan in loans)
    lines = [row[0] for row in about.iter_rows(values_only=True)]
    assert lines[0] == f"Leningenoverzicht van {fund.name} per 30-06-2025"
    assert lines[2] == "Elke lening die toen was uitbetaald staat in het overzicht."
