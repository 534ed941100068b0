"""Members of a fund's cooperative and their capital: commitments, calls, contributions, distributions.

Every amount is an append-only CapitalMovement; a correction is a reversal with the negated amount.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.choices import AuditAction, CapitalMovementKind, MemberKind
from fund.errors import DomainError
from fund.models import CapitalCall, CapitalMovement, Fund, Member, Municipality, Organisation, User
from fund.money import money_round
from fund.selectors import member_capital_accounts
from fund.validators import member_municipality_errors


@transaction.atomic
def member_admit(
    *,
    actor: User | None,
    fund: Fund,
    organisation: Organisation,
    kind: str,
    admission_date: datetime.date,
    municipality: Municipality | None = None,
) -> Member:
    """Admit an organisation as a member of the fund's cooperative. A municipality member names its municipality;
    no other kind names one (its officers would read the member's capital account)."""
    errors: dict[str, list[str]] = {}
    if kind not in MemberKind.values:
        errors["kind"] = [_("Choose the kind of member.")]
    errors |= member_municipality_errors(kind=kind, municipality=municipality)
    if Member.objects.filter(fund=fund, organisation=organisation).exists():
        errors["organisation"] = [_("%(org)s is already a member of %(fund)s.") % {"org": organisation, "fund": fund}]
    if errors:
        raise ValidationError(errors)
    member = Member.objects.create(
        fund=fund, organisation=organisation, kind=kind, admission_date=admission_date, municipality=municipality
    )
    audit_record(
        actor=actor,
        action=AuditAction.MEMBER_ADMITTED,
        obj=member,
        changes={"admission_date": [None, str(admission_date)]},
    )
    return member


def _positive(amount: Decimal) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    if amount != money_round(amount):
        raise ValidationError({"amount": [_("The amount has more than two decimals.")]})
    return amount


def _movement_post(
    *,
    actor: User | None,
    member: Member,
    kind: str,
    amount: Decimal,
    value_date: datetime.date,
    capital_call: CapitalCall | None = None,
    reference: str = "",
    note: str = "",
) -> CapitalMovement:
    movement = CapitalMovement.objects.create(
        member=member,
        kind=kind,
        amount=Money(amount, "EUR"),
        value_date=value_date,
        capital_call=capital_call,
        reference=reference,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction(f"capital.{kind}"),
        obj=member,
        changes={kind: [None, f"€ {amount} · {value_date.isoformat()}"]},
    )
    return movement


@transaction.atomic
def capital_commit(
    *, actor: User | None, member: Member, amount: Decimal, value_date: datetime.date, reference: str = ""
) -> CapitalMovement:
    """Record a (further) commitment of capital by a member."""
    return _movement_post(
        actor=actor,
        member=member,
        kind=CapitalMovementKind.COMMITMENT,
        amount=_positive(amount),
        value_date=value_date,
        reference=reference,
    )


@transaction.atomic
def capital_call_issue(
    *,
    actor: User | None,
    fund: Fund,
    call_date: datetime.date,
    due_date: datetime.date,
    percent: Decimal,
    purpose: str = "",
) -> CapitalCall:
    """Call `percent` of every member's commitment (as of the call date); each share is rounded to the cent.

    A member is never called for more than its unfunded commitment.
    """
    percent = Decimal(percent)
    if not Decimal("0") < percent <= Decimal("100"):
        raise ValidationError({"percent": [_("Call between 0 and 100 percent of the commitments.")]})
    if due_date < call_date:
        raise ValidationError({"due_date": [_("The due date lies before the call date.")]})
    Fund.objects.select_for_update().get(pk=fund.pk)
    number = (fund.capital_calls.aggregate(n=Max("number"))["n"] or 0) + 1
    call = CapitalCall.objects.create(
        fund=fund, number=number, call_date=call_date, due_date=due_date, percent=percent, purpose=purpose
    )
    accounts = member_capital_accounts(fund=fund, as_of=call_date)
    members = {m.pk: m for m in fund.members.all()}
    for account in accounts:
        share = min(money_round(account.committed * percent / 100), account.committed - account.called)
        if share > 0:
            _movement_post(
                actor=actor,
                member=members[account.member_id],
                kind=CapitalMovementKind.CALL,
                amount=share,
                value_date=call_date,
                capital_call=call,
                reference=call.payment_reference,
            )
    audit_record(
        actor=actor,
        action=AuditAction.CAPITAL_CALL_ISSUED,
        obj=fund,
        changes={"capital_call": [None, f"{number}: {percent}%"]},
    )
    return call


@transaction.atomic
def capital_contribution_record(
    *,
    actor: User | None,
    member: Member,
    amount: Decimal,
    value_date: datetime.date,
    capital_call: CapitalCall | None = None,
    reference: str = "",
) -> CapitalMovement:
    """Record money paid in by a member (usually against a call)."""
    return _movement_post(
        actor=actor,
        member=member,
        kind=CapitalMovementKind.CONTRIBUTION,
        amount=_positive(amount),
        value_date=value_date,
        capital_call=capital_call,
        reference=reference,
    )


@transaction.atomic
def capital_distribution_record(
    *, actor: User | None, member: Member, amount: Decimal, value_date: datetime.date, reference: str = ""
) -> CapitalMovement:
    """Record money the fund paid back to a member."""
    return _movement_post(
        actor=actor,
        member=member,
        kind=CapitalMovementKind.DISTRIBUTION,
        amount=_positive(amount),
        value_date=value_date,
        reference=reference,
    )


@transaction.atomic
def capital_movement_reverse(*, actor: User | None, movement: CapitalMovement, reason: str) -> CapitalMovement:
    """Cancel a movement by posting its negation; the original stays as it was."""
    movement = CapitalMovement.objects.select_for_update().get(pk=movement.pk)
    if movement.reverses_id is not None:
        raise DomainError(_("A reversal cannot itself be reversed; post a new movement instead."))
    if CapitalMovement.objects.filter(reverses=movement).exists():
        raise DomainError(_("This movement has been reversed already."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the movement is reversed.")]})
    reversal = CapitalMovement.objects.create(
        member=movement.member,
        kind=movement.kind,
        amount=-movement.amount,
        value_date=movement.value_date,
        capital_call=movement.capital_call,
        reverses=movement,
        reference=movement.reference,
        note=reason[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CAPITAL_REVERSED,
        obj=movement.member,
        changes={movement.kind: [f"€ {movement.amount.amount}", "€ 0.00"], "reason": [None, reason]},
    )
    return reversal
