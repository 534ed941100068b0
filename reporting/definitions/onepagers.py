"""Investee one-pagers for the investor report: per investee with a loan, its loan on the report date, what the loan
is for, the labels it holds and its main impact figures of the year. A fixed number of queries for any fund size."""

import datetime
from typing import Any

from django.db.models import QuerySet

from fund.models import Fund
from fund.periods import Quarter
from fund.selectors import organisations_labels_on
from impactmetrics.models import PlanMetric
from impactmetrics.selectors.aggregation import plan_values
from portfolio.selectors.activity import TapeRow, loan_case_notes
from reporting.definitions.impact import end_of_day
from reporting.definitions.loans import purposes_grouped

FIGURES_PER_INVESTEE = 3


def one_pagers(*, fund: Fund, period: Quarter, tape: list[TapeRow], loans: QuerySet, plans: QuerySet) -> dict[str, Any]:
    """Per loan on the tape its investee's page; a purpose several loans share is listed once in `shared_purposes`
    instead of on each page."""
    notes = loan_case_notes(loans=loans.filter(reference__in=[r.reference for r in tape]))
    organisation_ids = {note.organisation_id for note in notes.values()}
    labels = organisations_labels_on(organisation_ids=organisation_ids, day=period.end)
    plan_metrics = list(
        PlanMetric.objects.filter(plan__in=plans, plan__organisation_id__in=organisation_ids)
        .exclude(metric__kind="ratio")
        .select_related("metric", "plan")
        .order_by("plan_id", "metric__code")
    )
    values = plan_values(
        plans=plans,
        metrics=list({pm.metric_id: pm.metric for pm in plan_metrics}.values()),
        start=datetime.date(period.year, 1, 1),
        end=period.end,
        as_of=end_of_day(period.end),
    )
    figures: dict[int, list[dict[str, Any]]] = {}
    for pm in plan_metrics:
        value = values.get((pm.plan_id, pm.metric_id))
        shown = figures.setdefault(pm.plan.organisation_id, [])
        if value is not None and len(shown) < FIGURES_PER_INVESTEE:
            shown.append(
                {
                    "name": pm.metric.local_name,
                    "value": value,
                    "unit": pm.metric.local_unit,
                    "data_type": pm.metric.data_type,
                    "kind": pm.metric.kind,
                }
            )
    shared = {group["purpose"]: group for group in purposes_grouped(notes) if len(group["references"]) > 1}
    pages = []
    for row in tape:
        note = notes[row.reference]
        pages.append(
            {
                "loan": row,
                "note": note,
                "purpose": "" if note.purpose.strip() in shared else note.purpose,
                "labels": labels.get(note.organisation_id, []),
                "figures": figures.get(note.organisation_id, []),
            }
        )
    return {"pages": pages, "shared_purposes": list(shared.values())}
