"""Impact plans: per investee and fund, the metrics it reports, with baselines and yearly targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.models import Fund, Municipality, Organisation
from impactmetrics.choices import Frequency

from .catalog import Metric


class ImpactPlan(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="impact_plans", verbose_name=_("investee")
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="impact_plans", verbose_name=_("fund"))
    frequency = models.CharField(_("frequency"), max_length=2, choices=Frequency.choices, default=Frequency.QUARTERLY)
    target_group = models.TextField(_("target group (who)"), blank=True)
    impact_thesis = models.TextField(_("impact thesis"), blank=True)
    # Outcomes are attributed to exactly one municipality, so region totals never double count.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="impact_plans", verbose_name=_("municipality")
    )
    start_date = models.DateField(_("reports from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fund", "organisation__legal_name"]
        verbose_name = _("impact plan")
        verbose_name_plural = _("impact plans")
        constraints = [models.UniqueConstraint(fields=["organisation", "fund"], name="uniq_impact_plan")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.fund.slug})"

    @property
    def months(self) -> int:
        return int(self.frequency)


class PlanMetric(models.Model):
    plan = models.ForeignKey(ImpactPlan, on_delete=models.CASCADE, related_name="plan_metrics")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    baseline_value = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "metric__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "metric"], name="uniq_plan_metric")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.metric.code}"


class Target(models.Model):
    """The value a plan metric should reach in a calendar year (flows: the year's total; stocks: at year end;
    ratios: the percentage)."""

    plan_metric = models.ForeignKey(PlanMetric, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["plan_metric", "year"]
        constraints = [models.UniqueConstraint(fields=["plan_metric", "year"], name="uniq_target_year")]

    def __str__(self) -> str:
        return f"{self.plan_metric} {self.year}: {self.value}"
