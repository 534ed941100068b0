"""Forms only collect input; the rules live in the services (impactmetrics.services), whose ValidationError keys are
the form field names, so each message appears next to its field."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fund.fields import LocalizedDecimalField, LocalizedMoneyField
from impactmetrics.choices import BenefitCategory
from impactmetrics.models import ImpactPlan, Metric, OutcomePayment, PersonRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonRecordForm(forms.Form):
    reference = forms.CharField(
        label=_("Your reference"),
        max_length=40,
        help_text=_(
            "Your own short number for this person, e.g. W-017. Never a citizen service number (BSN) or a name."
        ),
    )
    postcode = forms.CharField(
        label=_("Postcode area (4 digits)"),
        max_length=10,
        help_text=_("Where the person lives; only the four digits are kept, and they give the municipality."),
    )
    benefit_category = forms.ChoiceField(label=_("Benefit before work"), choices=BenefitCategory.choices)
    benefit_months = forms.IntegerField(label=_("Months on that benefit before work"), min_value=0, initial=0)
    in_target_register = forms.BooleanField(label=_("In the doelgroepregister"), required=False)
    started_on = forms.DateField(label=_("Started work"), widget=DATE)
    ended_on = forms.DateField(
        label=_("Left work"), required=False, widget=DATE, help_text=_("Leave empty while the person is in work.")
    )
    hours_per_week = LocalizedDecimalField(label=_("Paid hours per week"), max_digits=5, decimal_places=2)


class PersonEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Left work on"), widget=DATE)


class ClaimForm(forms.Form):
    person: "forms.ModelChoiceField[PersonRecord]" = forms.ModelChoiceField(label=_("Person retained"), queryset=None)
    claimed_on = forms.DateField(label=_("Claimed on"), widget=DATE)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, prefix="claim", **kwargs)
        self.fields["person"].queryset = persons
        self.fields["person"].label_from_instance = lambda p: f"{p.reference} · {p.organisation.display_name}"


class PaidForm(forms.Form):
    payment: "forms.ModelChoiceField[OutcomePayment]" = forms.ModelChoiceField(label=_("Claim"), queryset=None)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)

    def __init__(self, *args, payments, **kwargs):
        super().__init__(*args, prefix="paid", **kwargs)
        self.fields["payment"].queryset = payments
        self.fields["payment"].label_from_instance = lambda p: f"{p.person.reference} · {p.amount} · {p.claimed_on}"


PERCENT = {"max_digits": 5, "decimal_places": 2}


class SroiAnalysisForm(forms.Form):
    plan: "forms.ModelChoiceField[ImpactPlan]" = forms.ModelChoiceField(label=_("Impact plan (fund)"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    investment = LocalizedMoneyField(label=_("Investment (EUR)"))
    discount_rate = LocalizedDecimalField(
        label=_("Discount rate (%)"),
        initial=Decimal("3.5"),
        help_text=_("3.5 % is the usual social discount rate."),
        **PERCENT,
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: f"{p.fund.name} ({p.organisation.display_name})"


class SroiOutcomeForm(forms.Form):
    name = forms.CharField(label=_("Outcome"), max_length=200)
    metric: "forms.ModelChoiceField[Metric]" = forms.ModelChoiceField(
        label=_("Metric (optional)"), queryset=None, required=False
    )
    quantity = LocalizedDecimalField(label=_("Quantity"), max_digits=14, decimal_places=2)
    quantity_source = forms.CharField(
        label=_("Source of the quantity"), max_length=200, required=False, help_text=_("e.g. approved 2025 reports")
    )
    proxy = LocalizedMoneyField(label=_("Financial proxy per unit a year (EUR)"))
    proxy_source = forms.CharField(label=_("Source of the proxy"), max_length=300)
    deadweight = LocalizedDecimalField(label=_("Deadweight (%)"), **PERCENT)
    displacement = LocalizedDecimalField(label=_("Displacement (%)"), **PERCENT)
    attribution = LocalizedDecimalField(label=_("Attribution (%)"), **PERCENT)
    drop_off = LocalizedDecimalField(label=_("Drop-off (%)"), **PERCENT)
    duration_years = forms.IntegerField(label=_("Duration (years)"))

    def __init__(self, *args, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = metrics


SroiOutcomeFormSet = forms.formset_factory(SroiOutcomeForm, extra=2, min_num=1, validate_min=True, max_num=20)
