"""Loan servicing: schedule versions, the append-only ledger, tranches, bank statements, snapshots and targets.

The loan engine (portfolio/engine/) computes every balance; these rows are what it computes from (ledger, terms)
and what it computed (schedule versions, daily snapshots), so pages and reports stay fast and reproducible.
"""

from decimal import Decimal
from typing import Any, TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.models import CapitalMovement, Distribution, Fund
from portfolio.choices import (
    AgingBucket,
    ApprovalStatus,
    BankLineStatus,
    EntrySource,
    ImpactTargetStatus,
    LedgerEntryType,
    LoanStatus,
    PaymentFileKind,
    QueueReason,
    TrancheStatus,
    VersionBasis,
)

from .loan import Loan


class _AmountDigits(TypedDict):
    max_digits: int
    decimal_places: int


AMOUNT: _AmountDigits = {"max_digits": 14, "decimal_places": 2}
# ledger entries that always need a second manager (a manual payment only above the fund's threshold)
FOUR_EYES_ENTRY_TYPES = [LedgerEntryType.WRITE_OFF, LedgerEntryType.INTEREST_WAIVER, LedgerEntryType.RATE_CHANGE]


class FundBankAccount(models.Model):
    """The fund's own account: it pays tranches out of it (pain.001) and collects installments into it (pain.008)."""

    fund = models.OneToOneField(Fund, on_delete=models.PROTECT, related_name="bank_account")
    account_name = models.CharField(_("account name"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    creditor_id = models.CharField(_("SEPA creditor id"), max_length=35, blank=True)

    def __str__(self) -> str:
        return f"{self.account_name} {self.iban}"


class ScheduleVersion(models.Model):
    """One version of a loan's contract terms and the schedule the engine made of them; never changed afterwards.

    `terms` is the engine's JSON form (docs/loan-engine.md) without later tranches: those come from the ledger.
    Versions based on the first disbursement or a restructuring are what the loan is serviced on; a contract version
    (before any money moved) and a tranche version (after a further tranche) show the schedule as it then stood.
    A serviced version counts the ledger entries with a primary key above `ledger_boundary`, dated on or after
    `effective_from`; the entries before belong to the version it replaced (a restructuring starts afresh on
    what was outstanding then).
    """

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="schedule_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    basis = models.CharField(_("basis"), max_length=20, choices=VersionBasis.choices)
    effective_from = models.DateField(_("effective from"))
    reason = models.CharField(_("reason"), max_length=200)
    terms = models.JSONField(_("terms"))
    ledger_boundary = models.PositiveBigIntegerField(default=0)
    total_principal = models.DecimalField(_("principal"), **AMOUNT)
    total_interest = models.DecimalField(_("interest"), **AMOUNT)
    capitalised = models.DecimalField(
        _("arrears capitalised"), default=0, **AMOUNT
    )  # added to principal by a restructuring
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["loan", "number"]
        constraints = [models.UniqueConstraint(fields=["loan", "number"], name="uniq_schedule_version")]

    def __str__(self) -> str:
        return f"{self.loan} v{self.number}"


class ScheduledInstallmentRow(models.Model):
    """One installment of a schedule version, as the engine computed it (EUR)."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField(_("due date"))
    principal = models.DecimalField(_("principal"), **AMOUNT)
    interest = models.DecimalField(_("interest"), **AMOUNT)
    total = models.DecimalField(_("total"), **AMOUNT)
    balance = models.DecimalField(_("balance after"), **AMOUNT)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="uniq_schedule_installment")]

    def __str__(self) -> str:
        return f"{self.version} #{self.number}"


class Tranche(models.Model):
    """A part of the loan paid out on its own, after its conditions precedent, approved four-eyes."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    amount = MoneyField(_("amount"), default_currency="EUR", **AMOUNT)
    planned_date = models.DateField(_("planned payment date"))
    status = models.CharField(
        _("status"), max_length=12, choices=TrancheStatus.choices, default=TrancheStatus.REQUESTED
    )
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, unique=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="uniq_tranche_number"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_amount_positive"),
            # four-eyes, also for anything that bypasses the services
            models.CheckConstraint(condition=~models.Q(approved_by=models.F("requested_by")), name="tranche_four_eyes"),
            # an approved or paid tranche names its approver (who differs from the requester, above)
            models.CheckConstraint(
                condition=~models.Q(status__in=[TrancheStatus.APPROVED, TrancheStatus.PAID])
                | models.Q(approved_by__isnull=False),
                name="tranche_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} tranche {self.number}"


class LedgerEntry(models.Model):
    """One posted movement on a loan. Append-only: a correction is a reversal entry plus a new entry.

    Amounts are positive; the type says the direction. `rate` is the new annual rate of a rate change; a
    write-off's amount is the principal it wrote off (the engine computes the full amount).
    An entry posted under four eyes (write-off, interest waiver, impact step-down, a manual payment above the
    fund's threshold) names the manager who asked for it (`created_by`) and the other one who approved it
    (`approved_by`); the database refuses such an entry without a second person.
    """

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="ledger_entries")
    entry_type = models.CharField(_("type"), max_length=20, choices=LedgerEntryType.choices)
    value_date = models.DateField(_("value date"))
    booking_date = models.DateField(_("booking date"))
    amount = MoneyField(_("amount"), default_currency="EUR", null=True, blank=True, **AMOUNT)
    rate = models.DecimalField(_("new rate (% a year)"), max_digits=6, decimal_places=3, null=True, blank=True)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    source = models.CharField(_("source"), max_length=20, choices=EntrySource.choices, default=EntrySource.MANUAL)
    tranche = models.OneToOneField(Tranche, on_delete=models.PROTECT, null=True, blank=True, related_name="entry")
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Set only by the migration that introduced the second approver, on the write-offs, waivers and rate changes
    # already posted then under the one-person rule of the time; never by the product.
    approval_predates_control = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["loan", "value_date", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["loan", "entry_type", "value_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0), name="ledger_amount_positive"
            ),
            # four eyes: whoever approved an entry is not whoever asked for it
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("created_by")), name="ledger_entry_four_eyes"
            ),
            # a write-off, an interest waiver and a rate change are never posted by one person alone
            models.CheckConstraint(
                condition=~models.Q(entry_type__in=FOUR_EYES_ENTRY_TYPES)
                | models.Q(approved_by__isnull=False, created_by__isnull=False)
                | models.Q(approval_predates_control=True),
                name="ledger_entry_needs_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.get_entry_type_display()} {self.amount or ''} {self.value_date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Ledger entries are append-only; post a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Ledger entries are append-only; post a reversal instead.")

    @property
    def money(self) -> Decimal:
        """The amount in euros of an entry that moves money (all but rate changes and reversals carry one)."""
        if self.amount is None:
            raise ValueError(f"Ledger entry {self.pk} ({self.entry_type}) carries no amount.")
        return self.amount.amount


class BankStatementImport(models.Model):
    """One imported bank file: what it held and what became of its lines."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bank_imports")
    file_name = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    lines_read = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    # the file's last statement's closing balance and the last booking date it covers (none when the file gives none)
    closing_balance = models.DecimalField(_("closing balance"), max_digits=16, decimal_places=2, null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class BankLine(models.Model):
    """One movement read from a bank statement; `import_key` makes a second import of it a no-op."""

    statement_import = models.ForeignKey(BankStatementImport, on_delete=models.PROTECT, related_name="lines")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bank_lines")
    import_key = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("entry"), max_length=120)
    account_iban = models.CharField(_("account"), max_length=34)
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=100, blank=True)
    remittance = models.CharField(_("remittance"), max_length=500, blank=True)
    counterparty_iban = models.CharField(_("payer IBAN"), max_length=34, blank=True)
    counterparty_name = models.CharField(_("payer"), max_length=140, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BankLineStatus.choices)
    candidates = models.JSONField(default=list, blank=True)  # loan ids an ambiguous line might belong to
    queue_reason = models.CharField(_("why queued"), max_length=24, choices=QueueReason.choices, blank=True)
    queue_detail = models.CharField(_("detail"), max_length=300, blank=True)  # e.g. what the engine refused
    note = models.CharField(_("note"), max_length=300, blank=True)  # the manager's, when parked or set aside
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_lines")
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_line")
    # a member's contribution recorded from the line (paid with the RF reference of its call line)
    contribution = models.OneToOneField(
        CapitalMovement, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_line"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["value_date", "id"]
        indexes = [models.Index(fields=["fund", "status"])]

    def __str__(self) -> str:
        return self.label


class BankLinePart(models.Model):
    """One part of a bank line split across loans: a repayment of `amount` on `loan` (the parts add up to the line)."""

    line = models.ForeignKey(BankLine, on_delete=models.PROTECT, related_name="parts")
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="bank_line_part")

    class Meta:
        ordering = ["line", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="bank_line_part_positive")]

    def __str__(self) -> str:
        return f"{self.line} → {self.loan} {self.amount}"


class PaymentFile(models.Model):
    """A SEPA file produced for the bank (pain.001 tranches or pain.008 collections), kept as produced."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payment_files")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentFileKind.choices)
    content = models.TextField()
    payments = models.PositiveIntegerField(default=0)
    total = models.DecimalField(_("total"), **AMOUNT)
    distribution = models.OneToOneField(
        Distribution, on_delete=models.PROTECT, null=True, blank=True, related_name="payment_file"
    )  # the distribution a payout file pays, made once a second manager approved it
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class LoanSnapshot(models.Model):
    """A loan's state on one date, as the engine computed it over the ledger (EUR, cumulative up to that date).

    A cache that keeps portfolio figures one SQL aggregation away: posting an entry with value date d deletes the
    loan's snapshots from d on, so a snapshot never disagrees with the ledger.
    """

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="snapshots")
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    status = models.CharField(max_length=20, choices=LoanStatus.choices)
    outstanding_principal = models.DecimalField(**AMOUNT)
    arrears = models.DecimalField(**AMOUNT)
    days_past_due = models.PositiveIntegerField()
    bucket = models.CharField(max_length=12, choices=AgingBucket.choices)
    disbursed = models.DecimalField(**AMOUNT)
    principal_repaid = models.DecimalField(**AMOUNT)
    income_received = models.DecimalField(**AMOUNT)  # interest, fees and penalties paid
    written_off_principal = models.DecimalField(**AMOUNT)
    recovered = models.DecimalField(**AMOUNT)
    annual_interest_rate = models.DecimalField(max_digits=6, decimal_places=3)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["loan", "as_of"]
        constraints = [models.UniqueConstraint(fields=["loan", "as_of"], name="uniq_loan_snapshot")]
        indexes = [models.Index(fields=["fund", "as_of"])]

    def __str__(self) -> str:
        return f"{self.loan} {self.as_of}"


