"""The metric catalog: what investees report, aligned with IRIS+ where an identifier exists."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fund.choices import Theme
from impactmetrics.choices import UNIT_LABELS, DataType, Dimension, MetricKind, MetricSource


class Metric(models.Model):
    """One metric. Its kind says how it adds up: flows are summed, stocks taken at the latest period end, ratios
    recomputed from their numerator and denominator metrics (ratios are never entered, never averaged).

    The catalog speaks both languages: `name` and `definition` are the English (IRIS+) text, `name_nl` and
    `definition_nl` the Dutch; pages and reports show `local_name`, `local_definition` and `local_unit`."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    definition = models.TextField(_("definition (English)"), blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MetricKind.choices)
    data_type = models.CharField(_("data type"), max_length=10, choices=DataType.choices, default=DataType.INTEGER)
    # For data_type=choice: the allowed answers.
    options = models.JSONField(_("options"), default=list, blank=True)
    dimension = models.CharField(_("impact dimension"), max_length=20, choices=Dimension.choices, blank=True)
    iris_id = models.CharField(_("IRIS+ ID"), max_length=10, blank=True, db_index=True)
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("denominator")
    )
    # A part never exceeds its total (employees with a disability ≤ total employees).
    part_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts", verbose_name=_("part of")
    )
    min_value = models.DecimalField(_("lowest allowed value"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest allowed value"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=MetricSource.choices, default=MetricSource.STARTER)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.CheckConstraint(
                name="ratio_has_numerator_and_denominator",
                condition=~models.Q(kind="ratio") | models.Q(numerator__isnull=False, denominator__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.local_name}"

    @property
    def local_name(self) -> str:
        """The name in the active language (English where no Dutch name was entered, as for a fresh IRIS+ import)."""
        return (self.name_nl if _dutch() else "") or self.name

    @property
    def local_definition(self) -> str:
        """The definition in the active language (English where no Dutch one was entered)."""
        return (self.definition_nl if _dutch() else "") or self.definition

    @property
    def local_unit(self) -> str:
        """The unit in the active language ("people" reads "personen" on a Dutch page)."""
        return str(UNIT_LABELS.get(self.unit, self.unit))

    @property
    def is_entered(self) -> bool:
        """Ratios are computed, everything else is entered by the investee."""
        return self.kind != MetricKind.RATIO


def _dutch() -> bool:
    return (translation.get_language() or "nl").startswith("nl")


class MetricTheme(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["metric", "theme"]
        constraints = [models.UniqueConstraint(fields=["metric", "theme"], name="uniq_metric_theme")]

    def __str__(self) -> str:
        return self.get_theme_display()
