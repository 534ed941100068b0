"""Opening a page writes nothing: the portfolio dashboard and the loan page read the loans' snapshots as they are.

Missing snapshots are taken by the nightly job, or by the dashboard's "bring up to date" button (a POST), after which
the page comes back with the figures.

The book: one loan of 12,000 at 0 % over 12 months, paid out on 1 Jan 2025, 1,000 due on the 1st from 1 Feb, paid
Feb–Jun on time. On 30 Jun 2025 its outstanding principal is 12,000 − 5 × 1,000 = 7,000.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.models import LoanSnapshot

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def paying_loan(book):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    for month in (2, 3, 4, 5, 6):
        book.pay(loan, D(2025, month, 1))
    return loan


def outstanding_on_the_dashboard(page: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r'<dd data-testid="outstanding">(.*?)</dd>', page, re.S).group(1))


def test_opening_the_portfolio_dashboard_writes_nothing(client, book, paying_loan):
    client.force_login(book.requester)
    url = reverse("portfolio:portfolio_dashboard", args=[book.fund.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"as_of": "2025-06-30"}, **EN)
    assert response.status_code == 200
    assert writes(queries) == []
    assert not LoanSnapshot.objects.filter(loan=paying_loan).exists()


def test_the_dashboard_says_as_of_when_and_which_loans_have_no_snapshot_yet(client, book, paying_loan):
    client.force_login(book.requester)
    url = reverse("portfolio:portfolio_dashboard", args=[book.fund.slug])
    page = client.get(url, {"as_of": "2025-06-30"}, **EN).content.decode()
    assert "Figures as of 2025-06-30" in page
    notice = re.search(r'<form[^>]*data-testid="snapshots-missing".*?</form>', page, re.S).group(0)
    assert "1 loan has no snapshot yet" in notice
    assert 'method="post"' in notice and "Bring up to date" in notice
    assert "7,000.00" not in outstanding_on_the_dashboard(page)  # the loan is left out until it has a snapshot


def test_bringing_the_dashboard_up_to_date_takes_the_snapshots_and_shows_the_figures(client, book, paying_loan):
    client.force_login(book.requester)
    response = client.post(reverse("portfolio:portfolio_update", args=[book.fund.slug]), {"as_of": "2025-06-30"})
    dashboard = reverse("portfolio:portfolio_dashboard", args=[book.fund.slug])
    assert response.status_code == 302 and response["Location"] == dashboard + "?as_of=2025-06-30"
    # the twelve month ends up to 30 Jun 2025; the loan was paid out on 1 Jan, so it has one on the last six
    assert LoanSnapshot.objects.filter(loan=paying_loan).count() == 6
    page = client.get(response["Location"], **EN).content.decode()
    assert "7,000.00" in outstanding_on_the_dashboard(page)
    assert 'data-testid="snapshots-missing"' not in page


def test_bringing_the_dashboard_up_to_date_is_a_post_for_the_funds_managers(client, book, demo):
    url = reverse("portfolio:portfolio_update", args=[book.fund.slug])
    client.force_login(book.requester)
    assert client.get(url).status_code == 405
    client.force_login(demo.coinvestor)
    assert client.post(url).status_code in (403, 404)


def test_opening_the_loan_page_writes_nothing(client, book, paying_loan):
    client.force_login(book.requester)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portfolio:loan_detail", args=[paying_loan.pk]), **EN)
    assert response.status_code == 200
    assert b'data-testid="ledger"' in response.content
    assert writes(queries) == []
    assert not LoanSnapshot.objects.filter(loan=paying_loan).exists()
