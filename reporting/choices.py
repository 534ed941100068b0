from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportType(models.TextChoices):
    INVESTOR = "investor", _("Quarterly investor report")
    MUNICIPALITY = "municipality", _("Municipality report")
    IMPACT = "impact", _("Yearly impact report")
    STATEMENT = "statement", _("Investee statement")
    CALL_NOTICE = "call_notice", _("Capital call notice")
    DISTRIBUTION_NOTICE = "distribution_notice", _("Distribution notice")


YEARLY_REPORTS = (ReportType.IMPACT,)
# Notices to members, requested when a call or distribution is made (not on the quarterly report day)
NOTICE_REPORTS = (
    ReportType.CALL_NOTICE,
    ReportType.DISTRIBUTION_NOTICE,
)  # cover the year up to the run's quarter: labelled by the year alone


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")  # at least one document failed after its retries


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    UNCHANGED = "unchanged", _("Unchanged")  # same inputs as an earlier version: nothing rendered
    FAILED = "failed", _("Failed")


FINISHED_DOCUMENT_STATUSES = (DocumentStatus.DONE, DocumentStatus.UNCHANGED, DocumentStatus.FAILED)


class AuditAction(models.TextChoices):
    """What the audit trail records (fund.audit.audit_record); the label is what the history panel shows."""

    REPORT_RUN_REQUESTED = "report_run.requested", _("Report run requested")
    REPORT_RUN_RETRIED = "report_run.retried", _("Report run retried")
    SCHEDULE_PAUSED = "schedule.paused", _("Schedule paused")
    SCHEDULE_RESUMED = "schedule.resumed", _("Schedule resumed")
    SCHEDULE_TRIGGERED = "schedule.triggered", _("Run outside its schedule")
