"""Social return on investment (SROI): the calculation, its sensitivity table, and storing an analysis.

Per outcome and year t = 1..duration:
    impact_1 = quantity × proxy × (1 − deadweight) × (1 − displacement) × (1 − attribution)
    impact_t = impact_{t−1} × (1 − drop-off)          (drop-off applies every year after the first)
    present value = Σ impact_t / (1 + discount rate)^t
    ratio = present value / investment;  net ratio = (present value − investment) / investment
Year impacts and the present value are rounded to the cent (half up) only when shown; the sums use exact values.
An SROI is always shown with these assumptions, never as a bare number.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.models import User
from fund.money import money_round, round_half_up
from impactmetrics.choices import AuditAction
from impactmetrics.models import ImpactPlan, Metric, SroiAnalysis, SroiOutcome

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class OutcomeAssumptions:
    """One outcome's inputs; percentages as percent (25 means 25 %)."""

    name: str
    quantity: Decimal
    proxy: Decimal
    deadweight: Decimal
    displacement: Decimal
    attribution: Decimal
    drop_off: Decimal
    duration_years: int
    proxy_source: str = ""
    quantity_source: str = ""


@dataclass(frozen=True)
class OutcomeResult:
    name: str
    year_impacts: list[Decimal]  # rounded to the cent
    present_value: Decimal


@dataclass(frozen=True)
class SroiResult:
    outcomes: list[OutcomeResult]
    present_value: Decimal
    investment: Decimal
    discount_rate: Decimal

    @property
    def ratio(self) -> Decimal:
        """Present value per euro invested, to two decimals."""
        return round_half_up(self.present_value / self.investment)

    @property
    def net_ratio(self) -> Decimal:
        """(Present value − investment) per euro invested, to two decimals."""
        return round_half_up((self.present_value - self.investment) / self.investment)


def _share(percent: Decimal) -> Decimal:
    return Decimal(1) - Decimal(percent) / HUNDRED


def sroi_calculate(*, outcomes: list[OutcomeAssumptions], discount_rate: Decimal, investment: Decimal) -> SroiResult:
    """The SROI of a set of outcomes (see the module docstring for the method)."""
    results, total = [], Decimal(0)
    discount = Decimal(1) + Decimal(discount_rate) / HUNDRED
    for o in outcomes:
        impact = (
            Decimal(o.quantity)
            * Decimal(o.proxy)
            * _share(o.deadweight)
            * _share(o.displacement)
            * _share(o.attribution)
        )
        years, pv = [], Decimal(0)
        for year in range(1, o.duration_years + 1):
            if year > 1:
                impact *= _share(o.drop_off)
            years.append(money_round(impact))
            pv += impact / discount**year
        results.append(OutcomeResult(name=o.name, year_impacts=years, present_value=money_round(pv)))
        total += pv
    return SroiResult(
        outcomes=results, present_value=money_round(total), investment=Decimal(investment), discount_rate=discount_rate
    )


@dataclass(frozen=True)
class SensitivityRow:
    """The SROI ratio with one assumption moved down and up by `step` (the others unchanged)."""

    assumption: str
    step: Decimal
    low_value: str
    high_value: str
    ratio_low: Decimal
    ratio_high: Decimal


SENSITIVITY_STEPS = {
    "deadweight": Decimal(10),
    "displacement": Decimal(10),
    "attribution": Decimal(10),
    "drop_off": Decimal(10),
    "discount_rate": Decimal(1),
    "proxy": Decimal(20),  # percent of the proxy
}


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), HUNDRED)


def _moved(name: str, value: Decimal) -> dict[str, Any]:
    """One assumption, named at run time, as keyword arguments for `dataclasses.replace`."""
    return {name: value}


def sroi_sensitivity(
    *,
    outcomes: list[OutcomeAssumptions],
    discount_rate: Decimal,
    investment: Decimal,
    steps: dict[str, Decimal] | None = None,
) -> list[SensitivityRow]:
    """For each assumption: the ratio when it is `step` lower and `step` higher (percentage points; the proxy by
    `step` percent of itself), for all outcomes at once. Percentages stay within 0–100."""
    steps = steps or SENSITIVITY_STEPS
    rows = []
    for name, step in steps.items():
        ratios = []
        for sign in (-1, 1):
            rate = discount_rate
            if name == "discount_rate":
                rate = max(Decimal(0), discount_rate + sign * step)
                moved = outcomes
                shown = rate
            elif name == "proxy":
                moved = [replace(o, proxy=o.proxy * (1 + sign * step / HUNDRED)) for o in outcomes]
                shown = Decimal(sign * step)
            else:
                moved = [replace(o, **_moved(name, _clamp(getattr(o, name) + sign * step))) for o in outcomes]
                shown = moved[0].__getattribute__(name) if moved else Decimal(0)
            ratios.append((sroi_calculate(outcomes=moved, discount_rate=rate, investment=investment).ratio, shown))
        rows.append(
            SensitivityRow(
                assumption=name,
                step=step,
                low_value=f"{ratios[0][1]:f}",
                high_value=f"{ratios[1][1]:f}",
                ratio_low=ratios[0][0],
                ratio_high=ratios[1][0],
            )
        )
    return rows


