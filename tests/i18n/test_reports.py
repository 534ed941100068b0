"""Dutch reports read in Dutch: metric names, labels instead of codes, decimal commas."""

from pprint import pformat

import pytest
from django.core.files.storage import default_storage

from impactmetrics.models import Metric
from reporting.services import report_document_produce, report_run_prepare, report_run_request
from tests.i18n.crawl import ENGLISH_DECIMAL, find_words, raw_choice_values
from tests.reporting.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _documents(fund, report_type: str, period: str) -> list:
    run = report_run_request(fund=fund, report_type=report_type, period=period, requested_by=None, language="nl")
    for document_id in report_run_prepare(run_id=run.pk):
        report_document_produce(document_id=document_id)
    return [d for d in run.documents.all() if d.file]


@pytest.mark.parametrize(
    ("fund_slug", "report_type", "period"),
    [
        ("sif-rotterdam", "investor", "2026Q3"),
        ("sif-zkij", "municipality", "2026Q3"),
        ("sif-rotterdam", "impact", "2025Q4"),
        ("sif-rotterdam", "statement", "2026Q3"),
    ],
)
def test_a_dutch_report_names_metrics_in_dutch_and_shows_labels_not_codes(demo, fund_slug, report_type, period):
    fund = demo.rotterdam_fund if fund_slug == "sif-rotterdam" else demo.zkij_fund
    codes = raw_choice_values()
    english_names = {m.name for m in Metric.objects.all() if m.name != m.name_nl}
    found = {}
    for document in _documents(fund, report_type, period)[:3]:
        text = " ".join(pdf_text(default_storage.path(document.file.name)).split())
        problems = {
            "raw choice values": find_words(codes, text),
            "English metric names": sorted(name for name in english_names if name in text),
            # with the text around each, to find where it comes from
            "decimal points": sorted(
                {text[max(m.start() - 40, 0) : m.end() + 5] for m in ENGLISH_DECIMAL.finditer(text)}
            ),
        }
        problems = {kind: found for kind, found in problems.items() if found}
        if problems:
            found[document.recipient_key] = problems
    assert found == {}, pformat(found)
