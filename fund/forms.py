"""Forms only collect input; validation rules live in fund.validators and the services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fund.choices import MAX_FUND_THEMES, LegalForm, MemberKind, Theme
from fund.fields import LocalizedDecimalField, LocalizedMoneyField
from fund.models import CapitalCall, Municipality, Organisation
from fund.validators import member_municipality_errors


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class OrganisationForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    trade_name = forms.CharField(label=_("Trade name"), max_length=200, required=False)
    kvk_number = forms.CharField(label=_("KvK number"), max_length=20, required=False, help_text=_("8 digits"))
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=40,
        required=False,
        help_text=_(
            "Where the fund pays this organisation: a new IBAN takes effect when a second manager approves it."
        ),
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    is_investee = forms.BooleanField(label=_("Investee (social enterprise)"), required=False)


class OrganisationEditForm(OrganisationForm):
    """The organisation form on its edit page: a changed IBAN needs a reason for the manager who approves it."""

    iban_reason = forms.CharField(
        label=_("Why the IBAN changes"),
        max_length=500,
        required=False,
        help_text=_("Only when you change the IBAN, e.g. “new account at Triodos, letter of 3 March”."),
    )


class CapitalMovementForm(forms.Form):
    """A commitment, contribution or distribution for one member (calls are issued fund-wide)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("commitment", _("Commitment")),
            ("contribution", _("Contribution (paid-in)")),
            ("distribution", _("Distribution")),
        ],
    )
    amount = LocalizedMoneyField(label=_("Amount (EUR)"))
    value_date = forms.DateField(label=_("Value date"))
    capital_call: "forms.ModelChoiceField[CapitalCall]" = forms.ModelChoiceField(
        label=_("Against capital call"), queryset=None, required=False
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capital_call"].queryset = fund.capital_calls.order_by("-number")


class CapitalCallForm(forms.Form):
    call_date = forms.DateField(label=_("Call date"))
    due_date = forms.DateField(label=_("Due date"))
    percent = LocalizedDecimalField(label=_("Percent of each commitment"), max_digits=7, decimal_places=4)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class MemberAdmitForm(forms.Form):
    organisation: "forms.ModelChoiceField[Organisation]" = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None
    )
    kind = forms.ChoiceField(label=_("Kind of member"), choices=MemberKind.choices)
    admission_date = forms.DateField(label=_("Admission date"))
    municipality: "forms.ModelChoiceField[Municipality]" = forms.ModelChoiceField(
        label=_("Municipality (for a municipality member)"), queryset=None, required=False
    )

    def __init__(self, *args, organisations, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        data = super().clean()
        if "kind" in data:
            for field, errors in member_municipality_errors(
                kind=data["kind"], municipality=data.get("municipality")
            ).items():
                for error in errors:
                    self.add_error(field, error)
        return data


class AuditExportForm(forms.Form):
    """The period of a fund's audit events to export (both days included)."""

    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class FundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kvk_number = forms.CharField(label=_("KvK number"), max_length=20, required=False)
    inception_date = forms.DateField(label=_("Inception date"))
    target_size = LocalizedMoneyField(label=_("Target size (EUR)"))
    min_ticket = LocalizedMoneyField(label=_("Minimum ticket (EUR)"), initial=25000)
    max_ticket = LocalizedMoneyField(label=_("Maximum ticket (EUR)"), initial=500000)
    region: "forms.ModelMultipleChoiceField[Municipality]" = forms.ModelMultipleChoiceField(
        label=_("Region (municipalities)"), queryset=None, to_field_name="code"
    )
    themes = forms.MultipleChoiceField(
        label=_("Focus themes (at most %(max)d)") % {"max": MAX_FUND_THEMES},
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = municipalities
