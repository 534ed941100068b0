"""A loan: created in status approved by an IC decision; the loan-servicing work takes it from there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.models import Fund, Organisation
from portfolio.choices import (
    Allocation,
    ApprovalStatus,
    ConditionStatus,
    EarlyPayment,
    Instrument,
    LoanStatus,
    Prepayment,
)

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
    # the contract (set by loan_contract_sign)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    first_due_date = models.DateField(_("first due date"), null=True, blank=True)
    borrower_iban = models.CharField(_("borrower's IBAN"), max_length=34, blank=True)
    mandate_reference = models.CharField(_("direct-debit mandate reference"), max_length=35, blank=True)
    mandate_signed_on = models.DateField(_("mandate signed on"), null=True, blank=True)
    security = models.TextField(_("security"), blank=True)
    guarantees = models.TextField(_("guarantees"), blank=True)
    allocation = models.CharField(
        _("allocation of payments"),
        max_length=40,
        choices=Allocation.choices,
        default=Allocation.PENALTIES_FEES_INTEREST_PRINCIPAL,
    )
    prepayment = models.CharField(
        _("prepayment policy"), max_length=20, choices=Prepayment.choices, default=Prepayment.REDUCE_INSTALLMENT
    )
    early_payment = models.CharField(
        _("early payments"), max_length=20, choices=EarlyPayment.choices, default=EarlyPayment.SETTLE_NEXT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

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
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_document = models.ForeignKey(
        "portfolio.ApplicationDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        ordering = ["loan", "position", "id"]

    def __str__(self) -> str:
        return self.text


class ConditionWaiver(models.Model):
    """A request to waive a condition precedent: one fund manager asks, with the reason; another approves or rejects.

    Four-eyes: the requester never decides (the service refuses it and so does the database); a condition has at
    most one pending request. Decided requests stay as they were: the condition's waiver history.
    """

    condition = models.ForeignKey(ConditionPrecedent, on_delete=models.PROTECT, related_name="waivers")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.REQUESTED
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["condition", "requested_at", "id"]
        verbose_name = _("condition waiver")
        verbose_name_plural = _("condition waivers")
        constraints = [
            # four-eyes, also for anything that bypasses the services
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="condition_waiver_four_eyes"
            ),
            models.CheckConstraint(
                condition=models.Q(status=ApprovalStatus.REQUESTED) | models.Q(decided_by__isnull=False),
                name="condition_waiver_decided_by_someone",
            ),
            models.UniqueConstraint(
                fields=["condition"],
                condition=models.Q(status=ApprovalStatus.REQUESTED),
                name="condition_waiver_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.condition} ({self.get_status_display()})"


class Covenant(models.Model):
    """An undertaking the borrower keeps for the life of the loan (checked by loan servicing)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="covenants")
    text = models.CharField(_("covenant"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    breached_since = models.DateField(_("breached since"), null=True, blank=True)

    class Meta:
        ordering = ["loan", "position", "id"]

    def __str__(self) -> str:
        return self.text
