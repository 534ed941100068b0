"""Cooperative members of a fund and their capital account, kept as an append-only list of movements."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.choices import CapitalMovementKind, MemberKind

from .fund import Fund
from .organisation import Organisation
from .reference import Municipality


class Member(models.Model):
    """A member (lid) of a fund's cooperative: municipality, foundation, private, institutional or individual."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    # Set for kind=municipality, and only then: the municipality this member is (its officers read its reports and
    # its capital account).
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    admission_date = models.DateField(_("admission date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)

    class Meta:
        ordering = ["fund", "organisation__legal_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["fund", "organisation"], name="uniq_member_fund_organisation"),
            models.CheckConstraint(
                condition=~models.Q(kind="municipality") | models.Q(municipality__isnull=False),
                name="municipality_member_names_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="municipality") | models.Q(municipality__isnull=True),
                name="only_municipality_member_names_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.fund})"


class CapitalCall(models.Model):
    """A fund-wide call on its members' commitments; each member's share is a CapitalMovement of kind call."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="capital_calls")
    number = models.PositiveIntegerField(_("number"))
    call_date = models.DateField(_("call date"))
    due_date = models.DateField(_("due date"))
    percent = models.DecimalField(_("percent of commitment"), max_digits=7, decimal_places=4)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        ordering = ["fund", "number"]
        constraints = [models.UniqueConstraint(fields=["fund", "number"], name="uniq_capital_call_number")]

    def __str__(self) -> str:
        return _("%(fund)s, call %(number)s") % {"fund": self.fund.name, "number": self.number}

    @property
    def payment_reference(self) -> str:
        """The call's own name, the same in every language: SIF-ROTTERDAM-2025-C1. A member pays with the RF
        reference on its call line (the CapitalMovement of kind call), which is unique per member and call."""
        return f"{self.fund.slug.upper()}-{self.call_date:%Y}-C{self.number}"


class Distribution(models.Model):
    """A fund-wide distribution to its members; each member's share is a CapitalMovement of kind distribution."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="distributions")
    number = models.PositiveIntegerField(_("number"))
    value_date = models.DateField(_("value date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["fund", "number"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [models.UniqueConstraint(fields=["fund", "number"], name="uniq_distribution_number")]

    def __str__(self) -> str:
        return _("%(fund)s, distribution %(number)s") % {"fund": self.fund.name, "number": self.number}


class CapitalMovement(models.Model):
    """One entry of a member's capital account. Append-only: a correction is a reversal entry (negated amount)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="capital_movements")
    kind = models.CharField(_("kind"), max_length=20, choices=CapitalMovementKind.choices)
    value_date = models.DateField(_("value date"))
    amount = MoneyField(_("amount"), max_digits=14, decimal_places=2, default_currency="EUR")
    capital_call = models.ForeignKey(
        CapitalCall, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    distribution = models.ForeignKey(
        Distribution, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["member", "value_date", "id"]
        indexes = [models.Index(fields=["member", "kind", "value_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.value_date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError("Capital movements are append-only; post a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Capital movements are append-only; post a reversal instead.")


class CapitalCallReminder(models.Model):
    """One reminder sent for a member's unpaid share of a call (its call line). Append-only: the rows are the record
    of when members were reminded, and the reminder job reads the last one to remind at most once per interval."""

    line = models.ForeignKey(CapitalMovement, on_delete=models.PROTECT, related_name="reminders")
    sent_on = models.DateField(_("sent on"))
    outstanding = MoneyField(_("outstanding"), max_digits=14, decimal_places=2, default_currency="EUR")
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["line", "sent_on"], name="uniq_call_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.line} · {self.sent_on}"
