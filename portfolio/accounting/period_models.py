"""Period end and close of the fund's books: the provision rate table, per-loan provision overrides, closed periods.

Rates are percentages of outstanding principal. A fund without rows uses the default table
(`period_end.DEFAULT_PROVISION_RATES`); rates and overrides change only through four eyes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.models import Fund
from portfolio.models.loan import Loan


class ProvisionBucket(models.TextChoices):
    """The aging buckets the provision rate table has a rate for."""

    CURRENT = "current", _("Current")
    DPD_1_30 = "1-30", _("1–30 days")
    DPD_31_60 = "31-60", _("31–60 days")
    DPD_61_90 = "61-90", _("61–90 days")
    DPD_91_180 = "91-180", _("91–180 days")
    DPD_OVER_180 = ">180", _("over 180 days")


class ClosedPeriodStatus(models.TextChoices):
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class ProvisionRate(models.Model):
    """The share of outstanding principal a fund provides for a loan in one aging bucket (percent)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="provision_rates")
    bucket = models.CharField(_("aging bucket"), max_length=12, choices=ProvisionBucket.choices)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["fund", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "bucket"], name="uniq_provision_rate_per_bucket"),
            models.CheckConstraint(condition=models.Q(rate__gte=0, rate__lte=100), name="provision_rate_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.bucket} {self.rate} %"


class LoanProvisionOverride(models.Model):
    """A rate a second manager approved for one loan in place of its bucket's rate, with the reason."""

    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="provision_override")
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    approved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(rate__gte=0, rate__lte=100), name="provision_override_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.rate} %"


class ClosedPeriod(models.Model):
    """A month or quarter of a fund's books that a manager closed: nothing is posted with a value date in it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="closed_periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=ClosedPeriodStatus.choices)
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    checklist = models.JSONField(default=list, blank=True)  # the checklist as it stood when closed
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["fund", "-end"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "start", "end"],
                condition=models.Q(status="closed"),
                name="uniq_closed_period",
            ),
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="closed_period_start_le_end"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.start}–{self.end}"
