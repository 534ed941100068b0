"""The books pages: statements in the reader's language with a fixed number of queries, posting on demand, and the
fund's own account numbers, audited."""

import datetime
from decimal import Decimal

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


def test_a_manual_entry_is_posted_only_when_a_second_manager_approves_it(client, settings, quarter):
    from fund.errors import FourEyesError
    from fund.models import PendingChange
    from fund.services.approvals import change_approve
    from portfolio.accounting.selectors import Period, trial_balance

    fund, *_ = quarter
    requester, approver = _manager(fund), _manager(fund)
    costs = Account.objects.get(fund=fund, role="operating_costs")
    bank = Account.objects.get(fund=fund, role="bank")
    client.force_login(requester)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portfolio:manual_entry_request", args=[fund.slug])
    form = {
        "value_date": "2025-03-10",
        "description": "Accountantskosten Q1",
        "reason": "Factuur 2025-017",
        "line-1-account": costs.pk,
        "line-1-debit": "1,250.00",  # typed on an English page
        "line-2-account": bank.pk,
        "line-2-credit": "1,250.00",
    }
    # an entry whose sides differ is refused, naming the lines
    page = client.post(url, form | {"line-2-credit": "1,200.00"}, follow=True).content.decode()
    assert not PendingChange.objects.filter(fund=fund, kind="portfolio.manual_journal_entry").exists()
    assert "Debits (1,250.00) and credits (1,200.00) must be equal." in page
    client.post(url, form)
    change = PendingChange.objects.get(fund=fund, kind="portfolio.manual_journal_entry")
    assert not JournalEntry.objects.filter(fund=fund, source_type="manual").exists()
    with pytest.raises(FourEyesError):
        change_approve(actor=requester, change=change)
    change_approve(actor=approver, change=change)
    entry = JournalEntry.objects.get(fund=fund, source_type="manual")
    assert (entry.journal, entry.value_date, entry.posted_by) == ("MEM", D(2025, 3, 10), approver)
    books_post(fund=fund, up_to=D(2025, 3, 31))
    closing = {r.number: r.closing for r in trial_balance(fund=fund, period=Period(D(2025, 1, 1), D(2025, 3, 31))).rows}
    # operating costs 1,250.00; bank 3,116.19 − 1,250.00 = 1,866.19
    assert (closing["4000"], closing["1100"]) == (Decimal("1250.00"), Decimal("1866.19"))
