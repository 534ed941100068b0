"""The portfolio's changes waiting under four eyes (fund.models.PendingChange): per object, and per loan."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from fund.models import ChangeState, PendingChange
from fund.services.approvals import approval_kind_label, change_rows
from portfolio.models import ImpactTarget, Loan, Restructuring, Tranche


def pending_change_of(kind: str, target: models.Model) -> PendingChange | None:
    """The change of `kind` on `target` still waiting for its approval, if any."""
    return (
        PendingChange.objects.filter(
            kind=kind,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            state=ChangeState.PENDING,
        )
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class LoanPendingChange:
    """A change of a loan (or of its tranche, restructuring or impact target) waiting for a second manager."""

    change: PendingChange
    label: str
    rows: list[tuple[str, str, str]]  # (field, now, after approval), as the approver sees them


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
