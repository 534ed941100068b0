from .catalog import Metric, MetricTheme
from .outcomes import BenefitNorm, OutcomeContract, OutcomePayment, OutcomeRate, PersonRecord
from .plans import ImpactPlan, PlanMetric, Target
from .requests import DataRequest, DataRequestReminder, ReportingPeriod
from .sroi import SroiAnalysis, SroiOutcome
from .submissions import Evidence, MetricValue, SubmissionVersion

__all__ = [
    "BenefitNorm",
    "DataRequest",
    "DataRequestReminder",
    "Evidence",
    "ImpactPlan",
    "Metric",
    "MetricTheme",
    "MetricValue",
    "OutcomeContract",
    "OutcomePayment",
    "OutcomeRate",
    "PersonRecord",
    "PlanMetric",
    "ReportingPeriod",
    "SroiAnalysis",
    "SroiOutcome",
    "SubmissionVersion",
    "Target",
]
