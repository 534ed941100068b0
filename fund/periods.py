"""Calendar quarters, the periods every app reports over: '2026Q3' is 1 July to 30 September 2026.

A quarter has one machine label, `str(quarter)` ("2026Q3"): what users type (`produce_reports --period 2026Q3`), what
URLs and stored report runs carry. And one human label, `quarter.label()`, in the reader's language ("Q3 2026",
"3e kwartaal 2026"): what pages, e-mails, charts and PDFs show."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


class PeriodError(ValueError):
    """A period that is not written as YYYYQn."""


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = _QUARTER.match((text or "").strip().upper())
        if not match:
            raise PeriodError(f"“{text}” is not a quarter; write it as YYYYQn, e.g. 2026Q3.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        """The quarter `day` falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_completed(cls, today: datetime.date) -> "Quarter":
        return cls.of(today).previous()

    @classmethod
    def of_years(cls, year_from: int, year_to: int) -> list["Quarter"]:
        """Every quarter of the years `year_from` to `year_to` (both included), oldest first."""
        return [cls(year, quarter) for year in range(year_from, year_to + 1) for quarter in (1, 2, 3, 4)]

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def label(self) -> str:
        """The quarter as a reader writes it: "Q3 2026" in English, "3e kwartaal 2026" in Dutch."""
        return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}
