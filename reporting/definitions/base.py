"""What every report definition provides, and the fingerprint that decides whether a document must be rendered."""

import abc
import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any

from fund.models import Fund
from fund.periods import Quarter
from reporting.tables import Table

# Raise when a template or a definition changes how a document looks, so every document renders again once.
LAYOUT_VERSION = "2"


@dataclasses.dataclass(frozen=True)
class Recipient:
    key: str
    label: str
    member_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None


class ReportDefinition(abc.ABC):
    """A kind of report: who receives a document, the numbers it shows, its template and its tables."""

    report_type: str
    template: str

    @abc.abstractmethod
    def title(self) -> str:
        """The report's name in the active language."""

    @abc.abstractmethod
    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        """Who receives a document of this report for the fund and quarter, one Recipient each."""

    def template_for(self, recipient: Recipient) -> str:
        return self.template

    @abc.abstractmethod
    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        """Every number the document shows, from selectors; a fixed number of queries whatever the portfolio size."""

    def tables(self, context: dict[str, Any]) -> list[Table]:
        """The document's tables for the XLSX beside the PDF, taken from the gathered context (no new queries)."""
        return []


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | datetime.date):
        return str(value)
    if hasattr(value, "pk"):
        return f"{value._meta.label}:{value.pk}:{value}"
    return value


def fingerprint(*, template: str, language: str, context: dict[str, Any]) -> str:
    """A hash of everything that shapes a document: its numbers, template, language and layout version."""
    payload = json.dumps(
        {"layout": LAYOUT_VERSION, "template": template, "language": language, "context": _plain(context)},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
