"""The portfolio's kinds of four-eyes change (fund.services.approvals): what approving each one does."""

from django.utils.translation import gettext_lazy as _

from fund.services.approvals import approval_kind_register, describe_as


def register() -> None:
    """Register the portfolio's kinds (from PortfolioConfig.ready)."""
    from portfolio.models import FundBankAccount
    from portfolio.services.fund_settings import (
        BANK_ACCOUNT_KIND,
        COMMITTEE_RULES_KIND,
        MANUAL_PAYMENT_THRESHOLD_KIND,
        committee_rules_apply,
        committee_rules_describe,
        fund_bank_account_apply,
        manual_payment_threshold_apply,
        manual_payment_threshold_describe,
    )
    from portfolio.services.member_payments import DISTRIBUTION_PAYOUT_KIND, distribution_payout_apply
    from portfolio.services.payee import BORROWER_IBAN_KIND, borrower_iban_apply

    approval_kind_register(
        BANK_ACCOUNT_KIND,
        label=_("Fund's bank account"),
        apply=fund_bank_account_apply,
        describe=describe_as(FundBankAccount),
    )
    approval_kind_register(
        COMMITTEE_RULES_KIND,
        label=_("Quorum rule"),
        apply=committee_rules_apply,
        describe=committee_rules_describe,
    )
    approval_kind_register(
        MANUAL_PAYMENT_THRESHOLD_KIND,
        label=_("Threshold for manual payments"),
        apply=manual_payment_threshold_apply,
        describe=manual_payment_threshold_describe,
    )
    approval_kind_register(BORROWER_IBAN_KIND, label=_("Borrower's payee IBAN"), apply=borrower_iban_apply)
    approval_kind_register(
        DISTRIBUTION_PAYOUT_KIND, label=_("Distribution payout file"), apply=distribution_payout_apply
    )
    from portfolio.accounting.services import MANUAL_ENTRY_KIND, manual_entry_apply, manual_entry_describe

    approval_kind_register(
        MANUAL_ENTRY_KIND, label=_("Manual journal entry"), apply=manual_entry_apply, describe=manual_entry_describe
    )
    from portfolio.accounting.closing import REOPEN_KIND, period_reopen_apply, period_reopen_describe
    from portfolio.accounting.period_end import (
        PROVISION_OVERRIDE_KIND,
        PROVISION_RATES_KIND,
        provision_override_apply,
        provision_override_describe,
        provision_rates_apply,
        provision_rates_describe,
    )

    approval_kind_register(
        PROVISION_RATES_KIND,
        label=_("Loan-loss provision rates"),
        apply=provision_rates_apply,
        describe=provision_rates_describe,
    )
    approval_kind_register(
        PROVISION_OVERRIDE_KIND,
        label=_("Provision rate for one loan"),
        apply=provision_override_apply,
        describe=provision_override_describe,
    )
    approval_kind_register(
        REOPEN_KIND, label=_("Reopening a closed period"), apply=period_reopen_apply, describe=period_reopen_describe
    )
