"""Reference geography from CBS: labour-market regions, municipalities and 4-digit postcodes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LabourMarketRegion(models.Model):
    """An arbeidsmarktregio (labour-market region), e.g. AM22 Zuid-Kennemerland en IJmond."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("labour-market region")
        verbose_name_plural = _("labour-market regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Municipality(models.Model):
    """A gemeente (municipality) with its CBS code; codes carry validity dates because municipalities merge."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, help_text="e.g. GM0599")
    name = models.CharField(_("name"), max_length=100)
    statline_name = models.CharField(_("StatLine name"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=4)
    province_name = models.CharField(_("province"), max_length=50)
    labour_market_region = models.ForeignKey(
        LabourMarketRegion,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("labour-market region"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A 4-digit postcode and the municipality holding (a share of) its addresses."""

    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4, db_index=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="postcode_areas")
    share_of_addresses = models.DecimalField(max_digits=5, decimal_places=4)
    is_main_municipality = models.BooleanField(default=True)

    class Meta:
        ordering = ["pc4"]
        constraints = [models.UniqueConstraint(fields=["pc4", "municipality"], name="uniq_pc4_municipality")]

    def __str__(self) -> str:
        return f"{self.pc4} → {self.municipality.code}"
