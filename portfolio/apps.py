from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from django.db.models import Model
        from django.utils.translation import gettext_lazy as _

        from fund.audit import (
            register_action_labels,
            register_action_models,
            register_change_choices,
            register_change_labels,
        )
        from portfolio.approvals import register as approval_kinds_register
        from portfolio.choices import AuditAction, DecisionOutcome, EligibilityCheckCode, LedgerEntryType
        from portfolio.models import (
            CommitteeRules,
            ConditionPrecedent,
            DueDiligenceItem,
            DueDiligenceTemplateItem,
            FundBankAccount,
            LedgerEntry,
            ScoringCriterion,
            Tranche,
            Vote,
        )
        from portfolio.scopes import register
        from portfolio.services.approval_kinds import loan_approval_kinds_register

        register()
        approval_kinds_register()
        loan_approval_kinds_register()
        from fund.services.funds import fund_created_hook_register
        from portfolio.accounting.services import chart_of_accounts_create

        fund_created_hook_register(chart_of_accounts_create)
        register_action_labels(dict(AuditAction.choices))
        action_models: dict[str, type[Model]] = {
            AuditAction.LOAN_TRANCHE_REQUESTED: Tranche,
            AuditAction.LOAN_TRANCHE_APPROVED: Tranche,
            AuditAction.LOAN_TRANCHE_CANCELLED: Tranche,
            AuditAction.LOAN_CONDITION_CHECKED: ConditionPrecedent,
            AuditAction.LOAN_CONDITION_MET: ConditionPrecedent,
            AuditAction.APPLICATION_DD_ITEM_UPDATED: DueDiligenceItem,
            AuditAction.IC_VOTE_CAST: Vote,
            # a fund's settings are recorded on the fund
            AuditAction.FUND_BANK_ACCOUNT_CHANGED: FundBankAccount,
            AuditAction.FUND_COMMITTEE_RULES_CHANGED: CommitteeRules,
            AuditAction.FUND_DD_CHECKLIST_CHANGED: DueDiligenceTemplateItem,
            AuditAction.FUND_SCORING_CRITERIA_CHANGED: ScoringCriterion,
        }
        for value in LedgerEntryType.values:
            # a ledger posting is recorded on the loan as "loan.<entry type>"
            action_models[AuditAction(f"loan.{value}")] = LedgerEntry
        register_action_models(action_models)
        register_change_labels(
            dict(EligibilityCheckCode.choices)
            | {
                "co_financing": _("co-financing"),
                "entry": _("ledger entry"),
                "tranche": _("tranche"),
                "owner": _("owner"),
                "decision": _("decision"),
                "votes": _("votes"),
                "quorum": _("quorum"),
                "impact_plan": _("impact plan"),
                "version": _("version"),
                "requested_by": _("requested by"),
                "terms_approved_by": _("terms approved by"),
            }
        )
        register_change_choices({"decision": DecisionOutcome})
