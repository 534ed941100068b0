"""Writing the audit log. Every service that changes data calls `audit_record` inside its transaction."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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
    """The display values of `fields` on `obj` (a choice as its label), to diff against after a change."""
    values = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.choices and getattr(obj, name):
            values[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            values[name] = _display(getattr(obj, name))
    return values


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


_ACTION_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict[str, str]) -> None:
    """Let an app name its audit actions for people (lazy translations), e.g. {"loan.disbursed": _("Disbursed")}."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The readable name of an audit action; unknown codes are spelled out ('capital_call.issued' → 'Capital call
    issued')."""
    label = _ACTION_LABELS.get(action)
    return str(label) if label else action.replace(".", " ").replace("_", " ").capitalize()
