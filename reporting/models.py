"""Report runs and the documents they produce. A run is one report type for one fund and period; each recipient gets
one document row, which a Celery task renders. Rows make the work idempotent and its progress visible."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from fund.models import Fund, Member, Municipality, Organisation
from fund.periods import Quarter
from reporting.choices import FINISHED_DOCUMENT_STATUSES, YEARLY_REPORTS, DocumentStatus, ReportType, RunStatus


class ReportRun(models.Model):
    report_type = models.CharField(_("report"), max_length=20, choices=ReportType.choices)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="report_runs")
    period = models.CharField(_("period"), max_length=7, help_text="e.g. 2026Q3")
    as_of = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=5, default="nl")
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["fund", "report_type", "period"])]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} · {self.fund.name} · {self.period_label}"

    @property
    def period_label(self) -> str:
        """The period as the report itself covers it: the year of a yearly report ("2026"), else the quarter
        ("Q3 2026", "3e kwartaal 2026")."""
        quarter = Quarter.parse(self.period)
        return str(quarter.year) if self.report_type in YEARLY_REPORTS else quarter.label()

    @property
    def language_name(self) -> str:
        """The language the documents are written in, in that language ("Nederlands", "English")."""
        return get_language_info(self.language)["name_local"]

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.started_at and self.finished_at else None


class ReportDocument(models.Model):
    """One recipient's PDF of a run. `version` counts changed documents for the same report, fund, period and
    recipient; an unchanged document renders nothing and points to the earlier document that holds the file."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="documents")
    recipient_key = models.CharField(max_length=40)
    recipient_label = models.CharField(_("recipient"), max_length=200)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="reports/", max_length=255, blank=True)
    tables_file = models.FileField(upload_to="reports/", max_length=255, blank=True)  # XLSX of the tables behind it
    same_as = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    gather_seconds = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    render_seconds = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["run", "recipient_key"]
        constraints = [models.UniqueConstraint(fields=["run", "recipient_key"], name="uniq_document_per_recipient")]

    def __str__(self) -> str:
        return f"{self.run} · {self.recipient_label}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_DOCUMENT_STATUSES

    def file_name(self, version: int) -> str:
        """The name of the PDF of `version`, e.g. sif-zkij-2026Q3-municipality-GM0392-nl-v2.pdf: the language is part of
        it, so the Dutch and the English document of a report never share a name."""
        run = self.run
        recipient = self.recipient_key.removeprefix(f"{run.report_type}:").replace(":", "-")
        return f"{run.fund.slug}-{run.period}-{run.report_type}-{recipient}-{run.language}-v{version}.pdf"

    @property
    def source(self) -> "ReportDocument":
        """The document whose file this one shows (itself, or the earlier version it is unchanged from)."""
        return self.same_as or self
