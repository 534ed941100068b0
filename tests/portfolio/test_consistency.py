"""The same conventions on every page: one reference format, newest first, destructive actions marked and confirmed,
the fund page leading to its portfolio, drill-downs that open at their table, and charts with axes and legends."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.models import Fund
from portfolio.choices import LoanStatus
from portfolio.models import Application, Loan
from tests.portfolio.conftest import new_application

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
REFERENCE = re.compile(r"^(?P<code>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<number>\d{3})$")


def test_new_applications_of_every_fund_get_one_reference_format(demo):
    year = timezone.localdate().year
    rotterdam = [new_application(demo) for _i in range(2)]
    zkij = new_application(demo, fund=demo.zkij_fund)
    references = [a.reference for a in (*rotterdam, zkij)]
    # FUNDCODE-YYYY-NNN: the fund's short name, the year, a number per fund and year
    assert all(REFERENCE.match(r) for r in references), references
    first = int(REFERENCE.match(references[0])["number"])
    assert references[:2] == [f"SIF-ROTTERDAM-{year}-{first:03d}", f"SIF-ROTTERDAM-{year}-{first + 1:03d}"]
    assert REFERENCE.match(references[2])["code"] == "SIF-ZKIJ" and REFERENCE.match(references[2])["year"] == str(year)


def test_a_deleted_draft_never_makes_the_next_reference_collide(demo):
    _first, second, third = (new_application(demo) for _i in range(3))
    Application.objects.filter(pk=second.pk).delete()
    # numbered by count, the next would have reused the third's number (two left, so "3") and failed as a duplicate
    following = new_application(demo)
    number = int(REFERENCE.match(third.reference)["number"])
    assert following.reference == re.sub(r"\d{3}$", f"{number + 1:03d}", third.reference)


def test_a_long_fund_name_still_fits_the_loan_reference(demo):
    fund = demo.rotterdam_fund
    Fund.objects.filter(pk=fund.pk).update(slug="sif-zuid-kennemerland-en-ijmond")
    fund.refresh_from_db()
    application = new_application(demo, fund=fund)
    # "L-" + reference is the loan's reference, at most 30 characters
    assert len("L-" + application.reference) <= 30 and REFERENCE.match(application.reference)
    assert application.reference.startswith("SIF-ZUID-KENNEMERLA-")  # the short name cut to its first 19 characters


def test_the_loan_list_shows_the_newest_approval_first(client, demo):
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:loan_list"), **EN).content.decode()
    shown = re.findall(r'<td data-testid="approved">([^<]*)</td>', page)
    dates = [datetime.date.fromisoformat(d) for d in shown]  # English pages write dates as 2026-12-06
    expected = sorted(
        (loan.approved_at for loan in Loan.objects.filter(fund__in=[demo.rotterdam_fund, demo.zkij_fund])),
        reverse=True,
    )
    assert len(dates) == len(expected) > 5
    assert dates == sorted(dates, reverse=True)  # newest first, whatever the fund or reference


def test_a_members_capital_movements_are_listed_newest_first(client, demo):
    from fund.models import Member

    member = Member.objects.filter(fund=demo.zkij_fund).order_by("pk").first()
    client.force_login(demo.manager)
    movements = client.get(reverse("fund:member_detail", args=[member.pk]), **EN).context["movements"]
    dates = [m.value_date for m in movements]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)


def test_writing_off_a_loan_is_a_red_button_that_asks_first(client, demo):
    loan = Loan.objects.filter(fund=demo.rotterdam_fund, status=LoanStatus.ACTIVE).order_by("reference").first()
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), **EN).content.decode()
    form = re.search(r'<form[^>]*data-testid="write-off-form"[^>]*>.*?</form>', page, re.S).group(0)
    # hx-confirm asks before the POST (htmx, no inline script); the button is styled as destructive; since four eyes
    # the form asks for the write-off, which another manager approves
    assert f'hx-confirm="Ask to write off loan {loan.reference}?' in form and "cannot be undone" in form
    assert 'class="btn danger"' in form


def test_withdrawing_an_application_is_a_red_button_that_asks_first(client, demo):
    application = new_application(demo)
    client.force_login(demo.investee)
    page = client.get(reverse("portfolio:application_detail", args=[application.pk]), **NL).content.decode()
    form = re.search(r'<form[^>]*data-testid="withdraw-form"[^>]*>.*?</form>', page, re.S).group(0)
    assert "hx-confirm=" in form and application.reference in form and 'class="btn danger"' in form
    assert "<script" not in form


def test_the_fund_page_leads_to_its_portfolio_dashboard(client, demo):
    client.force_login(demo.manager)
    page = client.get(reverse("fund:fund_detail", args=["sif-rotterdam"]), **EN).content.decode()
    assert f'href="{reverse("portfolio:portfolio_dashboard", args=["sif-rotterdam"])}"' in page
    client.force_login(demo.coinvestor)  # the dashboard is the managers': no link where it would be refused
    assert (
        'data-testid="portfolio-dashboard"'
        not in client.get(reverse("fund:fund_detail", args=["sif-zkij"])).content.decode()
    )


def test_a_drill_down_opens_at_its_table_under_a_heading_in_words(client, demo):
    client.force_login(demo.manager)
    url = reverse("portfolio:portfolio_dashboard", args=["sif-rotterdam"])
    page = client.get(url, **EN).content.decode()
    links = re.findall(r'href="(\?as_of=[^"]*(?:bucket|par)=[^"]*)"', page)
    assert links and all(link.endswith("#loans") for link in links)  # the browser scrolls to the loans table
    drilled = client.get(url, {"bucket": "31-60"}, **EN).content.decode()
    heading = re.search(r'<h2 id="loans"[^>]*>([^<]*)</h2>', drilled).group(1)
    assert heading == "Loans · 31–60 days past due"  # once "Loans · 31-60", the bucket's code
    par = client.get(url, {"par": "par30"}, **NL).content.decode()
    assert "meer dan 30 dagen achterstand (PAR30)" in re.search(r'<h2 id="loans"[^>]*>([^<]*)</h2>', par).group(1)


def test_dashboard_charts_have_axes_and_legends(client, demo):
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:portfolio_dashboard", args=["sif-rotterdam"]), **NL).content.decode()
    for testid in ("chart-outstanding", "chart-par", "chart-aging"):
        chart = re.search(rf'<svg[^>]*data-testid="{testid}".*?</svg>', page, re.S).group(0)
        assert 'data-axis="y"' in chart and 'data-axis="x"' in chart
        assert re.search(r'data-axis-label="zero">0', chart) and re.search(r'data-axis-label="top">[\d.]+', chart)
        assert re.search(r'<g data-testid="legend">.*<text[^>]*>[^<]+</text>', chart, re.S)
    par = re.search(r'<svg[^>]*data-testid="chart-par".*?</svg>', page, re.S).group(0)
    assert ">PAR30</text>" in par and ">PAR90</text>" in par  # one key per line


def test_impact_dashboard_charts_have_axes_and_a_legend(client, demo):
    client.force_login(demo.manager)
    page = client.get(reverse("impact:fund_dashboard", args=["sif-rotterdam"]), {"year": 2026}, **NL).content.decode()
    bars = re.findall(r'<svg class="bar".*?</svg>', page, re.S)
    trends = re.findall(r'<svg class="trend".*?</svg>', page, re.S)
    assert bars and trends
    assert all('data-axis="x"' in svg and ">0</text>" in svg for svg in bars)
    assert all('data-axis="y"' in svg for svg in trends)
    # axis labels in Dutch: "341,4", never "341.4"
    assert not any(re.search(r">\d+\.\d{1,2}</text>", svg) for svg in bars + trends)
    assert 'data-testid="chart-legend"' in page


def test_dashboard_charts_draw_on_dutch_pages_where_a_decimal_comma_would_break_the_coordinates(client, demo):
    # SVG coordinates are machine numbers: a Dutch page must not write "75,5" into an x, y, width or height
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:portfolio_dashboard", args=["sif-rotterdam"]), **NL).content.decode()
    charts = re.findall(r'<svg class="chart".*?</svg>', page, re.S)
    assert len(charts) == 3
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', "".join(charts))
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
    bars = re.findall(r"<rect [^>]*>", charts[2])
    assert bars, "the aging chart draws its bars"


def test_a_loans_rate_reads_with_two_decimals_in_the_pages_language(client, demo):
    from portfolio.models import Loan

    loan = Loan.objects.filter(fund=demo.rotterdam_fund, annual_interest_rate=Decimal("3.5")).first()
    client.force_login(demo.manager)
    url = reverse("portfolio:loan_detail", args=[loan.pk])
    nl = client.get(url, **NL).content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the stored 3.500 (three places) reads "3,50 %" / "3.50 %", like every rate column in the reports
    assert re.search(r'data-testid="loan-rate">3,50\xa0%<', nl)
    assert re.search(r'data-testid="loan-rate">3\.50\xa0%<', en)
