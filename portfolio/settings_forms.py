"""Forms of a fund's settings pages; the services check the rules (IBAN, BIC and creditor-id check digits, quorum)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fund.fields import LocalizedDecimalField, LocalizedMoneyField
from portfolio.choices import CriterionKind, QuorumRule

REASON_HELP = _("The second manager who approves the change reads this.")


class BankAccountChangeForm(forms.Form):
    """The fund's bank account and SEPA creditor id as they should become."""

    account_name = forms.CharField(label=_("Account holder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=14, required=False)
    creditor_id = forms.CharField(
        label=_("SEPA creditor id"), max_length=40, required=False, help_text=_("e.g. NL08ZZZ502057730000")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class CommitteeRulesChangeForm(forms.Form):
    """The committee's quorum rule as it should become."""

    quorum_rule = forms.ChoiceField(label=_("Quorum rule"), choices=QuorumRule.choices)
    quorum_fixed = forms.IntegerField(
        label=_("Fixed quorum (members)"), required=False, min_value=1, help_text=_("Only for a fixed number.")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class ManualPaymentThresholdChangeForm(forms.Form):
    """The amount above which a payment a manager types in needs a second manager, as it should become."""

    threshold = LocalizedMoneyField(
        label=_("Manual payments need a second manager above (€)"),
        help_text=_("At 0, every manual payment needs a second manager. Payments read from a bank statement never do."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class PayeeIbanChangeForm(forms.Form):
    """A loan's payee IBAN as it should become."""

    borrower_iban = forms.CharField(label=_("Borrower's IBAN"), max_length=42)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class DueDiligenceTemplateItemForm(forms.Form):
    """A line of the fund's due-diligence checklist."""

    title = forms.CharField(label=_("Checklist line"), max_length=200)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ScoringCriterionForm(forms.Form):
    """A criterion the fund scores applications on."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    weight = LocalizedDecimalField(label=_("Weight"), max_digits=5, decimal_places=2)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class DistributionForm(forms.Form):
    """A distribution to the fund's members, split pro rata to their paid-in capital."""

    value_date = forms.DateField(label=_("Value date"))
    amount = LocalizedDecimalField(label=_("Amount to distribute"), max_digits=14, decimal_places=2)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)


class PayoutRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)
