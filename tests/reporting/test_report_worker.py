"""The report pipeline with real Celery worker processes on the test PostgreSQL and Redis."""

import io
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from reporting.models import ReportDocument, ReportRun
from reporting.services import report_run_request

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.3)


def test_produce_reports_waits_and_lists_every_document(demo, worker_factory):
    worker_factory()
    out = io.StringIO()
    call_command(
        "produce_reports",
        "--fund",
        "all",
        "--period",
        "2026Q3",
        "--type",
        "investor",
        "--type",
        "municipality",
        "--wait",
        "--timeout",
        "300",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    # SIF Rotterdam: the investor report, 7 capital accounts and 1 municipality (Rotterdam);
    # SIF ZKIJ: the investor report, 5 capital accounts and 7 municipalities
    assert lines[-1].startswith("22 documents: 22 rendered") and lines[-1].endswith("0 unchanged, 0 failed.")
    assert sum(line.startswith("municipality ") for line in lines) == 8
    assert all(default_storage.exists(d.file.name) for d in ReportDocument.objects.all())


def test_a_worker_killed_mid_run_leaves_no_document_missing_or_duplicated(demo, worker_factory):
    first = worker_factory(visibility_timeout=5)
    run = report_run_request(fund=demo.rotterdam_fund, report_type="investor", period="2026Q3", requested_by=None)
    _wait_for(lambda: run.documents.filter(status="done").exists(), 120, "a first document")
    first.kill()
    done_before_restart = run.documents.filter(status="done").count()
    assert done_before_restart < 8, "the worker finished everything before it could be killed"

    worker_factory(visibility_timeout=5)
    _wait_for(lambda: ReportRun.objects.get(pk=run.pk).status in {"done", "failed"}, 180, "the run to finish")

    run.refresh_from_db()
    documents = list(run.documents.all())
    assert run.status == "done"
    assert len(documents) == 8  # the fund report and 7 members, each once
    assert {d.status for d in documents} == {"done"} and {d.version for d in documents} == {1}
    assert all(default_storage.exists(d.file.name) and d.pages > 0 for d in documents)
