"""Reporting periods and data requests: opened at period end per the plan's frequency, reminded around the due date."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from fund.services.funds import fund_create
from impactmetrics.models import DataRequest, DataRequestReminder
from impactmetrics.selectors.requests import overdue_data_requests
from impactmetrics.services.requests import data_request_reminders_send, data_requests_open, reporting_periods_ensure
from impactmetrics.tasks import open_data_requests
from tests import factories
from tests.impactmetrics.conftest import plan_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def fund(db):
    return fund_create(
        actor=None,
        name="SIF Test",
        inception_date=D(2025, 2, 10),
        target_size=1_000_000,
        region_codes=["GM0599"],
        themes=["labour_participation"],
    )


def test_periods_are_calendar_quarters_from_the_inception_quarter(fund):
    periods = reporting_periods_ensure(fund=fund, until=D(2025, 10, 1))
    assert [(p.start, p.end, p.due_date) for p in periods] == [
        (D(2025, 1, 1), D(2025, 3, 31), D(2025, 5, 1)),
        (D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 31)),
        (D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 31)),
    ]


def test_requests_follow_each_plans_frequency_and_are_opened_once(fund, settings):
    quarterly = plan_for(fund, ["OD9151"], name="Kwartaal B.V.")
    half_yearly = plan_for(fund, ["OD9151"], name="Halfjaar B.V.", frequency="6")
    factories.user("investee", organisation=half_yearly.organisation, email="finance@halfjaar.example")

    with django_capture_on_commit(settings):
        opened = data_requests_open(fund=fund, today=D(2025, 7, 3))
    assert sorted((r.plan.organisation.legal_name, r.period_start, r.period_end) for r in opened) == [
        ("Halfjaar B.V.", D(2025, 1, 1), D(2025, 6, 30)),  # calendar periods, though the fund began on 10 Feb
        ("Kwartaal B.V.", D(2025, 1, 1), D(2025, 3, 31)),
        ("Kwartaal B.V.", D(2025, 4, 1), D(2025, 6, 30)),
    ]
    assert data_requests_open(fund=fund, today=D(2025, 7, 3)) == []
    assert quarterly.requests.count() == 2
    assert [m.to for m in mail.outbox] == [["finance@halfjaar.example"]]


def django_capture_on_commit(settings):
    """Run on-commit callbacks right away inside the test's transaction."""
    from unittest import mock

    from django.db import transaction

    return mock.patch.object(transaction, "on_commit", lambda func, *a, **k: func())


def test_reminders_go_out_once_at_the_latest_day_reached_and_overdue_requests_are_on_the_watch_list(fund, settings):
    settings.IMPACT_REMINDER_DAYS = [-7, 1, 14]
    plan = plan_for(fund, ["OD9151"], name="Herinnering B.V.")
    (request,) = data_requests_open(fund=fund, today=D(2025, 4, 2))
    assert request.due_date == D(2025, 5, 1)
    assert data_request_reminders_send(today=D(2025, 4, 23)) == []
    assert [r.offset_days for r in data_request_reminders_send(today=D(2025, 4, 24))] == [-7]
    assert data_request_reminders_send(today=D(2025, 4, 25)) == []
    # The worker was down from 2 to 20 May: only the latest reminder goes out.
    assert [r.offset_days for r in data_request_reminders_send(today=D(2025, 5, 20))] == [14]
    assert list(DataRequestReminder.objects.filter(request=request).values_list("offset_days", flat=True)) == [-7, 14]
    overdue = overdue_data_requests(requests=DataRequest.objects.filter(plan=plan), today=D(2025, 5, 2))
    assert list(overdue) == [request]
    assert not overdue_data_requests(requests=DataRequest.objects.filter(plan=plan), today=D(2025, 5, 1)).exists()


def test_the_task_loads_the_fund_by_id_and_opens_its_requests(fund):
    plan_for(fund, ["OD9151"], name="Taak B.V.")
    assert open_data_requests.apply(args=[fund.pk]).get() >= 1
    assert DataRequest.objects.filter(plan__fund=fund).exists()


def test_a_request_names_its_quarter_as_the_reader_writes_it(fund):
    plan = plan_for(fund, ["OD9151"], name="Kwartaal B.V.")
    data_requests_open(fund=fund, today=D(2025, 7, 3))
    request = plan.requests.get(period_end=D(2025, 6, 30))
    # once the code "2025-Q2" on the request pages and in the e-mails
    with translation.override("nl"):
        assert request.label == "2e kwartaal 2025"
    with translation.override("en"):
        assert request.label == "Q2 2025"
