"""Every periodic job of the product, in one list; `manage.py setup_periodic_tasks` writes them to django-celery-beat.

Times are UTC. One beat process runs them. A manager may pause a schedule in the app; setting the schedules up again
keeps that choice.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    description: str
    minute: str = "0"
    hour: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    day_of_week: str = "*"
    kwargs: dict = field(default_factory=dict)


SCHEDULES = [
    Schedule(
        name="Quarterly investor and municipality reports",
        task="reporting.tasks.scheduled_reports_due",
        description="Each day, produce the last quarter's reports of every fund whose report day has come.",
        minute="0",
        hour="5",
    ),
    Schedule(
        name="Notices to members",
        task="reporting.tasks.member_notices_due",
        description="Every ten minutes, produce and e-mail the notices of new capital calls and distributions.",
        minute="*/10",
    ),
    Schedule(
        name="Capital call reminders",
        task="portfolio.tasks.capital_call_reminders_daily",
        description="Each morning, remind members whose capital call share is overdue (once per interval at most).",
        minute="15",
        hour="7",
    ),
    Schedule(
        name="Impact data requests",
        task="impactmetrics.tasks.open_data_requests_all_funds",
        description="Open a data request for every investee at the end of each reporting period.",
        minute="30",
        hour="4",
    ),
    Schedule(
        name="Impact data request reminders",
        task="impactmetrics.tasks.send_data_request_reminders",
        description="Remind investees before and after the due date of an open data request.",
        minute="0",
        hour="7",
    ),
    Schedule(
        name="Loan arrears",
        task="portfolio.tasks.arrears_update_daily",
        description="Each night, bring every loan's days past due, arrears and aging bucket up to date; remind.",
        minute="0",
        hour="3",
    ),
    Schedule(
        name="Books posting",
        task="portfolio.tasks.books_post_nightly",
        description="Each night, post what the loan and capital ledgers hold up to yesterday into every fund's books.",
        minute="30",
        hour="3",
    ),
    Schedule(
        name="Audit trail check",
        task="fund.tasks.audit_chain_check_weekly",
        description="Each Monday night, verify the audit trail's hash chain; mail the administrators if it is broken.",
        minute="30",
        hour="2",
        day_of_week="1",
    ),
]
