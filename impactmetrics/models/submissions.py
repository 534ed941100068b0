"""Submissions: every version an investee hands in, with its values, review comments and evidence.

Nothing that was submitted is edited afterwards: a correction is a new version (with a reason after approval),
so the history shows who changed what and when. Only approved versions count in aggregates.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactmetrics.choices import VersionStatus

from .catalog import Metric
from .requests import DataRequest


class SubmissionVersion(models.Model):
    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    reason = models.TextField(_("reason for correction"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # Approved values count from approved_at until superseded_at (so aggregates can be taken as of any date).
    approved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="uniq_submission_version"),
            # four eyes: an approved version names its reviewer, who is not the person who submitted it
            models.CheckConstraint(
                condition=~models.Q(status__in=[VersionStatus.APPROVED, VersionStatus.SUPERSEDED])
                | (models.Q(reviewed_by__isnull=False) & ~models.Q(reviewed_by=models.F("submitted_by"))),
                name="submission_approved_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} v{self.number}"


class MetricValue(models.Model):
    """One reported value. Numbers (and yes/no as 1/0) in `value`, a choice in `choice`."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    choice = models.CharField(max_length=100, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Why the value moved more than 50 % against the previous period.
    explanation = models.TextField(_("explanation"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["version", "metric__code"]
        constraints = [models.UniqueConstraint(fields=["version", "metric"], name="uniq_version_metric")]

    def __str__(self) -> str:
        return f"{self.metric.code}={self.value if self.value is not None else self.choice}"


class Evidence(models.Model):
    """A file the investee attaches to a version (payroll summary, contracts, certificates)."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="impact/evidence/%Y/")
    # What the investee called it (a description, or the file name when it gave none).
    name = models.CharField(_("name"), max_length=200)
    # The file as uploaded: a download gets this name (with its extension) and this content type back.
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
