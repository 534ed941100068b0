"""The period end and close page: the checklist in the reader's language, running the period end, closing with a
note when bank statements are missing, asking to reopen."""

import pytest
from django.urls import reverse

from fund.choices import Role
from fund.models import PendingChange
from portfolio.accounting.period_models import ClosedPeriod, ClosedPeriodStatus
from tests import factories

pytestmark = pytest.mark.django_db
Q1 = {"start": "2025-01-01", "end": "2025-03-31"}


def test_a_manager_runs_the_period_end_and_closes_the_quarter_from_the_page(client, settings, quarter):
    fund, *_ = quarter
    client.force_login(factories.user(Role.FUND_MANAGER, fund=fund))
    page_url = reverse("portfolio:books_close", args=[fund.slug]) + "?start=2025-01-01&end=2025-03-31"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(page_url).content.decode()
    assert "Controlelijst voor 1e kwartaal 2025" in page and "periode-einde niet uitgevoerd" in page
    assert client.get(reverse("portfolio:books_period_end", args=[fund.slug])).status_code == 405
    client.post(reverse("portfolio:books_period_end", args=[fund.slug]), Q1)
    # on 31 March both loans are 30 days past due (the 1 March installments are unpaid): 3 % of
    # A 11,000.00 = 330.00 and of B 11,053.81 = 331.61 (331.6143): allowance 661.61
    page = client.get(page_url).content.decode()
    assert "voorziening 661,61" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "allowance 661.61" in client.get(page_url).content.decode()
    # no bank statement imported: closing needs a note saying why
    response = client.post(reverse("portfolio:books_period_close", args=[fund.slug]), Q1, follow=True)
    assert "cannot be closed yet" in response.content.decode()
    assert not ClosedPeriod.objects.filter(fund=fund).exists()
    client.post(reverse("portfolio:books_period_close", args=[fund.slug]), {**Q1, "note": "Bank kept elsewhere"})
    closed = ClosedPeriod.objects.get(fund=fund)
    assert closed.status == ClosedPeriodStatus.CLOSED
    client.post(reverse("portfolio:books_period_reopen", args=[fund.slug, closed.pk]), {"reason": "Late invoice"})
    assert PendingChange.objects.filter(fund=fund, kind="portfolio.books_period_reopen").exists()
    closed.refresh_from_db()
    assert closed.status == ClosedPeriodStatus.CLOSED  # until a second manager approves
