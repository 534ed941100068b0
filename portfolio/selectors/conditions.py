"""A loan's conditions precedent as the loan page shows them: each one's state, its pending waiver, its history."""

from dataclasses import dataclass

from django.db.models import Prefetch

from portfolio.choices import ApprovalStatus
from portfolio.models import ApplicationDocument, ConditionPrecedent, ConditionWaiver, Loan


@dataclass(frozen=True)
class ConditionRow:
    """One condition precedent: its stored state, the waiver request awaiting a decision, the waivers decided."""

    condition: ConditionPrecedent
    pending_waiver: ConditionWaiver | None
    approved_waiver: ConditionWaiver | None
    rejected_waivers: tuple[ConditionWaiver, ...]


def loan_conditions(*, loan: Loan) -> list[ConditionRow]:
    """The loan's conditions precedent in their order, each with its waiver requests (three queries in all)."""
    conditions = loan.conditions_precedent.select_related("checked_by", "evidence_document").prefetch_related(
        Prefetch(
            "waivers",
            queryset=ConditionWaiver.objects.select_related("requested_by", "decided_by").order_by(
                "requested_at", "pk"
            ),
        )
    )
    rows = []
    for condition in conditions:
        waivers = list(condition.waivers.all())
        rows.append(
            ConditionRow(
                condition=condition,
                pending_waiver=next((w for w in waivers if w.status == ApprovalStatus.REQUESTED), None),
                approved_waiver=next((w for w in waivers if w.status == ApprovalStatus.APPROVED), None),
                rejected_waivers=tuple(w for w in waivers if w.status == ApprovalStatus.REJECTED),
            )
        )
    return rows


def loan_evidence_documents(*, loan: Loan) -> list[ApplicationDocument]:
    """The documents of the loan's application, any of which may be the evidence that a condition is met."""
    return list(ApplicationDocument.objects.filter(application_id=loan.application_id).order_by("original_name", "pk"))
