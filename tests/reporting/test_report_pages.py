"""The reports pages as a fund manager reads them: which language a document is in, runs newest first, named by the
fund's name and labelled with the period the report itself covers."""

import re

import pytest
from django.urls import reverse

from reporting.models import ReportRun
from reporting.services import report_document_produce, report_run_prepare, report_run_request
from tests import factories

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


@pytest.fixture
def funds(db):
    """SIF Maasstad (Rotterdam) and SIF Kennemerland (Haarlem and Velsen), one manager for both."""
    return factories.fund(name="SIF Maasstad"), factories.fund(
        name="SIF Kennemerland", region_codes=("GM0392", "GM0453")
    )


@pytest.fixture
def manager(funds):
    maasstad, kennemerland = funds
    return factories.role_in(factories.user("fund_manager", fund=maasstad), "fund_manager", fund=kennemerland)


def _produce(fund, report_type: str, language: str, period: str = "2026Q3") -> ReportRun:
    run = report_run_request(fund=fund, report_type=report_type, period=period, requested_by=None, language=language)
    for document_id in report_run_prepare(run_id=run.pk):
        report_document_produce(document_id=document_id)
    return run


def _rows(html: str, tbody_id: str) -> list[str]:
    body = html.split(tbody_id, 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", row) for row in body.split("<tr")[1:]]


def test_the_reports_list_says_which_language_each_document_is_in(client, funds, manager):
    kennemerland = funds[1]
    dutch = _produce(kennemerland, "impact", "nl").documents.get()
    english = _produce(kennemerland, "impact", "en").documents.get()
    client.force_login(manager)
    page = client.get(reverse("reporting:document_list"), **EN).content.decode()
    languages = re.findall(r'data-testid="language">([^<]+)<', page)
    assert sorted(languages[:2]) == ["English", "Nederlands"]
    # the yearly impact report covers the year: it is labelled "2026", not "2026Q3"
    assert re.findall(r'data-testid="period">([^<]+)<', page)[:2] == ["2026", "2026"]
    names = {
        document.run.language: client.get(reverse("reporting:document_download", args=[document.pk]))[
            "Content-Disposition"
        ]
        for document in (dutch, english)
    }
    # the two documents once downloaded under the same name
    assert names["nl"] == 'attachment; filename="sif-kennemerland-2026Q3-impact-fund-nl-v1.pdf"'
    assert names["en"] == 'attachment; filename="sif-kennemerland-2026Q3-impact-fund-en-v1.pdf"'


def test_report_runs_are_listed_newest_first_by_fund_name_and_their_own_period(client, funds, manager):
    maasstad, kennemerland = funds
    report_run_request(fund=maasstad, report_type="investor", period="2026Q2", requested_by=None)
    report_run_request(fund=kennemerland, report_type="impact", period="2026Q3", requested_by=None, language="en")
    client.force_login(manager)
    dutch = _rows(client.get(reverse("reporting:run_list"), **NL).content.decode(), 'id="run-rows"')
    english = _rows(client.get(reverse("reporting:run_list"), **EN).content.decode(), 'id="run-rows"')
    # newest first: the impact run requested last heads the list
    assert "Yearly impact report" in english[0] and "SIF Kennemerland" in english[0] and " 2026 " in english[0]
    assert "English" in english[0]
    assert "SIF Maasstad" in english[1] and "Q2 2026" in english[1] and "Nederlands" in english[1]
    assert "2e kwartaal 2026" in dutch[1]
    assert "sif-maasstad" not in " ".join(english) and "2026Q2" not in " ".join(english)


def test_a_queued_run_is_announced_by_fund_name_and_period(client, funds, manager):
    client.force_login(manager)
    response = client.post(
        reverse("reporting:run_list"),
        {"fund": "sif-maasstad", "report_type": "investor", "period": "2026Q3", "language": "en"},
        follow=True,
        **EN,
    )
    assert "Queued: Quarterly investor report · SIF Maasstad · Q3 2026." in response.content.decode()
