"""Reads of the reporting pages: runs with their progress, and the documents a user may open."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from fund import access
from fund.models import User
from fund.money import percent_of
from reporting.choices import FINISHED_DOCUMENT_STATUSES, DocumentStatus
from reporting.models import ReportDocument, ReportRun

READY = (DocumentStatus.DONE, DocumentStatus.UNCHANGED)


@dataclass(frozen=True)
class RunProgress:
    run: ReportRun
    total: int
    finished: int
    failed: int

    @property
    def percent(self) -> int:
        return int(percent_of(self.finished, self.total, places=0) or 0)


def report_runs_with_progress(*, runs: QuerySet[ReportRun]) -> list[RunProgress]:
    """Runs with how many of their documents are finished, in one query."""
    rows = runs.select_related("fund", "requested_by").annotate(
        total=Count("documents"),
        finished=Count("documents", filter=Q(documents__status__in=FINISHED_DOCUMENT_STATUSES)),
        failed=Count("documents", filter=Q(documents__status=DocumentStatus.FAILED)),
    )
    return [RunProgress(run=r, total=r.total, finished=r.finished, failed=r.failed) for r in rows]


def documents_for(user: User | AnonymousUser) -> QuerySet[ReportDocument]:
    """Every version of every report document the user may open, newest period, run and version first.

    Only rendered documents are listed: a run that found a document unchanged adds no new version.
    """
    return (
        access.scope(user, ReportDocument)
        .filter(status=DocumentStatus.DONE)
        .select_related("run__fund")
        .order_by("-run__period", "-run__created_at", "run__fund__name", "recipient_label", "-version")
    )
