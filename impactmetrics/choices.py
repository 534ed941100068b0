"""Fixed vocabularies of impact measurement."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MetricKind(models.TextChoices):
    """How a metric adds up; the aggregation selectors follow this and nothing else."""

    FLOW = "flow", _("Flow over the period (summed over periods)")
    STOCK = "stock", _("Stock at period end (latest value, never summed over time)")
    RATIO = "ratio", _("Ratio (recomputed from numerator and denominator, never averaged)")


class DataType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number")
    MONEY = "money", _("Amount in euros")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("Choice")


class Dimension(models.TextChoices):
    """The five dimensions of impact (Impact Management Project)."""

    WHAT = "what", _("What")
    WHO = "who", _("Who")
    HOW_MUCH = "how_much", _("How much")
    CONTRIBUTION = "contribution", _("Contribution")
    RISK = "risk", _("Risk")


class MetricSource(models.TextChoices):
    STARTER = "starter", _("Starter set")
    IRIS_IMPORT = "iris_import", _("Imported from the IRIS+ catalog")
    FUND = "fund", _("Fund-specific")


# The units of the shipped catalog, as pages show them; any other unit is shown as entered.
UNIT_LABELS = {
    "people": _("people"),
    "jobs": _("jobs"),
    "hours": _("hours"),
    "hours/week": _("hours/week"),
    "tonnes": _("tonnes"),
    "EUR": "EUR",
    "%": "%",
}


class Frequency(models.TextChoices):
    """How often an investee reports; the value is the number of months a request covers."""

    QUARTERLY = "3", _("Quarterly")
    HALF_YEARLY = "6", _("Half-yearly")
    YEARLY = "12", _("Yearly")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")  # waiting for the investee (may hold a draft)
    SUBMITTED = "submitted", _("Submitted")  # waiting for the fund's review
    RETURNED = "returned", _("Returned")  # the fund asked for corrections
    APPROVED = "approved", _("Approved")  # an approved version counts in aggregates


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # still being filled in; the only editable state
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")  # the request's current approved version
    SUPERSEDED = "superseded", _("Superseded")  # was approved, replaced by a corrected version


class BenefitCategory(models.TextChoices):
    """The benefit a person received before starting work (no personal data, only the category)."""

    BIJSTAND = "bijstand", _("Social assistance (bijstand)")
    WW = "ww", _("Unemployment benefit (WW)")
    WAJONG = "wajong", _("Wajong")
    WIA = "wia", _("Disability benefit (WIA/WAO)")
    NONE = "none", _("No benefit")
    OTHER = "other", _("Other")


class BenefitDuration(models.TextChoices):
    """Buckets of how long a person was on benefits before starting work."""

    UNDER_1Y = "lt1", _("Less than 1 year")
    Y1_2 = "1-2", _("1 to 2 years")
    Y2_5 = "2-5", _("2 to 5 years")
    Y5_PLUS = "5+", _("5 years or more")


def benefit_duration_bucket(months: int) -> str:
    """The bucket for a prior benefit duration in whole months."""
    if months < 12:
        return BenefitDuration.UNDER_1Y
    if months < 24:
        return BenefitDuration.Y1_2
    if months < 60:
        return BenefitDuration.Y2_5
    return BenefitDuration.Y5_PLUS


class OutcomePaymentStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    PAID = "paid", _("Paid")


class AuditAction(models.TextChoices):
    """What the audit trail records (fund.audit.audit_record); the label is what the history panel shows."""

    BENEFIT_NORM_SET = "benefit_norm.set", _("Social-assistance norm set")
    DATA_REQUEST_OPENED = "data_request.opened", _("Data request opened")
    IMPACT_PLAN_CREATED = "impact_plan.created", _("Impact plan created")
    IMPACT_PLAN_TARGET_SET = "impact_plan.target_set", _("Impact target set")
    METRIC_CATALOG_IMPORTED = "metric_catalog.imported", _("IRIS+ catalog imported")
    OUTCOME_PAYMENT_CLAIMED = "outcome_payment.claimed", _("Outcome payment claimed")
    OUTCOME_PAYMENT_PAID = "outcome_payment.paid", _("Outcome payment received")
    PERSON_RECORD_ADDED = "person_record.added", _("Person added")
    PERSON_RECORD_ENDED = "person_record.ended", _("Person left")
    SROI_CREATED = "sroi.created", _("SROI analysis made")
    SUBMISSION_APPROVED = "submission.approved", _("Report approved")
    SUBMISSION_CORRECTION_STARTED = "submission.correction_started", _("Correction started")
    SUBMISSION_DRAFT_SAVED = "submission.draft_saved", _("Draft saved")
    SUBMISSION_EVIDENCE_ADDED = "submission.evidence_added", _("Evidence added")
    SUBMISSION_RETURNED = "submission.returned", _("Report returned with comments")
    SUBMISSION_SUBMITTED = "submission.submitted", _("Report submitted")
    SUBMISSION_UPLOADED = "submission.uploaded", _("Report uploaded from a spreadsheet")
