"""A fund: one cooperative of local investors that lends to social enterprises in its region."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.choices import LegalForm, Theme

from .reference import Municipality


class Fund(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.COOPERATIE_UA
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    inception_date = models.DateField(_("inception date"))
    target_size = MoneyField(_("target size"), max_digits=14, decimal_places=2, default_currency="EUR")
    min_ticket = MoneyField(
        _("minimum ticket"), max_digits=14, decimal_places=2, default_currency="EUR", default=25_000
    )
    max_ticket = MoneyField(
        _("maximum ticket"), max_digits=14, decimal_places=2, default_currency="EUR", default=500_000
    )
    region = models.ManyToManyField(Municipality, related_name="funds", verbose_name=_("region"))
    report_delay_days = models.PositiveSmallIntegerField(
        _("reports due (days after quarter end)"),
        default=15,
        help_text=_(
            "The quarterly investor and municipality reports are produced this many days after a quarter ends."
        ),
    )
    manual_payment_approval_threshold = MoneyField(
        _("manual payments need a second manager above"),
        max_digits=14,
        decimal_places=2,
        default_currency="EUR",
        default=0,
        help_text=_(
            "A payment a fund manager types in (not read from a bank statement) above this amount is posted only "
            "once another fund manager approves it; € 0.00 means every manual payment needs a second manager."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(manual_payment_approval_threshold__gte=0),
                name="fund_manual_payment_threshold_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def theme_codes(self) -> list[str]:
        return [t.theme for t in self.themes.all()]


class FundTheme(models.Model):
    """One of a fund's (at most three) focus themes."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["fund", "theme"]
        constraints = [models.UniqueConstraint(fields=["fund", "theme"], name="uniq_fund_theme")]

    def __str__(self) -> str:
        return self.get_theme_display()
