"""Writing the audit log. Every service that changes data calls `audit_record` inside its transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from djmoney.money import Money

from fund.models import AuditEvent


def _stored(value: Any) -> str | None:
    """A value as the audit log keeps it: in no language (a choice as its code, an amount as "75000.00", a date as
    2026-01-31), so the history panel can show it in the reader's language."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str | None]:
    """The stored values of `fields` on `obj` (a choice as its code: the history panel shows its label in the
    reader's language), to diff against after a change."""
    return {name: _stored(getattr(obj, name)) for name in fields}


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


# Labels are lazy translations: turned into the reader's language when read.
_ACTION_LABELS: dict[str, str | Promise] = {}
_CHANGE_LABELS: dict[str, str | Promise] = {}
_CHANGE_CHOICES: dict[str, type[models.Choices]] = {}
_ACTION_MODELS: dict[str, type[models.Model]] = {}


def register_action_models(action_models: dict[str, type[models.Model]]) -> None:
    """Say which model the changes of an action describe when it is recorded on another object, e.g.
    {"loan.tranche_requested": Tranche} (recorded on the loan): the history panel then names and shows the changes
    as that model's fields (a choice as its label, an amount in the reader's format)."""
    _ACTION_MODELS.update(action_models)


def action_model(action: str) -> type[models.Model] | None:
    """The model registered for `action` with `register_action_models`, or None."""
    return _ACTION_MODELS.get(action)


def register_change_choices(choices: dict[str, type[models.Choices]]) -> None:
    """Name the choices of change keys whose field carries none (a JSON list, a related table), e.g.
    {"themes": Theme}: the history panel shows their labels."""
    _CHANGE_CHOICES.update(choices)


def change_choices(name: str) -> type[models.Choices] | None:
    """The choices registered for change key `name`, or None."""
    return _CHANGE_CHOICES.get(name)


def register_change_labels(labels: Mapping[str, str | Promise]) -> None:
    """Name the keys of audit changes that are not fields of the object (lazy translations), e.g.
    {"call": _("Capital call")} for a member's capital movements."""
    _CHANGE_LABELS.update(labels)


def change_label(name: str) -> str | None:
    """The readable name of a change key registered with `register_change_labels`, or None."""
    label = _CHANGE_LABELS.get(name)
    return str(label) if label is not None else None


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Let an app name its audit actions for people (lazy translations), e.g. {"loan.disbursed": _("Disbursed")}."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The readable name of an audit action; unknown codes are spelled out ('capital_call.issued' → 'Capital call
    issued')."""
    label = _ACTION_LABELS.get(action)
    return str(label) if label else action.replace(".", " ").replace("_", " ").capitalize()
