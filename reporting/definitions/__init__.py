"""The reports this product produces. Each definition says who receives a document and gathers its numbers from
the other apps' selectors; templates only lay them out (no arithmetic in templates)."""

from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.definitions.investor import InvestorReport
from reporting.definitions.municipality import MunicipalityReport
from reporting.definitions.notices import CapitalCallNotice, DistributionNotice
from reporting.definitions.statement import InvesteeStatement
from reporting.definitions.yearly_impact import YearlyImpactReport

DEFINITIONS: dict[str, ReportDefinition] = {
    ReportType.INVESTOR: InvestorReport(),
    ReportType.MUNICIPALITY: MunicipalityReport(),
    ReportType.IMPACT: YearlyImpactReport(),
    ReportType.STATEMENT: InvesteeStatement(),
    ReportType.CALL_NOTICE: CapitalCallNotice(),
    ReportType.DISTRIBUTION_NOTICE: DistributionNotice(),
}

__all__ = ["DEFINITIONS", "Recipient", "ReportDefinition"]
