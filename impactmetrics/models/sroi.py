"""Social return on investment analyses per investee: outcomes with their proxies and assumptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from .catalog import Metric
from .plans import ImpactPlan


class SroiAnalysis(models.Model):
    plan = models.ForeignKey(ImpactPlan, on_delete=models.PROTECT, related_name="sroi_analyses")
    title = models.CharField(_("title"), max_length=200)
    investment = MoneyField(_("investment"), max_digits=14, decimal_places=2, default_currency="EUR")
    discount_rate = models.DecimalField(_("discount rate (%)"), max_digits=5, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-created_at"]
        verbose_name = _("SROI analysis")
        verbose_name_plural = _("SROI analyses")

    def __str__(self) -> str:
        return self.title


class SroiOutcome(models.Model):
    """One outcome: quantity × proxy, reduced by deadweight, displacement and attribution (percentages), lasting
    `duration_years` and dropping off by `drop_off` % a year after the first."""

    analysis = models.ForeignKey(SroiAnalysis, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(_("outcome"), max_length=200)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    quantity_source = models.CharField(_("source of the quantity"), max_length=200, blank=True)
    proxy = MoneyField(_("financial proxy per unit a year"), max_digits=14, decimal_places=2, default_currency="EUR")
    proxy_source = models.CharField(_("source of the proxy"), max_length=300)
    deadweight = models.DecimalField(_("deadweight (%)"), max_digits=5, decimal_places=2)
    displacement = models.DecimalField(_("displacement (%)"), max_digits=5, decimal_places=2)
    attribution = models.DecimalField(_("attribution (%)"), max_digits=5, decimal_places=2)
    drop_off = models.DecimalField(_("drop-off (%)"), max_digits=5, decimal_places=2)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"))

    class Meta:
        ordering = ["analysis", "id"]

    def __str__(self) -> str:
        return self.name
