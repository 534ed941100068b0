"""What the impact pages read from the query string (the year and the moment shown)."""

import datetime

from django.utils import timezone

from fund.http import AuthenticatedHttpRequest
from fund.periods import Quarter


def today() -> datetime.date:
    return timezone.localdate()


def default_year() -> int:
    """The year of the latest quarter that has ended."""
    return Quarter.last_completed(today()).year


def year_param(request: AuthenticatedHttpRequest, default: int | None = None) -> int:
    """The year asked for, if it is one that has begun (no figures exist for a future year)."""
    default = default_year() if default is None else default
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= today().year else default


def years_offered(year: int) -> range:
    """The years the picker offers around the one shown: two before it, and the next one only if it has begun."""
    return range(year - 2, min(year + 1, today().year) + 1)


def as_of_param(request: AuthenticatedHttpRequest) -> datetime.datetime | None:
    """The end of the day asked for as `as_of` (figures as they were then), or None for now."""
    raw = request.GET.get("as_of")
    if not raw:
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def last_day_shown(year: int) -> datetime.date:
    """The day a year's figures are counted to: its last day, or today while it runs."""
    return min(today(), datetime.date(year, 12, 31))
