"""Calendar arithmetic: due dates, period lengths and day counts.

Day counts are returned as integer numerators over a fixed denominator per convention (`YEAR_DENOMINATOR`), so that
the interest of several sub-periods can be added exactly and rounded once.
"""

from datetime import date, timedelta

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

DAY_COUNTS = ("30/360", "actual/360", "actual/364", "actual/365", "actual/actual")
UNITS = ("month", "week", "day")

# A year fraction is numerator / YEAR_DENOMINATOR[day_count]; actual/actual uses 365 × 366 so that days of
# common and leap years share one denominator.
YEAR_DENOMINATOR = {
    "30/360": 360,
    "actual/360": 360,
    "actual/364": 364,
    "actual/365": 365,
    "actual/actual": 365 * 366,
}

# Days in a year for the nominal daily rate (convention 3); actual/actual counts 365.
DAYS_IN_YEAR = {"30/360": 360, "actual/360": 360, "actual/364": 364, "actual/365": 365, "actual/actual": 365}


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(start: date, months: int) -> date:
    """`start` moved by `months` (may be negative), on the same day of the month, clamped to the month's last day."""
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month0 + 1
    return date(year, month, min(start.day, days_in_month(year, month)))


def add_periods(start: date, unit: str, every: int, count: int = 1) -> date:
    """`start` moved by `count` periods of `every` units; months clamp to the end of shorter months."""
    if unit == "month":
        return add_months(start, every * count)
    if unit == "week":
        return start + timedelta(days=7 * every * count)
    return start + timedelta(days=every * count)


def due_dates(first_due: date, unit: str, every: int, repayments: int) -> list[date]:
    """Due dates 1..repayments, each computed from the first due date (never chained), so 31 Jan → 29 Feb → 31 Mar."""
    if unit == "month":
        base = first_due.year * 12 + first_due.month - 1
        day = first_due.day
        dates = []
        for k in range(repayments):
            year, month0 = divmod(base + every * k, 12)
            month = month0 + 1
            dim = 29 if month == 2 and is_leap(year) else _DAYS_IN_MONTH[month0]
            dates.append(date(year, month, day if day <= dim else dim))
        return dates
    step = timedelta(days=(7 if unit == "week" else 1) * every)
    return [first_due + step * k for k in range(repayments)]


def _is_last_of_february(day: date) -> bool:
    return day.month == 2 and day.day == days_in_month(day.year, 2)


def days_30e_360(start: date, end: date) -> int:
    """Days between two dates by 30E/360: the 31st and the last day of February count as the 30th."""
    d1 = 30 if start.day == 31 or _is_last_of_february(start) else start.day
    d2 = 30 if end.day == 31 or _is_last_of_february(end) else end.day
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def year_fraction_numerator(start: date, end: date, day_count: str) -> int:
    """The year fraction from `start` to `end` as a numerator over `YEAR_DENOMINATOR[day_count]`.

    actual/actual divides each part of the span by the length of its own calendar year.
    """
    if day_count == "30/360":
        return days_30e_360(start, end)
    if day_count != "actual/actual":
        return (end - start).days
    numerator = 0
    cursor = start
    while cursor < end:
        year_end = date(cursor.year + 1, 1, 1)
        piece_end = end if end < year_end else year_end
        # a leap-year day weighs 1/366 = 365/(365×366), a common-year day 366/(365×366)
        numerator += (piece_end - cursor).days * (365 if is_leap(cursor.year) else 366)
        cursor = piece_end
    return numerator
