"""Writing the audit log. Every service that changes data calls `audit_record` inside its transaction.

The log is a hash chain: each event stores `prev_hash` (the hash of the event written before it, "" for the first)
and `hash` = SHA-256 of the canonical JSON of its content and `prev_hash` (`event_hash`). Writers take one lock
(PostgreSQL: a transaction-level advisory lock; SQLite serialises writers itself) before reading the last hash, so
two transactions never chain onto the same event. `audit_chain_verify` recomputes the chain; an event altered,
removed or inserted out of order breaks it at that event. The database refuses UPDATE and DELETE on the table.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from djmoney.money import Money

from fund.models import AuditEvent, Fund

# Any constant 64-bit number, the same in every process: the key of the advisory lock that orders the chain.
AUDIT_CHAIN_LOCK_KEY = 0x5F1A0D17


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


# model -> attribute path (Django "__" spelling) to an object with a `fund_id`, for models without a `fund` field
_FUND_PATHS: dict[type[models.Model], str] = {}


def register_fund_paths(paths: Mapping[type[models.Model], str]) -> None:
    """Say how the fund of an audited object is reached when its model has no `fund` field, e.g.
    {SubmissionVersion: "request__plan"} (the version's request's plan has the fund): its events are then shown to
    that fund's managers."""
    _FUND_PATHS.update(paths)


def event_fund_id(obj: models.Model) -> int | None:
    """The fund an event on `obj` belongs to: the fund itself, the object's `fund`, or the registered path; None for
    shared data (organisations, users, the catalog)."""
    if isinstance(obj, Fund):
        return obj.pk
    path = _FUND_PATHS.get(type(obj))
    target: Any = obj
    for part in path.split("__") if path else []:
        target = getattr(target, part, None)
        if target is None:
            return None
    fund_id = getattr(target, "fund_id", None)
    return fund_id if isinstance(fund_id, int) else None


def _utc_iso(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    prev_hash: str,
    actor_id: int | None,
    action: str,
    content_type: ContentType,
    object_id: str,
    object_repr: str,
    changes: Any,
    at: datetime.datetime,
    fund_id: int | None,
) -> str:
    """SHA-256 (hex) of an event's content and the previous event's hash, as canonical JSON (sorted keys, no
    spaces, UTF-8; the time in UTC with microseconds; the object's type as "app_label.model")."""
    content = {
        "prev_hash": prev_hash,
        "actor": actor_id,
        "action": action,
        "content_type": f"{content_type.app_label}.{content_type.model}",
        "object_id": object_id,
        "object_repr": object_repr,
        "changes": changes,
        "at": _utc_iso(at),
        "fund": fund_id,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _stored_hash(event: AuditEvent) -> str:
    """The hash `event` should carry, recomputed from what the database holds."""
    return event_hash(
        prev_hash=event.prev_hash,
        actor_id=event.actor_id,
        action=event.action,
        content_type=ContentType.objects.get_for_id(event.content_type_id),
        object_id=event.object_id,
        object_repr=event.object_repr,
        changes=event.changes,
        at=event.at,
        fund_id=event.fund_id,
    )


def _chain_lock() -> None:
    """Hold the chain's lock until the transaction ends, so that no other writer reads the same last hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK_KEY])


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEvent:
    """Append one audit event; call it in the same transaction as the change it describes.

    The event is chained onto the last one under a lock held until the transaction commits: audited writes are
    serialised at this point."""
    # As the JSON column gives it back, so the hash recomputed from the database matches.
    stored_changes = json.loads(json.dumps(changes or {}))
    with transaction.atomic():
        _chain_lock()
        prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        event = AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            action=str(action),
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            changes=stored_changes,
            at=timezone.now(),
            fund_id=event_fund_id(obj),
            prev_hash=prev_hash,
        )
        event.hash = _stored_hash(event)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the audit chain: how many events matched, and the first one that did not."""

    checked: int
    broken: AuditEvent | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None


def audit_chain_verify() -> ChainReport:
    """Walk every audit event in the order written; stop at the first whose stored hash is not the hash of its
    content (it was changed) or whose `prev_hash` is not the previous event's hash (an event before it was removed or
    inserted). An intact chain reports the number of events checked."""
    prev = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return ChainReport(checked, event, "the event before it was removed, changed or inserted")
        if _stored_hash(event) != event.hash:
            return ChainReport(checked, event, "its content was changed after it was written")
        prev = event.hash
        checked += 1
    return ChainReport(checked)


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
