"""Forms of the account pages: the second login step and two-factor enrolment."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}),
    )


class TwoFactorEnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=10,
        help_text=_("After scanning, enter the six digits the app shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}),
    )
