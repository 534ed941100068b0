"""Four eyes: request a change, and have a second authorised person approve or reject it; the requester never can.

Guarantees:
- A change is requested with a reason by someone who may act for the fund (its managers, or an administrator), for a
  kind an app registered (`approval_kind_register`, from its AppConfig.ready); one pending change per kind and target.
- Only a checker decides: someone other than the requester who holds one of the kind's checker roles for that fund
  (default: fund manager of that fund). The requester may withdraw their own pending change instead.
- Approving runs the kind's `apply` in the same transaction as the decision, so a change is either approved and
  applied or neither; rejecting or withdrawing runs the kind's `on_decline` (when it has one) the same way. The
  database refuses a decider equal to the requester whatever path writes the row.
- Every request and decision is an audit event on the changed object (the fund when there is none).
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund import access
from fund.approval_kinds import (
    KINDS,
    DescribeFunc,
    DescribeRow,
    approval_kind,
    approval_kind_label,
    approval_kind_register,
    approval_kinds,
)
from fund.audit import audit_record
from fund.choices import AuditAction, Role
from fund.errors import FourEyesError
from fund.formatting import value_for_field
from fund.models import ChangeState, Fund, PendingChange, User


def approval_json(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as a payload keeps them: Decimal, Money, dates and model instances as strings (an amount "1234.50",
    a date "2026-01-31", an object its primary key), so the JSON reads the same in any language."""

    def one(value: Any) -> Any:
        if isinstance(value, Money):
            return str(value.amount)
        if isinstance(value, Decimal | datetime.date):
            return value.isoformat() if isinstance(value, datetime.date) else str(value)
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, Mapping):
            return {str(k): one(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [one(v) for v in value]
        return value

    return {str(key): one(value) for key, value in values.items()}


def may_check(user: User, *, fund: Fund, kind: str) -> bool:
    """Whether `user` holds a checker role of `kind` for `fund` (the requester test is separate)."""
    roles = approval_kind(kind).checker_roles
    if Role.ADMIN in roles and access.is_admin(user):
        return True
    return any(r.role in roles and r.fund_id == fund.pk for r in access.user_roles(user))


def may_request(user: User, *, fund: Fund) -> bool:
    """Whether `user` may ask for a change to `fund`'s data: its managers and administrators."""
    return access.can_manage_fund(user, fund)


def change_may_decide(user: User, change: PendingChange) -> bool:
    """Whether `user` may approve or reject `change` now (pending, not theirs, a checker for its fund)."""
    return (
        change.state == ChangeState.PENDING
        and change.requested_by_id != user.pk
        and change.kind in KINDS
        and may_check(user, fund=change.fund, kind=change.kind)
    )


def change_may_withdraw(user: User, change: PendingChange) -> bool:
    """Whether `user` may withdraw `change` now (their own, still pending)."""
    return change.state == ChangeState.PENDING and change.requested_by_id == user.pk


def _stringify(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _rows_as(model: type[models.Model] | None, change: PendingChange) -> list[DescribeRow]:
    rows: list[DescribeRow] = []
    for key in dict.fromkeys([*change.before, *change.payload]):
        old, new = change.before.get(key), change.payload.get(key)
        label = key.replace("_", " ")
        field: Any = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        if field is not None and hasattr(field, "verbose_name"):
            label = str(field.verbose_name)
            old_text = value_for_field(field, str(old)) if old not in (None, "") else "—"
            new_text = value_for_field(field, str(new)) if new not in (None, "") else "—"
        else:
            old_text, new_text = _stringify(old), _stringify(new)
        rows.append((label[:1].upper() + label[1:], old_text, new_text))
    return rows


def describe_as(model: type[models.Model]) -> DescribeFunc:
    """A `describe` for a kind whose payload keys are fields of `model` (not of the change's target): each row is
    named and formatted as that model's field."""
    return lambda change: _rows_as(model, change)


def change_rows(change: PendingChange) -> list[DescribeRow]:
    """The approver's side-by-side rows: (field, old, new). The kind's `describe` when it has one; else every key of
    `before` and `payload`, named and formatted as the changed object's field when it has one."""
    registered = KINDS.get(change.kind)
    if registered is not None and registered.describe is not None:
        return registered.describe(change)
    return _rows_as(change.target_type.model_class() if change.target_type is not None else None, change)


def _audit_object(change: PendingChange) -> models.Model:
    target = change.target if change.target_type_id else None
    return target if isinstance(target, models.Model) else change.fund


def _audit(change: PendingChange, *, actor: User, action: str, extra: dict[str, Any] | None = None) -> None:
    changes: dict[str, Any] = {
        "change": [None, f"{approval_kind_label(change.kind)} #{change.pk}"],
        "reason": [None, change.reason],
    }
    if action == AuditAction.CHANGE_REQUESTED:
        changes |= {
            key: [_stringify(change.before.get(key)), _stringify(value)] for key, value in change.payload.items()
        }
    audit_record(actor=actor, action=action, obj=_audit_object(change), changes=changes | (extra or {}))


def _locked(change: PendingChange) -> PendingChange:
    return PendingChange.objects.select_for_update().select_related("fund").get(pk=change.pk)


def _pending_check(change: PendingChange) -> None:
    if change.state != ChangeState.PENDING:
        raise FourEyesError(
            _("This change is %(state)s already; it cannot be decided again.")
            % {"state": change.get_state_display().lower()}
        )


def _declined(change: PendingChange, actor: User) -> None:
    registered = KINDS.get(change.kind)
    if registered is not None and registered.on_decline is not None:
        registered.on_decline(change, actor)


@transaction.atomic
def change_request(
    *,
    actor: User,
    fund: Fund,
    kind: str,
    payload: Mapping[str, Any],
    before: Mapping[str, Any],
    reason: str,
    target: models.Model | None = None,
) -> PendingChange:
    """Ask for a change under four eyes; nothing changes until a second person approves it.

    Refused: an unregistered kind, an actor who may not act for the fund, an empty reason (on the field "reason"),
    and a second pending change of the same kind on the same object (the fund when `target` is None)."""
    approval_kind(kind)
    if not may_request(actor, fund=fund):
        raise FourEyesError(_("You cannot request changes for %(fund)s.") % {"fund": fund})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why this change is needed; the approver reads it.")]})
    target = target if target is not None else fund
    Fund.objects.select_for_update().filter(pk=fund.pk).first()  # one request at a time per fund: no duplicate slips by
    target_type = ContentType.objects.get_for_model(target)
    waiting = (
        PendingChange.objects.filter(
            fund=fund, kind=kind, target_type=target_type, target_id=str(target.pk), state=ChangeState.PENDING
        )
        .select_related("requested_by")
        .first()
    )
    if waiting is not None:
        raise FourEyesError(
            _(
                "A change of this kind (%(kind)s) is already awaiting approval, requested by %(user)s on %(date)s: "
                "have it decided or withdrawn first."
            )
            % {
                "kind": approval_kind_label(kind),
                "user": waiting.requested_by,
                "date": timezone.localtime(waiting.requested_at).date().isoformat(),
            }
        )
    change = PendingChange.objects.create(
        fund=fund,
        kind=kind,
        target_type=target_type,
        target_id=str(target.pk),
        payload=approval_json(payload),
        before=approval_json(before),
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    _audit(change, actor=actor, action=AuditAction.CHANGE_REQUESTED)
    return change


def _checker_check(actor: User, change: PendingChange, *, rejecting: bool) -> None:
    if change.requested_by_id == actor.pk:
        if rejecting:
            raise FourEyesError(
                _("You requested this change; another manager must decide on it (you may withdraw it).")
            )
        raise FourEyesError(_("You requested this change; another manager must approve it."))
    if not may_check(actor, fund=change.fund, kind=change.kind):
        raise FourEyesError(_("You may not decide on changes of this kind for %(fund)s.") % {"fund": change.fund})


@transaction.atomic
def change_approve(*, actor: User, change: PendingChange) -> PendingChange:
    """Approve a pending change and make it (the kind's `apply`), in one transaction.

    Refused to its requester, to anyone without a checker role of its kind for its fund, and once decided."""
    change = _locked(change)
    _pending_check(change)
    _checker_check(actor, change, rejecting=False)
    kind = approval_kind(change.kind)
    change.state = ChangeState.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    kind.apply(change, actor)
    _audit(change, actor=actor, action=AuditAction.CHANGE_APPROVED)
    return change


@transaction.atomic
def change_reject(*, actor: User, change: PendingChange, note: str) -> PendingChange:
    """Reject a pending change with a note saying why; nothing is changed but what the kind's `on_decline` closes
    (e.g. the tranche request itself). Refused to its requester (who withdraws
    instead) and to anyone without a checker role of its kind for its fund."""
    change = _locked(change)
    _pending_check(change)
    _checker_check(actor, change, rejecting=True)
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say why you reject this change; the requester reads it.")]})
    change.state = ChangeState.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _declined(change, actor)
    _audit(change, actor=actor, action=AuditAction.CHANGE_REJECTED, extra={"note": [None, change.decision_note]})
    return change


@transaction.atomic
def change_withdraw(*, actor: User, change: PendingChange) -> PendingChange:
    """The requester takes back their own pending change; nothing is changed but what the kind's `on_decline` closes.
    Refused to anyone else."""
    change = _locked(change)
    if change.state != ChangeState.PENDING:
        raise FourEyesError(
            _("This change is %(state)s already; it cannot be withdrawn.")
            % {"state": change.get_state_display().lower()}
        )
    if change.requested_by_id != actor.pk:
        raise FourEyesError(_("Only the person who requested this change can withdraw it."))
    change.state = ChangeState.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_at"])
    _declined(change, actor)
    _audit(change, actor=actor, action=AuditAction.CHANGE_WITHDRAWN)
    return change


__all__ = [
    "approval_json",
    "approval_kind",
    "approval_kind_label",
    "approval_kind_register",
    "approval_kinds",
    "change_approve",
    "change_may_decide",
    "change_may_withdraw",
    "change_reject",
    "change_request",
    "change_rows",
    "change_withdraw",
    "describe_as",
    "may_check",
    "may_request",
]
