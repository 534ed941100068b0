"""Reads that pages, the API and reports share. Each returns plain data and runs a fixed number of queries."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Field,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from fund import access
from fund.audit import action_label, action_model, change_choices, change_label
from fund.choices import CapitalMovementKind, MemberKind
from fund.creditor_reference import creditor_reference_format
from fund.formatting import choice_labels_text, localize_amounts_and_dates, value_for_field
from fund.models import AuditEvent, CapitalMovement, ChangeState, Fund, ImpactLabel, Member, Organisation, PendingChange

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CapitalAccount:
    """A member's capital account on a date.

    committed: all commitments; called: all capital calls; paid_in: all contributions;
    unfunded = committed − paid_in (what the member may still be asked to pay);
    distributed: all money paid back. Reversals are included with their negative amount.
    """

    member_id: int
    member_name: str
    member_kind: str
    committed: Decimal
    called: Decimal
    paid_in: Decimal
    distributed: Decimal

    @property
    def unfunded(self) -> Decimal:
        return self.committed - self.paid_in

    @property
    def member_kind_label(self) -> str:
        return str(MemberKind(self.member_kind).label)

    @property
    def outstanding_call(self) -> Decimal:
        """Called but not yet paid in."""
        return max(self.called - self.paid_in, ZERO)


@dataclass(frozen=True)
class CapitalTotals:
    """A fund's capital totals on a date: the sums of its members' capital accounts (see CapitalAccount)."""

    members: int
    committed: Decimal
    called: Decimal
    paid_in: Decimal
    distributed: Decimal

    @property
    def unfunded(self) -> Decimal:
        return self.committed - self.paid_in


def _kind_sum(kind: str, as_of: datetime.date) -> Coalesce:
    return Coalesce(
        Sum(
            "capital_movements__amount",
            filter=Q(capital_movements__kind=kind, capital_movements__value_date__lte=as_of),
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def member_capital_accounts(
    *, fund: Fund, as_of: datetime.date, members: QuerySet[Member] | None = None
) -> list[CapitalAccount]:
    """Every member's capital account on `as_of` (movements with value date on or before it), in one query."""
    queryset = (members if members is not None else Member.objects.filter(fund=fund)).filter(
        fund=fund, admission_date__lte=as_of
    )
    rows = (
        queryset.select_related("organisation")
        .annotate(
            committed=_kind_sum(CapitalMovementKind.COMMITMENT, as_of),
            called=_kind_sum(CapitalMovementKind.CALL, as_of),
            paid_in=_kind_sum(CapitalMovementKind.CONTRIBUTION, as_of),
            distributed=_kind_sum(CapitalMovementKind.DISTRIBUTION, as_of),
        )
        .order_by("-committed", "organisation__legal_name")
    )
    return [
        CapitalAccount(
            member_id=m.pk,
            member_name=m.organisation.display_name,
            member_kind=m.kind,
            committed=m.committed,
            called=m.called,
            paid_in=m.paid_in,
            distributed=m.distributed,
        )
        for m in rows
    ]


def fund_capital_totals(*, fund: Fund, as_of: datetime.date) -> CapitalTotals:
    """The fund's capital totals on `as_of`: sums over all members (one query)."""
    accounts = member_capital_accounts(fund=fund, as_of=as_of)
    return CapitalTotals(
        members=len(accounts),
        committed=sum((a.committed for a in accounts), ZERO),
        called=sum((a.called for a in accounts), ZERO),
        paid_in=sum((a.paid_in for a in accounts), ZERO),
        distributed=sum((a.distributed for a in accounts), ZERO),
    )


def organisation_labels_on(*, organisation: Organisation, day: datetime.date) -> list[ImpactLabel]:
    """The labels the organisation held on `day` (valid_from ≤ day ≤ valid_to, an open end counts as still valid)."""
    return list(
        organisation.labels.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day).order_by(
            "kind"
        )
    )