class Restructuring(models.Model):
    """New terms for a loan from a date, requested by one fund manager and approved by another."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="restructurings")
    effective_date = models.DateField(_("effective from"))
    repayments = models.PositiveSmallIntegerField(_("installments from then"))
    annual_interest_rate = models.DecimalField(_("interest rate (% a year)"), max_digits=6, decimal_places=3)
    grace_months = models.PositiveSmallIntegerField(_("grace on principal (months)"), default=0)
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.OneToOneField(
        ScheduleVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="restructuring"
    )

    class Meta:
        ordering = ["loan", "-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="restructuring_four_eyes"
            ),
            # an approved restructuring names its approver (who differs from the requester, above)
            models.CheckConstraint(
                condition=~models.Q(status=ApprovalStatus.APPROVED) | models.Q(decided_by__isnull=False),
                name="restructuring_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} restructuring {self.effective_date}"


class ImpactTarget(models.Model):
    """Impact-linked interest: meeting `target_value` on `metric` by `test_date` steps the rate down."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="impact_targets")
    metric = models.ForeignKey("impactmetrics.Metric", on_delete=models.PROTECT, related_name="+")
    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    test_date = models.DateField(_("test date"))
    step_down = models.DecimalField(_("step-down (percentage points)"), max_digits=5, decimal_places=3)
    cap = models.DecimalField(_("total step-down at most (percentage points)"), max_digits=5, decimal_places=3)
    status = models.CharField(max_length=10, choices=ImpactTargetStatus.choices, default=ImpactTargetStatus.OPEN)
    achieved_value = models.DecimalField(_("achieved"), max_digits=20, decimal_places=4, null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["loan", "test_date"]
        constraints = [
            # a confirmed step-down names who approved it and the rate change it posted (itself under four eyes)
            models.CheckConstraint(
                condition=~models.Q(status=ImpactTargetStatus.CONFIRMED)
                | models.Q(confirmed_by__isnull=False, entry__isnull=False, achieved_value__isnull=False),
                name="impact_target_confirmed_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.metric_id} ≥ {self.target_value}"


class ArrearsReminder(models.Model):
    """A reminder e-mail sent at a DPD step of one episode of arrears (`overdue_since`: the oldest unpaid due date)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reminders")
    dpd_step = models.PositiveSmallIntegerField()
    overdue_since = models.DateField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["loan", "sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "dpd_step", "overdue_since"], name="uniq_arrears_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.dpd_step} DPD"
