"""Organisations: investees (social enterprises) and cooperative members alike."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.choices import LabelKind, LegalForm, PsoLevel

from .reference import Municipality


class Organisation(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, help_text=_("8 digits"))
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Derived from the postcode by the organisation services; never typed in.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("municipality")
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_investee = models.BooleanField(_("investee"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~models.Q(kvk_number=""), name="uniq_organisation_kvk_number"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name


class ImpactLabel(models.Model):
    """A recognised impact label held by an organisation for a period (valid_to empty: still valid)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="labels")
    kind = models.CharField(_("label"), max_length=10, choices=LabelKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=PsoLevel.choices, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reference = models.CharField(_("certificate reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["organisation", "kind", "valid_from"]
        verbose_name = _("impact label")
        verbose_name_plural = _("impact labels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="label_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        level = f" ({self.get_level_display()})" if self.level else ""
        return f"{self.get_kind_display()}{level}"

    def held_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
