"""A loan: created in status approved by an IC decision; the loan-servicing work takes it from there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.models import Fund, Organisation
from portfolio.choices import ConditionStatus, Instrument, LoanStatus

from .application import Application
from .committee import ICDecision


class Loan(models.Model):
    """The approved terms of one loan. Money movements and schedules are added by loan servicing."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="loans")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="loans")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="loan")
    decision = models.OneToOneField(ICDecision, on_delete=models.PROTECT, related_name="loan")
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.APPROVED)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    principal = MoneyField(_("principal"), max_digits=14, decimal_places=2, default_currency="EUR")
    annual_interest_rate = models.DecimalField(_("interest rate (% a year)"), max_digits=6, decimal_places=3)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace on principal (months)"), default=0)
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-approved_at"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.CheckConstraint(condition=models.Q(principal__gt=0), name="loan_principal_positive"),
            models.CheckConstraint(condition=models.Q(grace_months__lt=models.F("term_months")), name="loan_grace"),
        ]

    def __str__(self) -> str:
        return self.reference


class ConditionPrecedent(models.Model):
    """A condition the IC set that must be met (or waived) before money is paid out."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="conditions_precedent")
    text = models.CharField(_("condition"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=ConditionStatus.choices, default=ConditionStatus.OPEN)

    class Meta:
        ordering = ["loan", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Covenant(models.Model):
    """An undertaking the borrower keeps for the life of the loan (checked by loan servicing)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="covenants")
    text = models.CharField(_("covenant"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["loan", "position", "id"]

    def __str__(self) -> str:
        return self.text
