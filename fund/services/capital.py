"""Members of a fund's cooperative and their capital: commitments, calls, contributions, distributions.

Every amount is an append-only CapitalMovement; a correction is a reversal with the negated amount.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.choices import AuditAction, CapitalMovementKind, MemberKind
from fund.creditor_reference import creditor_reference_compact, creditor_reference_create
from fund.errors import DomainError
from fund.models import (
    CapitalCall,
    CapitalMovement,
    Distribution,
    Fund,
    Member,
    Municipality,
    Organisation,
    User,
)
from fund.money import money_round, money_split
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
    distribution: Distribution | None = None,
    reference: str = "",
    note: str = "",
) -> CapitalMovement:
    movement = CapitalMovement.objects.create(
        member=member,
        kind=kind,
        amount=Money(amount, "EUR"),
        value_date=value_date,
        capital_call=capital_call,
        distribution=distribution,
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


def call_shares(*, commitments: list[Decimal], percent: Decimal) -> list[Decimal]:
    """Each member's share of a call of `percent` of its commitment, in the order given (largest commitment first).

    call total  = money_round(Σ commitment · percent / 100)
    share       = money_round(commitment · percent / 100) for every member but the first;
    first share = call total − Σ other shares (the rounding difference, at most half a cent per member, goes to the
                  member with the largest commitment, for whom a cent weighs least)
    so the shares always add up to the call total exactly.
    """
    exact = [Decimal(c) * Decimal(percent) / 100 for c in commitments]
    if not exact:
        return []
    total = money_round(sum(exact, Decimal(0)))
    rest = [money_round(e) for e in exact[1:]]
    return [total - sum(rest, Decimal(0)), *rest]


def call_line_reference(*, call: CapitalCall, member: Member) -> str:
    """The RF creditor reference of a member's share of a call: 7 digits of call id, 7 of member id, so unique
    per member and call in the whole product (RF + 2 check digits + 14 digits)."""
    return creditor_reference_create(f"{call.pk:07d}{member.pk:07d}")


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
    """Call `percent` of every member's commitment (as of the call date): one call line per member, carrying its own
    RF reference to pay with. The shares are split by `call_shares` (they add up to the call total to the cent).

    A member is never called for more than its unfunded commitment (its share is then cut to that).
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
    accounts = [a for a in member_capital_accounts(fund=fund, as_of=call_date) if a.committed > a.called]
    members = {m.pk: m for m in fund.members.all()}
    shares = call_shares(commitments=[a.committed for a in accounts], percent=percent)
    for account, share in zip(accounts, shares, strict=True):
        share = min(share, account.committed - account.called)
        if share > 0:
            member = members[account.member_id]
            _movement_post(
                actor=actor,
                member=member,
                kind=CapitalMovementKind.CALL,
                amount=share,
                value_date=call_date,
                capital_call=call,
                reference=call_line_reference(call=call, member=member),
            )
    audit_record(
        actor=actor,
        action=AuditAction.CAPITAL_CALL_ISSUED,
        obj=fund,
        changes={"capital_call": [None, f"{number}: {percent}%"]},
    )
    return call


class CallReferenceUnknown(DomainError):
    """No open call line carries the RF reference a payment quotes."""


class CallOverpaid(DomainError):
    """A payment is more than what is still outstanding on the call line it names."""


@transaction.atomic
def capital_call_payment_record(
    *, actor: User | None, fund: Fund, reference: str, amount: Decimal, value_date: datetime.date, note: str = ""
) -> CapitalMovement:
    """Record a payment quoting a call line's RF reference as the member's contribution against that call.

    Guarantees: the amount paid is recorded as it came (a partial payment leaves the rest outstanding); a payment
    above what is outstanding on the line (overpayment) or quoting no call line of the fund is refused with
    CallOverpaid or CallReferenceUnknown, and nothing is recorded.
    """
    compact = creditor_reference_compact(reference)
    line = (
        CapitalMovement.objects.select_for_update(of=("self",))
        .select_related("member", "capital_call")
        .filter(
            member__fund=fund,
            kind=CapitalMovementKind.CALL,
            reference=compact,
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if line is None or line.capital_call is None:
        raise CallReferenceUnknown(
            _("No capital call of %(fund)s has the payment reference %(ref)s.") % {"fund": fund, "ref": compact}
        )
    paid = CapitalMovement.objects.filter(
        member=line.member, capital_call=line.capital_call, kind=CapitalMovementKind.CONTRIBUTION
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    outstanding = line.amount.amount - paid
    if Decimal(amount) > outstanding:
        raise CallOverpaid(
            _("%(amount)s paid with %(ref)s, but only %(outstanding)s is outstanding on call %(number)s.")
            % {
                "amount": f"€ {Decimal(amount):.2f}",
                "ref": compact,
                "outstanding": f"€ {max(outstanding, Decimal(0)):.2f}",
                "number": line.capital_call.number,
            }
        )
    return capital_contribution_record(
        actor=actor,
        member=line.member,
        amount=Decimal(amount),
        value_date=value_date,
        capital_call=line.capital_call,
        reference=compact,
        note=note,
    )


@transaction.atomic
def capital_contribution_record(
    *,
    actor: User | None,
    member: Member,
    amount: Decimal,
    value_date: datetime.date,
    capital_call: CapitalCall | None = None,
    reference: str = "",
    note: str = "",
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
        note=note[:200],
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


def distribution_reference(distribution: Distribution) -> str:
    """The distribution's name on statements and in the payout file, the same in every language: SIF-ZKIJ-D2."""
    return f"{distribution.fund.slug.upper()}-D{distribution.number}"


@transaction.atomic
def capital_distribution_declare(
    *, actor: User | None, fund: Fund, value_date: datetime.date, amount: Decimal, purpose: str = ""
) -> Distribution:
    """Distribute `amount` to the members pro rata to their paid-in capital on `value_date`: one distribution
    movement per member with paid-in capital, split by `money_split` (largest paid-in first, which takes the
    rounding difference), so the members' shares add up to `amount` to the cent.

    Paying the shares out is a separate, four-eyes step (the payout file).
    """
    amount = _positive(amount)
    Fund.objects.select_for_update().get(pk=fund.pk)
    accounts = sorted(
        (a for a in member_capital_accounts(fund=fund, as_of=value_date) if a.paid_in > 0),
        key=lambda a: (-a.paid_in, a.member_name),
    )
    if not accounts:
        raise DomainError(
            _("No member of %(fund)s has paid in capital yet; there is no one to distribute to.") % {"fund": fund}
        )
    number = (fund.distributions.aggregate(n=Max("number"))["n"] or 0) + 1
    distribution = Distribution.objects.create(
        fund=fund, number=number, value_date=value_date, purpose=purpose[:200], created_by=actor
    )
    members = {m.pk: m for m in fund.members.all()}
    shares = money_split(amount, [a.paid_in for a in accounts])
    for account, share in zip(accounts, shares, strict=True):
        if share > 0:
            _movement_post(
                actor=actor,
                member=members[account.member_id],
                kind=CapitalMovementKind.DISTRIBUTION,
                amount=share,
                value_date=value_date,
                distribution=distribution,
                reference=distribution_reference(distribution),
            )
    audit_record(
        actor=actor,
        action=AuditAction.DISTRIBUTION_DECLARED,
        obj=fund,
        changes={"distribution": [None, f"{number}: € {amount} · {value_date.isoformat()}"]},
    )
    return distribution


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