def organisations_labels_on(*, organisation_ids: Iterable[int], day: datetime.date) -> dict[int, list[str]]:
    """For many organisations at once: the names of the labels each held on `day` (one query)."""
    held: dict[int, list[str]] = {}
    labels = ImpactLabel.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day), organisation_id__in=organisation_ids, valid_from__lte=day
    ).order_by("organisation_id", "kind")
    for label in labels:
        held.setdefault(label.organisation_id, []).append(str(label))
    return held


class LabelCount(TypedDict):
    """What `organisation_list` adds to each organisation: how many impact labels it holds (ever)."""

    label_count: int


def organisation_list(
    *, organisations: QuerySet[Organisation], search: str = ""
) -> "QuerySet[WithAnnotations[Organisation, LabelCount]]":
    """Organisations matching `search` in name, trade name, KvK number, postcode or municipality, with label counts."""
    if search:
        term = search.strip()
        organisations = organisations.filter(
            Q(legal_name__icontains=term)
            | Q(trade_name__icontains=term)
            | Q(kvk_number__startswith=term.replace(" ", ""))
            | Q(postcode__istartswith=term)
            | Q(municipality__name__icontains=term)
        )
    return (
        organisations.select_related("municipality")
        .annotate(label_count=Count("labels", distinct=True))
        .order_by("legal_name", "pk")
    )


@dataclass(frozen=True)
class MemberOrganisation:
    """An organisation that is a member of one or more funds: which funds, and as what kind of member."""

    organisation: Organisation
    memberships: list[tuple[str, str]]  # (fund name, kind of member), by fund name


def member_organisations(*, organisations: QuerySet[Organisation]) -> list[MemberOrganisation]:
    """Of `organisations`, those that are members of a fund, by name, with their memberships (never their capital;
    two queries)."""
    rows = organisations.filter(memberships__isnull=False).distinct().order_by("legal_name", "pk")
    return [
        MemberOrganisation(
            organisation=organisation,
            memberships=sorted((m.fund.name, m.get_kind_display()) for m in organisation.memberships.all()),
        )
        for organisation in rows.prefetch_related(
            Prefetch("memberships", queryset=Member.objects.select_related("fund"))
        )
    ]


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    actor: str | None  # None: done by the system (an import, a scheduled job, the demo)
    action: str
    changes: list[HistoryChange]


# The model an action registered for its changes (if any), then the model of the object the history belongs to.
_HistoryModels = tuple[type[Model] | None, type[Model]]


def _model_field(models_: _HistoryModels, name: str) -> "Field[Any, Any] | None":
    """The concrete field `name` of the first of `models_` that has one (a reverse relation has no stored value)."""
    for model in models_:
        if model is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, Field) and field.concrete:  # relations and generic keys store nothing here
            return field
    return None


def _change_label(models_: _HistoryModels, name: str) -> str:
    """A change key as the reader reads it; "Title · status" keeps its title and names the field."""
    prefix, _sep, key = name.rpartition(" · ")
    label = change_label(key) or getattr(_model_field(models_, key), "verbose_name", None)
    label = str(label) if label else key.replace("_", " ")
    return f"{prefix} · {label}" if prefix else label


def _change_value(models_: _HistoryModels, name: str, value: str | None) -> str | None:
    """A stored value as the reader reads it: a choice's label, an amount or date in the page's language."""
    if value is None or value == "":
        return value
    key = name.rpartition(" · ")[2]
    choices = change_choices(key)
    labels = choice_labels_text(value, choices) if choices is not None else None
    if labels is not None:
        return labels
    field = _model_field(models_, key)
    if field is not None:
        return value_for_field(field, value)
    return localize_amounts_and_dates(str(value))


