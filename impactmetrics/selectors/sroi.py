"""SROI analyses as the investee's SROI page shows them: every assumption, the result and its sensitivity (never a bare
ratio). The formulas live in impactmetrics.services.sroi."""

from dataclasses import dataclass

from impactmetrics.models import SroiAnalysis, SroiOutcome
from impactmetrics.services.sroi import (
    OutcomeResult,
    SensitivityRow,
    SroiResult,
    analysis_assumptions,
    sroi_calculate,
    sroi_sensitivity,
)


@dataclass(frozen=True)
class SroiAnalysisResult:
    """One analysis: each stored outcome beside its computed result, the totals, and the sensitivity table."""

    analysis: SroiAnalysis
    outcomes: list[tuple[SroiOutcome, OutcomeResult]]
    result: SroiResult
    sensitivity: list[SensitivityRow]


def sroi_analysis_results(*, analyses: list[SroiAnalysis]) -> list[SroiAnalysisResult]:
    """Each analysis computed from its stored assumptions (no query when their outcomes are prefetched)."""
    items = []
    for analysis in analyses:
        outcomes = analysis_assumptions(analysis)
        result = sroi_calculate(
            outcomes=outcomes, discount_rate=analysis.discount_rate, investment=analysis.investment.amount
        )
        items.append(
            SroiAnalysisResult(
                analysis=analysis,
                outcomes=list(zip(analysis.outcomes.all(), result.outcomes, strict=True)),
                result=result,
                sensitivity=sroi_sensitivity(
                    outcomes=outcomes, discount_rate=analysis.discount_rate, investment=analysis.investment.amount
                ),
            )
        )
    return items
