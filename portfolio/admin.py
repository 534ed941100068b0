"""Back-office for portfolio: a fund's own settings are edited here by its managers; everything else is read-only
(changed in the app, through the services)."""

from django.contrib import admin

from fund import access
from fund.admin_site import ReadOnlyModelAdmin, ScopedModelAdmin
from fund.models import Fund
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
    """A setting that belongs to one fund: its managers (and admins) add and change it, for their funds only."""

    def has_add_permission(self, request) -> bool:
        return access.is_admin(request.user) or bool(access.managed_fund_ids(request.user))

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return access.can_manage_fund(request.user, obj.fund)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "fund":
            kwargs["queryset"] = access.scope(request.user, Fund).filter(
                pk__in=Fund.objects.values("pk")
                if access.is_admin(request.user)
                else access.managed_fund_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DueDiligenceTemplateItem)
class DueDiligenceTemplateItemAdmin(FundSettingAdmin):
    list_display = ("fund", "position", "title", "is_active")
    list_filter = ("fund", "is_active")
    list_editable = ("position", "is_active")


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
