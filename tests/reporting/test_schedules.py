import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from fund.choices import MemberKind
from reporting.models import ReportRun
from reporting.services import report_document_produce, report_run_notify, report_run_prepare, reports_due_request
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def funds(db):
    """Two funds that report 15 days after a quarter ends (the default): one in Rotterdam, one in Leiden and Zeist
    whose members are the two municipalities and which lent to one investee in Leiden."""
    rotterdam = factories.fund(name="SIF Maasstad")
    sleutelstad = factories.fund(name="SIF Sleutelstad", region_codes=("GM0546", "GM0355"))
    for name, code in (("Leiden", "GM0546"), ("Zeist", "GM0355")):
        factories.member(
            fund=sleutelstad,
            organisation=factories.organisation(legal_name=f"Gemeente {name}", legal_form="public_body"),
            kind=MemberKind.MUNICIPALITY,
            municipality=code,
        )
    managers = [factories.user("fund_manager", fund=sleutelstad) for _ in range(2)]
    factories.loan(
        fund=sleutelstad,
        organisation=factories.organisation(postcode="2311 AB"),
        requester=managers[0],
        approver=managers[1],
        disbursed_on=datetime.date(2026, 1, 15),
    )
    return rotterdam, sleutelstad


def _own(runs, funds) -> list[ReportRun]:
    """The runs of these funds (the demo's funds, when loaded, are due on the same day)."""
    return [r for r in runs if r.fund in funds]


def test_setup_periodic_tasks_writes_every_schedule_once_in_utc_and_keeps_a_pause():
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    reports = PeriodicTask.objects.get(name="Quarterly investor and municipality reports")
    assert (reports.task, reports.crontab.hour, reports.crontab.minute, str(reports.crontab.timezone)) == (
        "reporting.tasks.scheduled_reports_due",
        "5",
        "0",
        "UTC",
    )
    reports.enabled = False
    reports.save()
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    assert (
        PeriodicTask.objects.filter(
            name__in=[
                "Quarterly investor and municipality reports",
                "Impact data requests",
                "Impact data request reminders",
            ]
        ).count()
        == 3
    )
    assert PeriodicTask.objects.get(name="Quarterly investor and municipality reports").enabled is False


def test_reports_are_requested_once_the_funds_report_day_has_come(funds):
    # 2026Q3 ends 30 September; the funds report 15 days later, on 15 October.
    assert reports_due_request(today=datetime.date(2026, 10, 14)) == []
    runs = _own(reports_due_request(today=datetime.date(2026, 10, 15)), funds)
    assert sorted((r.fund.slug, r.report_type, r.period) for r in runs) == [
        ("sif-maasstad", "investor", "2026Q3"),
        ("sif-maasstad", "municipality", "2026Q3"),
        ("sif-maasstad", "statement", "2026Q3"),
        ("sif-sleutelstad", "investor", "2026Q3"),
        ("sif-sleutelstad", "municipality", "2026Q3"),
        ("sif-sleutelstad", "statement", "2026Q3"),
    ]
    assert reports_due_request(today=datetime.date(2026, 10, 16)) == []  # nothing twice


def test_recipients_are_emailed_once_about_their_new_documents(funds):
    factories.user("municipality_officer", municipality="GM0546", email="leiden@gemeente.example")
    run_ids = [r.pk for r in reports_due_request(today=datetime.date(2026, 10, 15)) if r.fund == funds[1]]
    for run_id in run_ids:
        for document_id in report_run_prepare(run_id=run_id):
            report_document_produce(document_id=document_id)
    sent = sum(report_run_notify(run_id=run_id) for run_id in run_ids)
    assert sent == 1  # one user among Sleutelstad's recipients: Leiden's officer, for Leiden's report
    assert mail.outbox[-1].to == ["leiden@gemeente.example"]
    assert "municipality-GM0546" in mail.outbox[-1].body
    assert sum(report_run_notify(run_id=run_id) for run_id in run_ids) == 0
    assert ReportRun.objects.filter(pk__in=run_ids, notified_at__isnull=False).count() == len(run_ids)


def test_an_administrator_pauses_resumes_and_triggers_a_schedule(client, demo):
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    task = PeriodicTask.objects.get(name="Impact data request reminders")
    client.force_login(demo.admin)
    client.post("/reports/schedules/", {"task": task.pk, "action": "pause"})
    assert PeriodicTask.objects.get(pk=task.pk).enabled is False
    client.post("/reports/schedules/", {"task": task.pk, "action": "resume"})
    assert PeriodicTask.objects.get(pk=task.pk).enabled is True
    page = client.get("/reports/schedules/").content.decode()
    assert "Impact data request reminders" in page and "0 7 * * *" in page


def test_a_fund_manager_can_neither_see_nor_pause_the_jobs_of_every_fund(client, demo):
    # The jobs run for all funds at once; a manager of one fund pausing them would stop the others' reports.
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    task = PeriodicTask.objects.get(name="Quarterly investor and municipality reports")
    client.force_login(demo.manager)
    assert client.get("/reports/schedules/").status_code == 403
    assert client.post("/reports/schedules/", {"task": task.pk, "action": "pause"}).status_code == 403
    assert PeriodicTask.objects.get(pk=task.pk).enabled is True
    assert "/reports/schedules/" not in client.get("/reports/runs/").content.decode()  # no link to it either


def test_celerys_own_housekeeping_is_neither_shown_nor_run_from_the_page(client, demo):
    from django_celery_beat.models import CrontabSchedule

    call_command("setup_periodic_tasks", stdout=io.StringIO())
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="4")
    cleanup, _ = PeriodicTask.objects.get_or_create(
        name="celery.backend_cleanup", defaults={"task": "celery.backend_cleanup", "crontab": crontab}
    )
    client.force_login(demo.admin)
    page = client.get("/reports/schedules/").content.decode()
    assert "Impact data request reminders" in page and "backend_cleanup" not in page
    assert client.post("/reports/schedules/", {"task": cleanup.pk, "action": "pause"}).status_code == 404
    assert PeriodicTask.objects.get(pk=cleanup.pk).enabled is True


def test_triggering_a_schedule_queues_its_job_on_the_broker_when_the_request_commits(
    client, demo, settings, django_capture_on_commit_callbacks
):
    import redis

    call_command("setup_periodic_tasks", stdout=io.StringIO())
    task = PeriodicTask.objects.get(name="Impact data request reminders")
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("default")  # jobs other tests queued without a worker are not this test's business
    client.force_login(demo.admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/reports/schedules/", {"task": task.pk, "action": "run"})
    assert broker.llen("default") == 0  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    queued = [json.loads(message)["headers"]["task"] for message in broker.lrange("default", 0, -1)]
    broker.delete("default")
    assert queued == [task.task]