def object_history(obj: Model) -> list[HistoryEntry]:
    """What happened to `obj`, newest first: who, when, which action, each changed field's old and new value."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
    return [
        HistoryEntry(
            at=event.at,
            actor=str(event.actor) if event.actor else None,
            action=action_label(event.action),
            changes=[
                HistoryChange(
                    _change_label(models_, name),
                    _change_value(models_, name, old),
                    _change_value(models_, name, new),
                )
                for name, (old, new) in event.changes.items()
                if old or new
            ],
        )
        for event in events.order_by("-at", "-id")
        for models_ in [(action_model(event.action), type(obj))]
    ]


def fund_audit_events(*, fund: Fund, start: datetime.date, end: datetime.date) -> Iterable[AuditEvent]:
    """The audit events of `fund` written from `start` to `end` (dates in the fund's time zone, both included), in
    the order written, read in chunks (an export of years of events never sits in memory at once)."""
    return (
        AuditEvent.objects.filter(fund=fund, at__date__gte=start, at__date__lte=end)
        .select_related("actor", "content_type")
        .order_by("id")
        .iterator(chunk_size=2000)
    )


def pending_changes_for(user: Any, fund: Fund | None = None) -> QuerySet[PendingChange]:
    """The four-eyes changes `user` may see (of one fund when given): those awaiting approval first, then the
    decided and withdrawn ones, each most recent first. One query however many rows (fund, requester and
    decider joined), so a page of them costs a fixed number of queries."""
    changes: QuerySet[PendingChange] = access.scope(user, PendingChange)
    if fund is not None:
        changes = changes.filter(fund=fund)
    return (
        changes.select_related("fund", "requested_by", "decided_by")
        .annotate(
            waiting=Case(When(state=ChangeState.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("waiting", "-requested_at", "-pk")
    )


def pending_change_for(*, kind: str, target: Model) -> PendingChange | None:
    """The change of `kind` on `target` awaiting approval, if any (with its requester)."""
    return (
        PendingChange.objects.filter(
            kind=kind,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            state=ChangeState.PENDING,
        )
        .select_related("requested_by")
        .first()
    )


@dataclass(frozen=True)
class CallLine:
    """One member's share of a capital call (its call line): what was called, what it paid against the call, and the
    RF reference it pays with (stored compact on the line, shown in groups of four)."""

    line_id: int
    call_id: int
    call_number: int
    call_date: datetime.date
    due_date: datetime.date
    fund_id: int
    member_id: int
    member_name: str
    amount: Decimal
    paid: Decimal
    reference: str
    last_reminded_on: datetime.date | None

    @property
    def outstanding(self) -> Decimal:
        """Called on this line and not yet paid against the call (never below zero)."""
        return max(self.amount - self.paid, ZERO)

    @property
    def reference_display(self) -> str:
        return creditor_reference_format(self.reference) if self.reference.startswith("RF") else self.reference


def capital_call_lines(
    *,
    fund: Fund | None = None,
    call_ids: Iterable[int] | None = None,
    member_ids: Iterable[int] | None = None,
) -> list[CallLine]:
    """The call lines (not reversed) of a fund, of some calls or of some members, with what each member paid against
    its call (contributions naming the call, reversals included) and its last reminder; in one query, by call
    number and then by member name."""
    lines = CapitalMovement.objects.filter(
        kind=CapitalMovementKind.CALL, reverses__isnull=True, reversed_by__isnull=True
    )
    if fund is not None:
        lines = lines.filter(member__fund=fund)
    if call_ids is not None:
        lines = lines.filter(capital_call_id__in=list(call_ids))
    if member_ids is not None:
        lines = lines.filter(member_id__in=list(member_ids))
    paid = (
        CapitalMovement.objects.filter(
            kind=CapitalMovementKind.CONTRIBUTION,
            capital_call_id=OuterRef("capital_call_id"),
            member_id=OuterRef("member_id"),
        )
        .values("member_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        lines.select_related("capital_call", "member__organisation")
        .annotate(
            paid=Coalesce(Subquery(paid), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)),
            last_reminded_on=Max("reminders__sent_on"),
        )
        .order_by("capital_call__fund_id", "capital_call__number", "member__organisation__legal_name", "pk")
    )
    return [
        CallLine(
            line_id=row.pk,
            call_id=call.pk,
            call_number=call.number,
            call_date=call.call_date,
            due_date=call.due_date,
            fund_id=call.fund_id,
            member_id=row.member_id,
            member_name=row.member.organisation.display_name,
            amount=row.amount.amount,
            paid=row.paid,
            reference=row.reference,
            last_reminded_on=row.last_reminded_on,
        )
        for row in rows
        if (call := row.capital_call) is not None
    ]
