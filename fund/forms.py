"""Forms only collect input; validation rules live in fund.validators and the services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fund.choices import LegalForm


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
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    is_investee = forms.BooleanField(label=_("Investee (social enterprise)"), required=False)
