"""Back-office for portfolio: read-only. A fund's settings and all portfolio data are changed in the app, through the
services (validation, audit event, four eyes where money or a decision is at stake)."""

from django.contrib import admin

from fund.admin_site import ReadOnlyModelAdmin, ScopedModelAdmin
from portfolio.models import (
    Application,
    CommitteeRules,
    DueDiligenceTemplateItem,
    FundBankAccount,
    ICDecision,
    LedgerEntry,
    Loan,
    ScoringCriterion,
)


class FundSettingAdmin(ScopedModelAdmin):
    """A setting that belongs to one fund: shown to its managers (and admins), for their funds only; never changed
    here."""


@admin.register(DueDiligenceTemplateItem)
class DueDiligenceTemplateItemAdmin(FundSettingAdmin):
    list_display = ("fund", "position", "title", "is_active")
    list_filter = ("fund", "is_active")


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(FundSettingAdmin):
    list_display = ("fund", "kind", "name", "weight", "is_active")
    list_filter = ("fund", "kind", "is_active")


# Where money goes and how the committee decides change on the fund's settings page, four-eyes
# (portfolio.services.fund_settings); the admin only shows them.
@admin.register(CommitteeRules)
class CommitteeRulesAdmin(ReadOnlyModelAdmin):
    list_display = ("fund", "quorum_rule", "quorum_fixed")


@admin.register(FundBankAccount)
class FundBankAccountAdmin(ReadOnlyModelAdmin):
    list_display = ("fund", "account_name", "iban", "bic", "creditor_id")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyModelAdmin):
    list_display = ("reference", "fund", "organisation", "status", "amount_requested")
    list_filter = ("fund", "status")
    search_fields = ("reference", "organisation__legal_name")


@admin.register(ICDecision)
class ICDecisionAdmin(ReadOnlyModelAdmin):
    list_display = ("application", "outcome", "amount", "decided_at")


@admin.register(Loan)
class LoanAdmin(ReadOnlyModelAdmin):
    list_display = ("reference", "fund", "organisation", "status", "principal", "annual_interest_rate")
    list_filter = ("fund", "status")
    search_fields = ("reference", "organisation__legal_name")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyModelAdmin):
    list_display = ("loan", "entry_type", "value_date", "amount", "source")
    list_filter = ("entry_type", "source")
