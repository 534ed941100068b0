from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportType(models.TextChoices):
    INVESTOR = "investor", _("Quarterly investor report")
    MUNICIPALITY = "municipality", _("Municipality report")
    IMPACT = "impact", _("Yearly impact report")
    STATEMENT = "statement", _("Investee statement")


YEARLY_REPORTS = (ReportType.IMPACT,)  # cover the year up to the run's quarter: labelled by the year alone


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
