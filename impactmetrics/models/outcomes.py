"""Place-based outcomes: anonymous person records, benefit norms and outcome-payment contracts of municipalities.

A person record holds no personal identifiers: only the investee's own reference, the 4-digit postcode area of
residence, the benefit category and duration before work, and the dates and hours of the job.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.models import Municipality, Organisation
from impactmetrics.choices import BenefitCategory, BenefitDuration, OutcomePaymentStatus, benefit_duration_bucket


class PersonRecord(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="person_records")
    reference = models.CharField(_("reference"), max_length=20, help_text=_("The investee's own number; no names."))
    pc4 = models.CharField(_("postcode area (4 digits)"), max_length=4)
    # Derived from pc4 by the service: the municipality this outcome is attributed to.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    benefit_category = models.CharField(_("benefit before work"), max_length=10, choices=BenefitCategory.choices)
    benefit_months = models.PositiveSmallIntegerField(_("months on benefit before work"), default=0)
    in_target_register = models.BooleanField(_("in the doelgroepregister"), default=False)
    started_on = models.DateField(_("started work"))
    ended_on = models.DateField(_("left work"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("paid hours per week"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "started_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="uniq_person_reference"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="person_ended_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} #{self.reference}"

    @property
    def benefit_duration(self) -> str:
        return benefit_duration_bucket(self.benefit_months)


class BenefitNorm(models.Model):
    """The monthly social-assistance norm for a single adult in a year (gross benefits avoided use it)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    monthly_amount = MoneyField(_("monthly norm"), max_digits=10, decimal_places=2, default_currency="EUR")
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.monthly_amount}"


class OutcomeContract(models.Model):
    """A municipality's outcome contract: it pays per person from social assistance retained `retention_months`."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="outcome_contracts")
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    retention_months = models.PositiveSmallIntegerField(_("months retained"), default=12)

    class Meta:
        ordering = ["municipality", "start"]

    def __str__(self) -> str:
        return self.name


class OutcomeRate(models.Model):
    contract = models.ForeignKey(OutcomeContract, on_delete=models.CASCADE, related_name="rates")
    bucket = models.CharField(_("prior benefit duration"), max_length=4, choices=BenefitDuration.choices)
    amount = MoneyField(_("amount"), max_digits=10, decimal_places=2, default_currency="EUR")

    class Meta:
        ordering = ["contract", "bucket"]
        constraints = [models.UniqueConstraint(fields=["contract", "bucket"], name="uniq_outcome_rate")]

    def __str__(self) -> str:
        return f"{self.contract}: {self.get_bucket_display()} {self.amount}"


class OutcomePayment(models.Model):
    """A claim under an outcome contract for one person; marked paid when the municipality pays."""

    contract = models.ForeignKey(OutcomeContract, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="outcome_payments")
    amount = MoneyField(_("amount"), max_digits=10, decimal_places=2, default_currency="EUR")
    status = models.CharField(_("status"), max_length=10, choices=OutcomePaymentStatus.choices)
    claimed_on = models.DateField(_("claimed on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["contract", "claimed_on"]
        constraints = [models.UniqueConstraint(fields=["contract", "person"], name="uniq_outcome_payment")]

    def __str__(self) -> str:
        return f"{self.contract}: {self.person.reference} {self.get_status_display()}"
