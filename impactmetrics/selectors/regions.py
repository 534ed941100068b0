"""Labour-market regions (e.g. AM22 Rijnmond) as the impact pages show them: which regions the investees' outcomes
are attributed to, and how many plans each municipality of a region holds. Each plan and each person record belongs
to one municipality, so a region counts it once."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet

from impactmetrics.models import ImpactPlan, PersonRecord


@dataclass(frozen=True)
class RegionRow:
    """A region with the plans and person records attributed to its municipalities."""

    code: str
    name: str
    plans: int
    persons: int


def region_rows(*, plans: QuerySet[ImpactPlan], persons: QuerySet[PersonRecord]) -> list[RegionRow]:
    """Every region that `plans` or `persons` (the caller's scope) are attributed to, by code (two queries)."""
    counts: dict[str, dict[str, Any]] = {}
    for key, rows in (("plans", plans), ("persons", persons)):
        for row in (
            rows.order_by()
            .values(
                code=F("municipality__labour_market_region__code"), name=F("municipality__labour_market_region__name")
            )
            .annotate(n=Count("pk", distinct=True))
        ):
            counts.setdefault(row["code"], {"code": row["code"], "name": row["name"], "plans": 0, "persons": 0})
            counts[row["code"]][key] = row["n"]
    return [RegionRow(**counts[code]) for code in sorted(counts)]


def plans_per_municipality(*, plans: QuerySet[ImpactPlan]) -> dict[int, int]:
    """{municipality id: number of plans attributed to it} (one query)."""
    return dict(plans.order_by().values_list("municipality_id").annotate(n=Count("pk", distinct=True)))
