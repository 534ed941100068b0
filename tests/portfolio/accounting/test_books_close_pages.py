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


def test_the_second_manager_reads_and_approves_a_rate_change_and_a_reopening_on_the_approvals_page(
    client, settings, quarter
):
    fund, *_ = quarter
    requester = factories.user(Role.FUND_MANAGER, fund=fund)
    approver = factories.user(Role.FUND_MANAGER, fund=fund)
    client.force_login(requester)
    rates = {"rate_current": "2", "rate_1-30": "3", "rate_31-60": "10", "rate_61-90": "25", "rate_91-180": "50"}
    client.post(
        reverse("portfolio:provision_rates_request", args=[fund.slug]),
        {**Q1, **rates, "rate_>180": "100", "reason": "Auditor's advice"},
    )
    change = PendingChange.objects.get(fund=fund, kind="portfolio.provision_rates")
    client.force_login(approver)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(reverse("fund:change_detail", args=[change.pk])).content.decode()
    assert "Percentages voorziening oninbare leningen" in page and "1,00 %" in page and "2,00 %" in page
    client.post(reverse("fund:change_approve", args=[change.pk]))
    change.refresh_from_db()
    assert change.state == "approved", change.state
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("portfolio:books_close", args=[fund.slug]) + "?start=2025-01-01&end=2025-03-31")
    html = page.content.decode()
    assert 'name="rate_current" value="2.00"' in html, html[html.find('name="rate_current"') - 50 :][:200]
