"""The fund's books: its chart of accounts and its journal (entries with their lines).

Amounts are exact `Decimal`s in euros in two columns, `debit` and `credit`, one of them zero on every line, so a
balance is `SUM(debit) - SUM(credit)` in SQL. Journal entries and lines are append-only (a database trigger refuses
UPDATE and DELETE): a correction is a reversing entry that names the entry it reverses.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.models import Fund, Member, Organisation
from portfolio.models.loan import Loan

from .choices import AccountKind, AccountRole, JournalCode, SourceType


class Account(models.Model):
    """One account of a fund's chart; `role` is what the posting rules know it by, `number` what the fund calls it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accounts")
    role = models.CharField(_("purpose"), max_length=40, choices=AccountRole.choices, blank=True)
    number = models.CharField(_("account number"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)  # blank: the role's name, in the page's language
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    rgs_code = models.CharField(_("RGS code"), max_length=30, blank=True)

    class Meta:
        ordering = ["fund", "number"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="uniq_account_number_per_fund"),
            models.UniqueConstraint(
                fields=["fund", "role"], condition=~models.Q(role=""), name="uniq_account_role_per_fund"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.label}"

    @property
    def label(self) -> str:
        return account_label(self.name, self.role)


def account_label(name: str, role: str) -> str:
    """An account's name: its own, or its role's in the active language."""
    return name or str(AccountRole(role).label)


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The journal is append-only; post a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("The journal is append-only; post a reversing entry instead.")


class JournalEntry(_AppendOnly):
    """One balanced posting: numbered per fund and fiscal year, dated by its value date, traced to its source.

    (fund, source type, source id, kind) is unique: a source event is posted once, whoever runs the posting.
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="journal_entries")
    journal = models.CharField(_("journal"), max_length=3, choices=JournalCode.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    # none on a source event that moves nothing in the books (a rate change): recorded so it is not looked at again
    number = models.PositiveIntegerField(_("entry number"), null=True, blank=True)
    value_date = models.DateField(_("value date"))
    description = models.CharField(_("description"), max_length=200)
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices)
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40)  # a PostingKind; a settlement adds its date
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )  # a correction of a manual entry (later corrections reference what they correct here)
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["fund", "fiscal_year", "number"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["fund", "value_date"])]
        constraints = [
            models.UniqueConstraint(fields=["fund", "fiscal_year", "number"], name="uniq_journal_entry_number"),
            models.UniqueConstraint(
                fields=["fund", "source_type", "source_id", "kind"],
                condition=models.Q(source_id__isnull=False),
                name="uniq_journal_entry_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journal} {self.fiscal_year}-{self.number} {self.value_date}"


class JournalLine(_AppendOnly):
    """One side of a journal entry on one account, with the loan or member it concerns (the dimension)."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    debit = models.DecimalField(_("debit"), default=0, max_digits=16, decimal_places=2)
    credit = models.DecimalField(_("credit"), default=0, max_digits=16, decimal_places=2)
    description = models.CharField(_("description"), max_length=200, blank=True)
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, null=True, blank=True, related_name="journal_lines")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="journal_lines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="journal_lines"
    )

    class Meta:
        ordering = ["entry", "id"]
        indexes = [models.Index(fields=["account", "entry"]), models.Index(fields=["loan", "account"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(debit__gt=0, credit=0) | models.Q(debit=0, credit__gt=0)),
                name="journal_line_one_side_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} D{self.debit} C{self.credit}"
