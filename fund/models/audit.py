"""The audit log: who changed what, when, from what to what. Written by services in the same transaction.

Append-only and tamper-evident: the database refuses UPDATE and DELETE on the table (a trigger, migration
fund.0006), and each event carries the SHA-256 of its content and of the event before it (`fund.audit`), so
`manage.py audit_verify` finds an event altered or removed behind the application's back.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    # {"field": [old, new]} with values as display strings
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Set by fund.audit before the insert (it is part of the hashed content), never by the database.
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    # The fund the event belongs to (None for shared data: organisations, users, the catalog): managers see their
    # own funds' events only.
    fund = models.ForeignKey(
        "fund.Fund", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("fund")
    )
    # The chain: SHA-256 (hex) of the previous event's hash and this event's content (fund.audit.event_hash).
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
