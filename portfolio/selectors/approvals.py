"""The portfolio's changes waiting under four eyes (fund.models.PendingChange) per loan, and the approved impact figures
a step-down request cites."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from fund.models import ChangeState, PendingChange
from fund.services.approvals import approval_kind_label, change_rows
from impactmetrics.models import ImpactPlan
from impactmetrics.selectors.aggregation import metric_contributions
from portfolio.choices import ChangeKind
from portfolio.models import AgendaItem, ImpactTarget, Loan, Restructuring, Tranche


@dataclass(frozen=True)
class LoanPendingChange:
    """A change of a loan (or of its tranche, restructuring or impact target) waiting for a second manager."""

    change: PendingChange
    label: str
    rows: list[tuple[str, str, str]]  # (field, now, after approval), as the approver sees them


def agenda_pending_decisions(*, item_ids: list[int]) -> dict[int, PendingChange]:
    """{agenda item id: its decision waiting for a second manager (terms other than those voted on)}, one query."""
    changes = PendingChange.objects.filter(
        kind=ChangeKind.IC_DECISION_TERMS,
        target_type=ContentType.objects.get_for_model(AgendaItem),
        target_id__in=[str(pk) for pk in item_ids],
        state=ChangeState.PENDING,
    ).select_related("requested_by")
    return {int(c.target_id): c for c in changes}


def loan_pending_changes(*, loan: Loan) -> list[LoanPendingChange]:
    """The loan's changes waiting for approval, oldest first: on the loan itself and on its tranches, restructurings
    and impact targets (three queries)."""
    types = ContentType.objects.get_for_models(Loan, Tranche, Restructuring, ImpactTarget)
    ids = {
        Loan: [loan.pk],
        Tranche: list(loan.tranches.values_list("pk", flat=True)),
        Restructuring: list(loan.restructurings.values_list("pk", flat=True)),
        ImpactTarget: list(loan.impact_targets.values_list("pk", flat=True)),
    }
    where = Q(pk__in=[])
    for model, pks in ids.items():
        if pks:
            where |= Q(target_type=types[model], target_id__in=[str(pk) for pk in pks])
    changes = (
        PendingChange.objects.filter(where, state=ChangeState.PENDING)
        .select_related("requested_by", "fund", "target_type")
        .order_by("requested_at", "pk")
    )
    return [LoanPendingChange(change=c, label=approval_kind_label(c.kind), rows=change_rows(c)) for c in changes]


def impact_target_window(target: ImpactTarget) -> tuple[datetime.date, datetime.date]:
    """The period a target is tested on: the year up to and including its test date."""
    end = target.test_date
    try:
        start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - 1, day=28) + datetime.timedelta(days=1)
    return start, end


def impact_target_evidence(target: ImpactTarget) -> dict[str, Any]:
    """The investee's approved value of the target's metric over the tested year, and the reports it comes from.

    Only values a fund manager approved in impactmetrics count (never a figure typed on the loan page); `value` is
    None when nothing approved covers the year."""
    start, end = impact_target_window(target)
    loan = target.loan
    rows = metric_contributions(
        plans=ImpactPlan.objects.filter(organisation=loan.organisation, fund=loan.fund),
        metric=target.metric,
        start=start,
        end=end,
    )
    row = rows[0] if rows else None
    return {
        "value": row.value if row else None,
        "start": start,
        "end": end,
        "reports": [f"{label} v{number}: {value.normalize():f}" for _r, label, number, value in row.submissions]
        if row
        else [],
    }
