"""Reads about data requests and submissions: the portal's lists, the review queue, the watch list, the history."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from fund.money import percent_of
from impactmetrics.choices import DataType, RequestStatus, VersionStatus
from impactmetrics.models import DataRequest, Metric, MetricValue, SubmissionVersion


def data_request_list(*, requests: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    """Requests with what a list shows loaded (organisation, fund, period)."""
    return requests.select_related("plan__organisation", "plan__fund", "period").order_by(
        "-period_end", "plan__organisation__legal_name"
    )


def overdue_data_requests(*, requests: QuerySet[DataRequest], today: datetime.date) -> QuerySet[DataRequest]:
    """The watch list: requests still waiting for the investee (open or returned) after their due date."""
    return data_request_list(
        requests=requests.filter(status__in=(RequestStatus.OPEN, RequestStatus.RETURNED), due_date__lt=today)
    )


def review_queue(*, requests: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    """Requests with a version waiting for the fund's review."""
    return data_request_list(requests=requests.filter(versions__status=VersionStatus.SUBMITTED).distinct())


@dataclass(frozen=True)
class VersionView:
    """A version of a submission with its values and what changed against the version before."""

    version: SubmissionVersion
    values: dict[str, MetricValue]  # metric code → value
    changed: dict[str, tuple[str | None, str | None]]  # metric code → (before, after)


def _shown(value: MetricValue | None) -> str | None:
    if value is None:
        return None
    if value.value is not None:
        return f"{value.value.normalize():f}"
    return value.choice or None


def submission_history(*, request: DataRequest) -> list[VersionView]:
    """Every version of the request, oldest first, each with its changes against the previous one (two queries)."""
    versions = list(request.versions.select_related("created_by", "submitted_by", "reviewed_by").order_by("number"))
    by_version: dict[int, dict[str, MetricValue]] = {v.pk: {} for v in versions}
    for value in MetricValue.objects.filter(version__in=versions).select_related("metric"):
        by_version[value.version_id][value.metric.code] = value
    out: list[VersionView] = []
    previous: dict[str, MetricValue] = {}
    for version in versions:
        values = by_version[version.pk]
        changed = {
            code: (_shown(previous.get(code)), _shown(values.get(code)))
            for code in sorted(set(previous) | set(values))
            if _shown(previous.get(code)) != _shown(values.get(code))
        }
        out.append(VersionView(version=version, values=values, changed=changed if previous else {}))
        previous = values
    return out


@dataclass(frozen=True)
class FigureChange:
    """A figure against the previous period's approved value: `amount` = value − previous; `percent` = that change
    as a share of the previous value (%, one decimal), None when the previous value was 0."""

    amount: Decimal
    percent: Decimal | None


def figure_change(*, value: Decimal | None, previous: Decimal | None, data_type: str = "") -> FigureChange | None:
    """The change of a number against the previous period; None when either is missing or for a yes/no answer."""
    if value is None or previous is None or data_type == DataType.BOOLEAN:
        return None
    amount = value - previous
    percent = percent_of(amount, abs(previous), places=1)
    return FigureChange(amount=amount.normalize() if amount else Decimal(0), percent=percent)


@dataclass(frozen=True)
class FigureRow:
    """One figure of a submitted version as the reviewer and the investee read it, beside the previous period."""

    metric: Metric
    value: MetricValue | None
    previous: Decimal | None
    change: FigureChange | None


def submission_figures(
    *, version: SubmissionVersion, metrics: list[Metric], previous: dict[str, Decimal]
) -> list[FigureRow]:
    """Every entered metric of the request (in plan order) with what `version` holds for it, the previous period's
    approved value (`previous`: code → value) and the change between them (one query)."""
    values = {v.metric_id: v for v in version.values.all()}
    rows = []
    for metric in metrics:
        if not metric.is_entered:
            continue
        value = values.get(metric.pk)
        before = previous.get(metric.code)
        rows.append(
            FigureRow(
                metric=metric,
                value=value,
                previous=before,
                change=figure_change(
                    value=value.value if value is not None else None, previous=before, data_type=metric.data_type
                ),
            )
        )
    return rows
