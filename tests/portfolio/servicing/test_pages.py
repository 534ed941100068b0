"""Servicing pages: the dashboard's fixed number of queries (a small fund and 2,000 loans), the loan page and the
investee's statement, the bank upload with its reconciliation queue."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolio.choices import LoanStatus
from portfolio.models import AgendaItem, Application, ICDecision, LedgerEntry, Loan, LoanSnapshot
from portfolio.services.arrears import month_ends
from tests.portfolio.servicing.camt import Credit, camt053

D = datetime.date


def bulk_loans(book, count: int) -> None:
    """`count` active loans with a disbursement and a snapshot on each dashboard date, written in bulk."""
    template = book.loan(disburse=True)
    application, decision = template.application, template.decision
    today = timezone.localdate()
    dates = month_ends(today, 12)
    apps = Application.objects.bulk_create(
        Application(
            reference=f"BULK-{i}",
            fund=book.fund,
            organisation=application.organisation,
            status="approved",
            amount_requested=Decimal("12000"),
            purpose="x",
            term_months=12,
            instrument="senior_loan",
        )
        for i in range(count)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=decision.item.meeting, application=a, status="decided") for a in apps
    )
    decisions = ICDecision.objects.bulk_create(
        ICDecision(
            item=item,
            application=a,
            outcome="approved",
            amount=Decimal("12000"),
            reasons="x",
            votes_for=3,
            votes_against=0,
            abstentions=0,
            members_counted=3,
            quorum_required=2,
            decided_at=decision.decided_at,
        )
        for item, a in zip(items, apps, strict=True)
    )
    loans = Loan.objects.bulk_create(
        Loan(
            reference=f"L-BULK-{i}",
            fund=book.fund,
            organisation=application.organisation,
            application=a,
            decision=d,
            status=LoanStatus.ACTIVE,
            instrument="senior_loan",
            principal=Decimal("12000"),
            annual_interest_rate=Decimal("4"),
            term_months=12,
            approved_at=decision.decided_at,
        )
        for i, (a, d) in enumerate(zip(apps, decisions, strict=True))
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            loan=loan,
            entry_type="disbursement",
            value_date=dates[0] - datetime.timedelta(days=40),
            booking_date=dates[0],
            amount=Decimal("12000"),
        )
        for loan in loans
    )
    LoanSnapshot.objects.bulk_create(
        LoanSnapshot(
            loan=loan,
            fund=book.fund,
            as_of=day,
            status="active",
            outstanding_principal=Decimal("6000"),
            arrears=Decimal(i % 7 * 100),
            days_past_due=i % 7 * 20,
            bucket="current" if i % 7 == 0 else "1-30",
            disbursed=Decimal("12000"),
            principal_repaid=Decimal("6000"),
            income_received=Decimal("100"),
            written_off_principal=Decimal(0),
            recovered=Decimal(0),
            annual_interest_rate=Decimal("4"),
        )
        for i, loan in enumerate(loans)
        for day in dates
    )


def dashboard_queries(client, book) -> tuple[int, int]:
    client.force_login(book.requester)
    url = reverse("portfolio:portfolio_dashboard", args=[book.fund.slug])
    # pages write nothing on GET (issue 11): the snapshots that are missing are taken by "bring up to date"
    client.post(reverse("portfolio:portfolio_update", args=[book.fund.slug]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + "?par=par30")
    assert response.status_code == 200
    return len(queries), response


def test_dashboard_runs_a_fixed_number_of_queries(client, book):
    for _ in range(3):
        book.loan(disbursed_on=D(2025, 1, 1))
    small, response = dashboard_queries(client, book)
    assert b"chart-outstanding" in response.content
    bulk_loans(book, 2000)
    large, response = dashboard_queries(client, book)
    assert b"L-BULK-1999" in response.content or b"L-BULK-" in response.content
    print(f"dashboard queries: {small} (3 loans), {large} (2,003 loans)")
    assert small == large


def test_manager_posts_a_payment_and_the_investee_reads_it_on_its_statement(client, book, demo):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    client.force_login(book.requester)
    response = client.post(
        reverse("portfolio:repayment_post", args=[loan.pk]), {"value_date": "2025-02-01", "amount": "1000,00"}
    )
    assert response.status_code == 302
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk]))
    assert b'data-testid="ledger"' in page.content
    pdf = client.get(reverse("reporting:loan_statement_pdf", args=[loan.pk]) + "?as_of=2025-02-15")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bank_upload_page_queues_an_unknown_payer(client, book):
    book.loan()
    client.force_login(book.requester)
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = camt053("NL91ABNA0417164300", [Credit("75.00", D(2025, 3, 1), payer_iban="NL02ABNA0123456789")])
    url = reverse("portfolio:bank_statements", args=[book.fund.slug])
    client.post(url, {"file": SimpleUploadedFile("march.xml", content)})
    page = client.get(url)
    assert page.content.count(b'data-testid="queued-line"') == 1
