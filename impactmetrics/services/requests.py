"""Reporting periods and data requests: opened at a period's end, reminded around the due date.

Celery tasks (impactmetrics.tasks) call these; the schedules are created by `setup_periodic_tasks`.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.choices import Role
from fund.models import Fund, RoleAssignment
from fund.periods import Quarter
from impactmetrics.choices import AuditAction, RequestStatus
from impactmetrics.models import DataRequest, DataRequestReminder, ImpactPlan, ReportingPeriod

DEFAULT_DUE_DAYS = 31
DEFAULT_REMINDER_DAYS = (-7, 1, 14)


def _due_days() -> int:
    return getattr(settings, "IMPACT_REQUEST_DUE_DAYS", DEFAULT_DUE_DAYS)


def reminder_offsets() -> tuple[int, ...]:
    """Days relative to the due date on which a reminder goes out (negative: before), from settings."""
    return tuple(sorted(getattr(settings, "IMPACT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)))


@transaction.atomic
def reporting_periods_ensure(*, fund: Fund, until: datetime.date) -> list[ReportingPeriod]:
    """The fund's calendar quarters from its inception up to the last one ending before `until` (creates missing)."""
    existing = {p.end: p for p in ReportingPeriod.objects.filter(fund=fund)}
    periods = []
    quarter = Quarter.of(fund.inception_date)
    while quarter.end < until:
        period = existing.get(quarter.end) or ReportingPeriod.objects.create(
            fund=fund, start=quarter.start, end=quarter.end, due_date=quarter.end + datetime.timedelta(days=_due_days())
        )
        periods.append(period)
        quarter = quarter.next()
    return periods


def _investee_emails(organisation_id: int) -> list[str]:
    return list(
        RoleAssignment.objects.filter(
            role=Role.INVESTEE, organisation_id=organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _mail_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=False))


@transaction.atomic
def data_requests_open(*, fund: Fund, today: datetime.date) -> list[DataRequest]:
    """Open a request for every plan of the fund whose reporting period ended before `today` and has none yet.

    A quarterly plan reports every quarter, a half-yearly plan at the end of June and December, a yearly plan at the
    end of December. Periods ending before the plan started are skipped. Idempotent; e-mails the investee."""
    opened = []
    plans = list(ImpactPlan.objects.filter(fund=fund).select_related("organisation"))
    have = set(DataRequest.objects.filter(plan__fund=fund).values_list("plan_id", "period_id"))
    for period in reporting_periods_ensure(fund=fund, until=today):
        for plan in plans:
            if period.end.month % plan.months or period.end < plan.start_date or (plan.pk, period.pk) in have:
                continue
            period_start = period.end + datetime.timedelta(days=1) - relativedelta(months=plan.months)
            request = DataRequest.objects.create(
                plan=plan, period=period, period_start=period_start, period_end=period.end, due_date=period.due_date
            )
            audit_record(
                actor=None,
                action=AuditAction.DATA_REQUEST_OPENED,
                obj=request,
                changes={"due_date": [None, str(request.due_date)]},
            )
            _mail_on_commit(
                _("Please report your impact for %(period)s") % {"period": request.label},
                _("%(fund)s asks %(org)s to report its impact for %(period)s by %(due)s.")
                % {"fund": fund, "org": plan.organisation, "period": request.label, "due": request.due_date},
                _investee_emails(plan.organisation_id),
            )
            opened.append(request)
    return opened


@transaction.atomic
def data_request_reminders_send(*, today: datetime.date) -> list[DataRequestReminder]:
    """Remind investees of requests still waiting for them (open or returned).

    For each request the latest reminder day reached (due date + offset ≤ today) is sent once; a day missed while the
    worker was down is caught up by the next run, without sending the skipped earlier reminders as well."""
    offsets = reminder_offsets()
    sent = []
    waiting = DataRequest.objects.filter(status__in=(RequestStatus.OPEN, RequestStatus.RETURNED)).select_related(
        "plan__organisation", "plan__fund", "period"
    )
    done = set(DataRequestReminder.objects.filter(request__in=waiting).values_list("request_id", "offset_days"))
    for request in waiting:
        reached = [o for o in offsets if request.due_date + datetime.timedelta(days=o) <= today]
        if not reached or (request.pk, reached[-1]) in done:
            continue
        reminder = DataRequestReminder.objects.create(request=request, offset_days=reached[-1])
        overdue = today > request.due_date
        _mail_on_commit(
            (_("Overdue: impact report for %(period)s") if overdue else _("Reminder: impact report for %(period)s"))
            % {"period": request.label},
            _("%(org)s: your impact report for %(period)s to %(fund)s is due on %(due)s.")
            % {
                "org": request.plan.organisation,
                "period": request.label,
                "fund": request.plan.fund,
                "due": request.due_date,
            },
            _investee_emails(request.plan.organisation_id),
        )
        sent.append(reminder)
    return sent
