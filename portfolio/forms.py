"""Forms only collect input; the rules live in portfolio.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fund.fields import LocalizedDecimalField, LocalizedMoneyField
from fund.formatting import number
from impactmetrics.models import Metric
from portfolio.choices import (
    Allocation,
    CoFinancingSource,
    CoFinancingStatus,
    DocumentKind,
    EarlyPayment,
    Instrument,
    Prepayment,
    RiskGrade,
    VoteChoice,
)


class ApplicationForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"))
    amount_requested = LocalizedMoneyField(label=_("Amount requested (€)"))
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    term_months = forms.IntegerField(label=_("Proposed term (months)"), min_value=1)
    grace_months = forms.IntegerField(label=_("Grace period on principal (months)"), min_value=0, initial=0)
    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    target_group = forms.CharField(label=_("Target group"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    expected_outcomes = forms.CharField(
        label=_("Expected outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    metric_codes = forms.MultipleChoiceField(
        label=_("Metrics you will report"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    annual_revenue = LocalizedMoneyField(label=_("Revenue last year (€)"), required=False)
    net_result = LocalizedMoneyField(label=_("Net result last year (€)"), required=False)
    equity = LocalizedMoneyField(label=_("Equity (€)"), required=False)
    employees_fte = LocalizedDecimalField(label=_("Employees (FTE)"), required=False, decimal_places=1)

    def __init__(self, *args, funds=(), theme_choices=(), fixed_fund=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [(f.slug, f.name) for f in funds]
        self.fields["themes"].choices = theme_choices
        # the metric catalog's metrics in use, by code ("SIF-PLACED People from social assistance placed in paid work")
        self.fields["metric_codes"].choices = [
            (metric.code, str(metric)) for metric in Metric.objects.filter(is_active=True).order_by("code")
        ]
        if fixed_fund:
            del self.fields["fund"]


class CoFinancingForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=CoFinancingSource.choices)
    provider = forms.CharField(label=_("Provider"), required=False, max_length=120)
    amount = LocalizedMoneyField(label=_("Amount (€)"))
    status = forms.ChoiceField(label=_("Status"), choices=CoFinancingStatus.choices)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, XLSX or DOCX)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(forms.Form):
    risk_grade = forms.ChoiceField(label=_("Risk grade"), required=False, choices=[("", "—"), *RiskGrade.choices])
    proposed_rate = LocalizedDecimalField(
        label=_("Proposed interest rate (% a year)"), required=False, max_digits=6, decimal_places=3
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.get_kind_display()}, ×{number(criterion.weight)})",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—")] + [(str(v), str(v)) for v in range(1, 6)],
            )

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix("score_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("score_") and value is not None
        }


class MeetingForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"))
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    location = forms.CharField(label=_("Location"), required=False, max_length=200)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [(f.slug, f.name) for f in funds]


class AgendaForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Application"), coerce=int)

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, f"{a.reference} · {a.organisation}") for a in applications]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Vote"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    conditions = forms.CharField(
        label=_("Conditions (with “approve with conditions”, one per line)"),
        help_text=_("Each condition becomes a condition precedent of the loan when the committee approves."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reasons (for the committee; needed with a decline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Conflict of interest"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    amount = LocalizedMoneyField(label=_("Approved amount (€)"), required=False)
    annual_interest_rate = LocalizedDecimalField(
        label=_("Interest rate (% a year)"), required=False, max_digits=6, decimal_places=3
    )
    term_months = forms.IntegerField(label=_("Term (months)"), required=False, min_value=1)
    grace_months = forms.IntegerField(label=_("Grace on principal (months)"), required=False, min_value=0)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False, choices=[("", "—"), *Instrument.choices])
    conditions_precedent = forms.CharField(
        label=_("Further conditions precedent (one per line)"),
        help_text=_("The conditions attached to the votes are included as well."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    covenants = forms.CharField(
        label=_("Covenants (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reasons = forms.CharField(
        label=_("The committee's reasons (minutes)"),
        help_text=_("For the committee and the fund only: never shown to the applicant."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    applicant_message = forms.CharField(
        label=_("Message to the applicant"),
        help_text=_("The applicant is told the outcome with this message, and sees nothing else of the decision."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PipelineFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    min_amount = LocalizedMoneyField(label=_("From €"), required=False, min_value=0)
    max_amount = LocalizedMoneyField(label=_("To €"), required=False, min_value=0)
    min_age_days = forms.IntegerField(label=_("Submitted at least … days ago"), required=False, min_value=0)

    def __init__(self, *args, themes=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *themes]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *[(m.code, m.name) for m in municipalities],
        ]


class FunnelForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ContractForm(forms.Form):
    """The signed contract of an approved loan (loan_contract_sign checks the rules)."""

    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_disbursement_date = forms.DateField(
        label=_("Planned disbursement date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    first_due_date = forms.DateField(label=_("First due date"), widget=forms.DateInput(attrs={"type": "date"}))
    borrower_iban = forms.CharField(
        label=_("Borrower's IBAN"),
        max_length=42,
        help_text=_(
            "Another IBAN than the organisation's approved one is paid to only after a second manager approves it."
        ),
    )
    mandate_reference = forms.CharField(label=_("Direct-debit mandate reference"), max_length=35, required=False)
    mandate_signed_on = forms.DateField(
        label=_("Mandate signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    security = forms.CharField(label=_("Security"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    guarantees = forms.CharField(label=_("Guarantees"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    allocation = forms.ChoiceField(label=_("Allocation of payments"), choices=Allocation.choices)
    prepayment = forms.ChoiceField(label=_("Prepayment policy"), choices=Prepayment.choices)
    early_payment = forms.ChoiceField(
        label=_("Payments before the due date"),
        choices=EarlyPayment.choices,
        required=False,
        help_text=_("Held for the next installment: it is paid on its due date and nothing falls into arrears."),
    )

    def clean_early_payment(self) -> str:
        return self.cleaned_data.get("early_payment") or EarlyPayment.SETTLE_NEXT
