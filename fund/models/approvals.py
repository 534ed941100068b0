"""Four eyes: a change one person requests (the maker) and a second authorised person approves or rejects (the checker).

A `PendingChange` holds what would change (`payload`) next to what it replaces (`before`), so the checker sees old and
new side by side. What an approved change does is registered per `kind` by the app that owns the object
(fund.services.approvals.approval_kind_register); fund knows nothing of the other apps' models.
The requester can never decide: the services refuse it and a database constraint holds it for anything else.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fund import Fund


class ChangeState(models.TextChoices):
    """A pending change's life: pending → approved | rejected (by a checker) | withdrawn (by its requester)."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PendingChange(models.Model):
    """One requested change under four eyes. Decided rows are never changed again."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pending_changes", verbose_name=_("fund"))
    kind = models.CharField(_("kind of change"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=40, blank=True, default="")
    target = GenericForeignKey("target_type", "target_id")
    payload = models.JSONField(_("new values"), default=dict)
    before = models.JSONField(_("current values"), default=dict)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change awaiting approval")
        verbose_name_plural = _("changes awaiting approval")
        indexes = [models.Index(fields=["fund", "state"], name="pending_change_fund_state")]
        constraints = [
            # four eyes, also for anything that bypasses the services
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="pending_change_four_eyes"
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "rejected"])
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="pending_change_decided_has_checker",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="pending") | models.Q(decided_by__isnull=True, decided_at__isnull=True),
                name="pending_change_pending_undecided",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="pending_change_has_reason"),
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id"],
                condition=models.Q(state="pending"),
                name="pending_change_one_per_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