def analysis_assumptions(analysis: SroiAnalysis) -> list[OutcomeAssumptions]:
    return [
        OutcomeAssumptions(
            name=o.name,
            quantity=o.quantity,
            proxy=o.proxy.amount,
            deadweight=o.deadweight,
            displacement=o.displacement,
            attribution=o.attribution,
            drop_off=o.drop_off,
            duration_years=o.duration_years,
            proxy_source=o.proxy_source,
            quantity_source=o.quantity_source,
        )
        for o in analysis.outcomes.all()
    ]


def _check(o: OutcomeAssumptions, index: int, errors: dict[str, list[str]]) -> None:
    if not o.name.strip():
        errors.setdefault(f"outcomes.{index}.name", []).append(_("Name the outcome, e.g. people into paid work."))
    for field, limit in (("name", 200), ("quantity_source", 200), ("proxy_source", 300)):
        if len(getattr(o, field)) > limit:
            errors.setdefault(f"outcomes.{index}.{field}", []).append(
                _("Keep this to at most %(n)d characters.") % {"n": limit}
            )
    for field in ("deadweight", "displacement", "attribution", "drop_off"):
        if not Decimal(0) <= Decimal(getattr(o, field)) <= HUNDRED:
            errors.setdefault(f"outcomes.{index}.{field}", []).append(_("Enter a percentage from 0 to 100."))
    if o.quantity < 0:
        errors.setdefault(f"outcomes.{index}.quantity", []).append(_("The quantity cannot be negative."))
    if o.proxy <= 0:
        errors.setdefault(f"outcomes.{index}.proxy", []).append(_("The financial proxy must be more than zero."))
    if not o.proxy_source.strip():
        errors.setdefault(f"outcomes.{index}.proxy_source", []).append(_("Name the source of the financial proxy."))
    if not 1 <= o.duration_years <= 30:
        errors.setdefault(f"outcomes.{index}.duration_years", []).append(_("An outcome lasts 1 to 30 years."))


@transaction.atomic
def sroi_analysis_create(
    *,
    actor: User | None,
    plan: ImpactPlan,
    title: str,
    investment: Decimal,
    discount_rate: Decimal,
    outcomes: list[OutcomeAssumptions],
    metrics: dict[str, Metric] | None = None,
) -> SroiAnalysis:
    """Store an SROI analysis with its outcomes and assumptions (all validated first)."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the analysis a title.")]
    elif len(title) > 200:
        errors["title"] = [_("Keep the title to at most 200 characters.")]
    if Decimal(investment) <= 0:
        errors["investment"] = [_("The investment must be more than zero.")]
    if not Decimal(0) <= Decimal(discount_rate) <= Decimal(20):
        errors["discount_rate"] = [_("Enter a discount rate from 0 to 20 %.")]
    if not outcomes:
        errors["outcomes"] = [_("Add at least one outcome.")]
    for index, outcome in enumerate(outcomes):
        _check(outcome, index, errors)
    if errors:
        raise ValidationError(errors)
    metrics = metrics or {}
    analysis = SroiAnalysis.objects.create(
        plan=plan,
        title=title,
        investment=Money(money_round(investment), "EUR"),
        discount_rate=discount_rate,
        created_by=actor,
    )
    SroiOutcome.objects.bulk_create(
        [
            SroiOutcome(
                analysis=analysis,
                name=o.name,
                metric=metrics.get(o.name),
                quantity=o.quantity,
                quantity_source=o.quantity_source,
                proxy=Money(money_round(o.proxy), "EUR"),
                proxy_source=o.proxy_source,
                deadweight=o.deadweight,
                displacement=o.displacement,
                attribution=o.attribution,
                drop_off=o.drop_off,
                duration_years=o.duration_years,
            )
            for o in outcomes
        ]
    )
    result = sroi_calculate(outcomes=outcomes, discount_rate=discount_rate, investment=investment)
    audit_record(
        actor=actor,
        action=AuditAction.SROI_CREATED,
        obj=analysis,
        changes={"present_value": [None, str(result.present_value)], "ratio": [None, str(result.ratio)]},
    )
    return analysis
