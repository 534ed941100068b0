"""An investee's application for a loan, and everything the fund learns about it before the IC decides."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.formatting import localize_amounts_and_dates
from fund.models import Fund, Organisation
from portfolio.choices import (
    ApplicationStatus,
    CoFinancingSource,
    CoFinancingStatus,
    CriterionKind,
    DocumentKind,
    DueDiligenceStatus,
    EligibilityCheckCode,
    Instrument,
    RiskGrade,
)


class Application(models.Model):
    """One request for finance by one organisation to one fund. Its status moves only through portfolio.services."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="applications", verbose_name=_("fund"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("organisation")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    amount_requested = MoneyField(_("amount requested"), max_digits=14, decimal_places=2, default_currency="EUR")
    purpose = models.TextField(_("purpose"))
    term_months = models.PositiveSmallIntegerField(_("proposed term (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace period on principal (months)"), default=0)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    # The impact thesis: themes chosen from the fund's, who benefits, what changes, and the metrics reported.
    themes = models.JSONField(_("themes"), default=list)
    target_group = models.TextField(_("target group"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)
    metrics = models.ManyToManyField(
        "impactmetrics.Metric", blank=True, related_name="applications", verbose_name=_("metrics to report")
    )
    # Financials as entered by the applicant (last full year).
    annual_revenue = MoneyField(
        _("revenue last year"), max_digits=14, decimal_places=2, default_currency="EUR", null=True, blank=True
    )
    net_result = MoneyField(
        _("net result last year"), max_digits=14, decimal_places=2, default_currency="EUR", null=True, blank=True
    )
    equity = MoneyField(_("equity"), max_digits=14, decimal_places=2, default_currency="EUR", null=True, blank=True)
    employees_fte = models.DecimalField(_("employees (FTE)"), max_digits=7, decimal_places=1, null=True, blank=True)
    # Set by the fund manager during due diligence.
    proposed_rate = models.DecimalField(
        _("proposed interest rate (% a year)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    risk_grade = models.CharField(_("risk grade"), max_length=1, choices=RiskGrade.choices, blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("in this status since"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["fund", "status"]), models.Index(fields=["fund", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.organisation}"

    @property
    def metric_codes(self) -> list[str]:
        """The catalog codes of the metrics the applicant will report, by code (reads a prefetch of `metrics`)."""
        return sorted(metric.code for metric in self.metrics.all())


class ApplicationStatusChange(models.Model):
    """One move of an application's status: who, when, why. The funnel's days per stage come from these rows."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        indexes = [models.Index(fields=["application", "to_status"])]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class CoFinancing(models.Model):
    """Other money next to the fund's: a bank or Qredits loan, a foundation's grant, the owners' own funds."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="co_financing")
    source = models.CharField(_("source"), max_length=20, choices=CoFinancingSource.choices)
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    amount = MoneyField(_("amount"), max_digits=14, decimal_places=2, default_currency="EUR")
    status = models.CharField(_("status"), max_length=20, choices=CoFinancingStatus.choices)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


def document_upload_path(instance: "ApplicationDocument", filename: str) -> str:
    # The stored name never comes from the user; the original name is kept in a field.
    return f"applications/{instance.application_id}/{instance.sha256[:16]}-{instance.kind}.{instance.extension}"


class ApplicationDocument(models.Model):
    """A file the applicant uploaded, stored privately; served only through the access-checked download view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["application", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Question(models.Model):
    """A question from the fund to the applicant, and the applicant's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["application", "asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class EligibilityCheck(models.Model):
    """The result of one screening rule for an application, with the reason in words, in each of the product's
    languages (`reasons`, by language code), so a Dutch page never shows the English a manager ran it in."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="eligibility_checks")
    code = models.CharField(max_length=20, choices=EligibilityCheckCode.choices)
    passed = models.BooleanField()
    reason = models.CharField(max_length=300)
    reasons = models.JSONField(_("reason in each language"), default=dict, blank=True)
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["application", "code"]
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="uniq_eligibility_check")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {'pass' if self.passed else 'fail'}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language (a check stored before both were kept: its amounts in the reader's
        format)."""
        text = self.reasons.get((translation.get_language() or "nl")[:2])
        return text or localize_amounts_and_dates(self.reason)


class DueDiligenceTemplateItem(models.Model):
    """One line of a fund's due-diligence checklist; copied onto each application that enters due diligence."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="dd_template_items")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["fund", "position", "id"]
        verbose_name = _("due-diligence checklist item")

    def __str__(self) -> str:
        return self.title


class DueDiligenceItem(models.Model):
    """One line of an application's due-diligence checklist: who does it, how far it is, and the evidence."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="dd_items")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DueDiligenceStatus.choices, default=DueDiligenceStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        ApplicationDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return self.title


class ScoringCriterion(models.Model):
    """A criterion a fund scores applications on (1–5), weighted within its kind (credit or impact)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="scoring_criteria")
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["fund", "kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "kind", "name"], name="uniq_scoring_criterion"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="scoring_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="uniq_score"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_one_to_five"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
