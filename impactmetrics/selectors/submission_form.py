"""The investee's submission form and the manager's review as the request page shows them: one row per entered
metric (what to show in the form, the previous period's approved value, the change against it, the reviewer's comment),
and who may do what on the page now."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from fund.fields import number_read, number_write
from impactmetrics.choices import DataType, RequestStatus, VersionStatus
from impactmetrics.models import DataRequest, Metric, SubmissionVersion
from impactmetrics.selectors.requests import FigureChange, figure_change
from impactmetrics.services.validation import comment_key, explanation_key, value_key


def typed_number(text: str) -> Decimal | None:
    """The number typed in the form, read as the page's language writes it; None when empty or unreadable."""
    try:
        return number_read(text) if text else None
    except ValidationError:
        return None


@dataclass(frozen=True)
class SubmissionFormRow:
    """One entered metric in the form: the value, comment and explanation shown (posted input wins over the stored
    draft), their errors, the previous approved value and the change against it, and the field names."""

    metric: Metric
    value: str
    change: FigureChange | None
    comment: str
    explanation: str
    value_errors: list[str]
    explanation_errors: list[str]
    previous: Decimal | None
    review_comment: str
    value_name: str
    comment_name: str
    explanation_name: str
    warning: str = field(default="")


def submission_form_rows(
    *,
    request: DataRequest,
    metrics: list[Metric],
    version: SubmissionVersion | None,
    posted: Mapping[str, str] | None,
    errors: Mapping[str, list[str]],
    previous: Mapping[str, Decimal],
) -> list[SubmissionFormRow]:
    """One row per entered metric of the request, filled from `posted` (a form sent back with errors) or else from
    `version`'s stored values, with the comments of the last returned version (three queries)."""
    stored = {v.metric_id: v for v in version.values.all()} if version else {}
    returned: dict[int, str] = {}
    last_returned = request.versions.filter(status=VersionStatus.RETURNED).order_by("-number").first()
    if last_returned is not None:
        returned = {v.metric_id: v.review_comment for v in last_returned.values.all() if v.review_comment}
    rows = []
    for metric in metrics:
        if not metric.is_entered:
            continue
        value = stored.get(metric.pk)
        # a stored number is shown as the page's language writes it, so saving the form again reads the same value
        shown = (value.choice or (number_write(value.value) if value.value is not None else "")) if value else ""
        comment = value.comment if value else ""
        explanation = value.explanation if value else ""
        if posted:
            shown = posted.get(value_key(metric.code), shown)
            comment = posted.get(comment_key(metric.code), comment)
            explanation = posted.get(explanation_key(metric.code), explanation)
        rows.append(
            SubmissionFormRow(
                metric=metric,
                value=shown,
                change=figure_change(
                    value=typed_number(shown) if metric.data_type != DataType.CHOICE else None,
                    previous=previous.get(metric.code),
                    data_type=metric.data_type,
                ),
                comment=comment,
                explanation=explanation,
                value_errors=list(errors.get(value_key(metric.code), [])),
                explanation_errors=list(errors.get(explanation_key(metric.code), [])),
                previous=previous.get(metric.code),
                review_comment=returned.get(metric.pk, ""),
                value_name=value_key(metric.code),
                comment_name=comment_key(metric.code),
                explanation_name=explanation_key(metric.code),
            )
        )
    return rows


@dataclass(frozen=True)
class RequestPageState:
    """Who may do what on a request's page now."""

    # the reporting organisation may still type in the form (no version yet, a draft, or returned to it)
    editable: bool
    # a fund manager may approve or return the submitted version
    can_review: bool
    # an approved request may be reopened for a correction
    can_correct: bool
    # still waiting for the investee after its due date
    overdue: bool


def request_page_state(
    *,
    request: DataRequest,
    latest: SubmissionVersion | None,
    is_reporter: bool,
    is_manager: bool,
    today: datetime.date,
) -> RequestPageState:
    """The page's rules: only the organisation that reports fills in the form, and only while its latest version is
    a draft or returned and the request is not waiting for review; the fund reviews what was submitted (no query)."""
    editable = latest is None or latest.status in (VersionStatus.DRAFT, VersionStatus.RETURNED)
    editable = is_reporter and editable and request.status != RequestStatus.SUBMITTED
    if latest is not None and latest.status == VersionStatus.APPROVED:
        editable = False
    return RequestPageState(
        editable=editable,
        can_review=is_manager and latest is not None and latest.status == VersionStatus.SUBMITTED,
        can_correct=request.status == RequestStatus.APPROVED
        and latest is not None
        and latest.status == VersionStatus.APPROVED,
        overdue=request.status in (RequestStatus.OPEN, RequestStatus.RETURNED) and request.due_date < today,
    )
