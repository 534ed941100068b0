"""Impact plans: which metrics an investee reports to a fund, with baselines and yearly targets."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import Fund, Municipality, Organisation, User
from impactmetrics.choices import AuditAction, Frequency
from impactmetrics.models import ImpactPlan, Metric, PlanMetric, Target


@dataclass(frozen=True)
class PlanMetricSpec:
    """A metric in a plan: its code, optional baseline and targets per calendar year."""

    code: str
    baseline_value: Decimal | None = None
    baseline_date: datetime.date | None = None
    targets: dict[int, Decimal] = field(default_factory=dict)


@transaction.atomic
def impact_plan_create(
    *,
    actor: User | None,
    organisation: Organisation,
    fund: Fund,
    start_date: datetime.date,
    metrics: Iterable[PlanMetricSpec],
    frequency: str = Frequency.QUARTERLY,
    target_group: str = "",
    impact_thesis: str = "",
    municipality: Municipality | None = None,
) -> ImpactPlan:
    """Set up an investee's impact plan (e.g. from the application's impact thesis when its loan is approved).

    Outcomes are attributed to `municipality`, by default the investee's own. Ratios need their numerator and
    denominator in the plan too, since they are computed from them."""
    specs = list(metrics)
    errors: dict[str, list[str]] = {}
    if frequency not in Frequency.values:
        errors["frequency"] = [_("Choose quarterly, half-yearly or yearly.")]
    if ImpactPlan.objects.filter(organisation=organisation, fund=fund).exists():
        errors["organisation"] = [
            _("%(org)s already has an impact plan with %(fund)s.") % {"org": organisation, "fund": fund}
        ]
    codes = [s.code for s in specs]
    found = {m.code: m for m in Metric.objects.filter(code__in=codes, is_active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        errors["metrics"] = [_("Unknown or switched-off metric: %(codes)s.") % {"codes": ", ".join(missing)}]
    elif not specs:
        errors["metrics"] = [_("Choose at least one metric to report.")]
    for metric in found.values():
        for part in (metric.numerator, metric.denominator):
            if part is not None and part.code not in found:
                errors.setdefault("metrics", []).append(
                    _("%(ratio)s is computed from %(part)s; add %(part)s to the plan too.")
                    % {"ratio": metric.code, "part": part.code}
                )
    if errors:
        raise ValidationError(errors)
    plan = ImpactPlan.objects.create(
        organisation=organisation,
        fund=fund,
        start_date=start_date,
        frequency=frequency,
        target_group=target_group,
        impact_thesis=impact_thesis,
        municipality=municipality or organisation.municipality,
    )
    for position, spec in enumerate(specs):
        plan_metric = PlanMetric.objects.create(
            plan=plan,
            metric=found[spec.code],
            baseline_value=spec.baseline_value,
            baseline_date=spec.baseline_date,
            position=position,
        )
        Target.objects.bulk_create(
            [Target(plan_metric=plan_metric, year=year, value=Decimal(value)) for year, value in spec.targets.items()]
        )
    audit_record(
        actor=actor,
        action=AuditAction.IMPACT_PLAN_CREATED,
        obj=plan,
        changes={"metrics": [None, ", ".join(codes)], "municipality": [None, str(plan.municipality)]},
    )
    return plan


@transaction.atomic
def plan_target_set(*, actor: User | None, plan_metric: PlanMetric, year: int, value: Decimal) -> Target:
    """Set (or change) the target of a plan metric for a calendar year."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Enter a year such as 2026.")]})
    existing = Target.objects.filter(plan_metric=plan_metric, year=year).first()
    old = str(existing.value) if existing else None
    target, _created = Target.objects.update_or_create(plan_metric=plan_metric, year=year, defaults={"value": value})
    audit_record(
        actor=actor,
        action=AuditAction.IMPACT_PLAN_TARGET_SET,
        obj=plan_metric.plan,
        changes={f"{plan_metric.metric.code} {year}": [old, str(value)]},
    )
    return target
