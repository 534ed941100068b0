"""The books pages: statements in the reader's language with a fixed number of queries, posting on demand, and the
fund's own account numbers, audited."""

import datetime

import pytest
from django.urls import reverse

from fund.choices import Role
from fund.models import AuditEvent
from portfolio.accounting.models import Account, JournalEntry
from portfolio.accounting.services import books_post
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def _manager(fund):
    return factories.user(Role.FUND_MANAGER, fund=fund)


def test_the_books_page_shows_the_quarter_in_dutch_and_english_with_a_fixed_number_of_queries(
    client, settings, quarter, django_assert_max_num_queries
):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    client.force_login(_manager(fund))
    url = reverse("portfolio:books", args=[fund.slug]) + "?start=2025-01-01&end=2025-03-31"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    # debits = credits = 176,116.19 (see test_books_posting); assets 25,170.00; result 170.00
    assert "176.116,19" in page and "25.170,00" in page and "170,00" in page
    assert "Proefbalans" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "176,116.19" in page and "Trial balance" in page


def test_a_manager_posts_the_books_from_the_page_and_a_second_post_adds_nothing(client, quarter):
    fund, *_ = quarter
    client.force_login(_manager(fund))
    url = reverse("portfolio:books_post", args=[fund.slug])
    client.post(url, {"up_to": "2025-03-31"})
    numbered = JournalEntry.objects.filter(fund=fund, number__isnull=False).count()
    assert numbered == 7
    client.post(url, {"up_to": "2025-03-31"})
    assert JournalEntry.objects.filter(fund=fund, number__isnull=False).count() == numbered
    assert client.get(url).status_code == 405  # never a write on GET


def test_a_manager_renumbers_an_account_and_the_change_is_audited(client, quarter):
    fund, *_ = quarter
    client.force_login(_manager(fund))
    bank = Account.objects.get(fund=fund, role="bank")
    url = reverse("portfolio:chart_of_accounts", args=[fund.slug])
    client.post(url, {"account": bank.pk, "number": "1010"})
    bank.refresh_from_db()
    assert bank.number == "1010"
    event = AuditEvent.objects.filter(action="books.account_number_changed").latest("id")
    assert event.changes["number"] == ["1100", "1010"]
    # another account's number is refused, naming the field
    interest = Account.objects.get(fund=fund, role="interest_income")
    page = client.post(url, {"account": interest.pk, "number": "1010"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    interest.refresh_from_db()
    assert interest.number == "8000"
    assert "Account 1010 exists already in this fund." in page.content.decode()
