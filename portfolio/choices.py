"""Fixed vocabularies of deal flow, the investment committee and loans."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """Where an application stands; moves only along APPLICATION_TRANSITIONS (portfolio.transitions)."""

    DRAFT = "draft", _("Draft")  # the investee is still writing it
    SUBMITTED = "submitted", _("Submitted")  # received by the fund
    SCREENING = "screening", _("Screening")  # eligibility checks by the fund manager
    DUE_DILIGENCE = "due_diligence", _("Due diligence")  # checklist, questions, scores
    IC = "ic", _("Investment committee")  # ready for, or on the agenda of, an IC meeting
    APPROVED = "approved", _("Approved")  # by an IC decision; a loan exists
    DECLINED = "declined", _("Declined")  # by the fund manager or the IC, with reasons
    WITHDRAWN = "withdrawn", _("Withdrawn")  # by the applicant


OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.DUE_DILIGENCE,
    ApplicationStatus.IC,
)
CLOSED_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


class Instrument(models.TextChoices):
    SENIOR_LOAN = "senior_loan", _("Senior loan")
    SUBORDINATED_LOAN = "subordinated_loan", _("Subordinated loan")
    CONVERTIBLE_LOAN = "convertible_loan", _("Convertible loan")


class CoFinancingSource(models.TextChoices):
    BANK = "bank", _("Bank")
    QREDITS = "qredits", _("Qredits")
    FOUNDATION = "foundation", _("Foundation")
    OWN_FUNDS = "own_funds", _("Own funds")
    OTHER = "other", _("Other")


class CoFinancingStatus(models.TextChoices):
    INTENDED = "intended", _("Intended")
    REQUESTED = "requested", _("Requested")
    COMMITTED = "committed", _("Committed")
    RECEIVED = "received", _("Received")


class DocumentKind(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("Business plan")
    ANNUAL_ACCOUNTS = "annual_accounts", _("Annual accounts")
    FORECAST = "forecast", _("Forecast")
    OTHER = "other", _("Other")


class ImpactMetric(models.TextChoices):
    """Metrics an applicant may promise to report; IRIS+ identifiers where one exists (the catalog: impactmetrics)."""

    OI8869 = "OI8869", _("OI8869 Permanent employees: total")
    PI3687 = "PI3687", _("PI3687 Jobs created at financed enterprises")
    PI4874 = "PI4874", _("PI4874 Jobs in financed enterprises")
    PLACED_FROM_BENEFITS = "SIF-PLACED", _("People placed in paid work from social assistance")
    BANENAFSPRAAK_JOBS = "SIF-BANEN", _("Banenafspraak jobs (25.5 hours a week each)")
    WASTE_AVOIDED = "SIF-WASTE", _("Waste avoided (tonnes)")


class EligibilityCheckCode(models.TextChoices):
    REGION = "region", _("Organisation in the fund's region")
    THEME = "theme", _("Theme fits the fund")
    TICKET = "ticket", _("Amount within the fund's ticket limits")
    LABELS = "labels", _("Impact label held")


class DueDiligenceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


DD_FINISHED = (DueDiligenceStatus.DONE, DueDiligenceStatus.NOT_APPLICABLE)


class CriterionKind(models.TextChoices):
    CREDIT = "credit", _("Credit")
    IMPACT = "impact", _("Impact")


SCORE_MIN = 1
SCORE_MAX = 5


class RiskGrade(models.TextChoices):
    A = "A", _("A – low")
    B = "B", _("B – moderate")
    C = "C", _("C – elevated")
    D = "D", _("D – high")
    E = "E", _("E – very high")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


class AgendaItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    DECLINE = "decline", _("Decline")
    ABSTAIN = "abstain", _("Abstain")


class QuorumRule(models.TextChoices):
    """How many of the fund's IC members must vote (without a conflict) for a decision to stand."""

    MAJORITY = "majority", _("More than half of the members")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the members")
    FIXED = "fixed", _("A fixed number of members")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class LoanStatus(models.TextChoices):
    """A loan's life; the servicing issue adds contracted, disbursed, ... and their transitions."""

    APPROVED = "approved", _("Approved")  # by the IC, not yet contracted


class ConditionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    WAIVED = "waived", _("Waived")
