"""The periods the books are closed by (a calendar month or quarter) and the refusal to post into a closed one."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund.errors import DomainError
from fund.periods import Quarter


class PeriodClosedError(DomainError):
    """A posting with a value date in a closed period of the fund's books."""


def period_kind(start: datetime.date, end: datetime.date) -> str | None:
    """ "month" or "quarter" when start–end is a whole calendar month or quarter; None otherwise."""
    if start.day != 1 or (end + datetime.timedelta(days=1)).day != 1 or start > end:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 1:
        return "month"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    return None


def period_label(start: datetime.date, end: datetime.date) -> str:
    """ "Q1 2026" for a quarter, "January 2026" for a month (in the active language), else both dates."""
    kind = period_kind(start, end)
    if kind == "quarter":
        return Quarter.of(start).label()
    if kind == "month":
        return date_format(start, "YEAR_MONTH_FORMAT")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"


def period_closed_message(start: datetime.date, end: datetime.date) -> str:
    return _(
        "The books of %(period)s are closed: nothing can be posted with a value date in it. Post the correction "
        "in an open period and name the original entry in its description."
    ) % {"period": period_label(start, end)}
