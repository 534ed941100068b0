"""Reporting periods per fund and the data requests opened for each investee at a period's end."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.models import Fund
from fund.periods import Quarter
from impactmetrics.choices import RequestStatus

from .plans import ImpactPlan


class ReportingPeriod(models.Model):
    """A fund's calendar quarter; requests are opened at its end."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="reporting_periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["fund", "end"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["fund", "end"], name="uniq_reporting_period_end"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.fund.slug} {self.label}"

    @property
    def label(self) -> str:
        """The quarter as the reader writes it: "Q3 2026", "3e kwartaal 2026"."""
        return Quarter.of(self.end).label()


class DataRequest(models.Model):
    """An investee's request to report its plan's metrics over [period_start, period_end] (covering one or more of
    the fund's quarters, as the plan's frequency says)."""

    plan = models.ForeignKey(ImpactPlan, on_delete=models.PROTECT, related_name="requests")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="requests")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "plan__organisation__legal_name"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="uniq_data_request")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.plan.organisation} {self.label}"

    @property
    def label(self) -> str:
        return self.period.label if self.plan.months == 3 else f"{self.period_start:%Y-%m}–{self.period_end:%Y-%m}"


class DataRequestReminder(models.Model):
    """A reminder e-mail sent (once) `offset_days` relative to the due date (negative: before)."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="reminders")
    offset_days = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "offset_days"]
        constraints = [models.UniqueConstraint(fields=["request", "offset_days"], name="uniq_request_reminder")]

    def __str__(self) -> str:
        return f"{self.request} {self.offset_days:+d}"
