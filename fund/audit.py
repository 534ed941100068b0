"""Writing the audit log. Every service that changes data calls `audit_record` inside its transaction."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fund.models import AuditEvent


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str | None]:
    """The display values of `fields` on `obj`, to diff against after a change."""
    return {name: _display(getattr(obj, name)) for name in fields}


def diff(before: dict[str, str | None], after: dict[str, str | None]) -> dict[str, list[str | None]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEvent:
    """Append one audit event; call it in the same transaction as the change it describes."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )
