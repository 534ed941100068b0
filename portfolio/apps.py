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
        from portfolio.choices import AuditAction, DecisionOutcome, EligibilityCheckCode, LedgerEntryType
        from portfolio.models import ConditionPrecedent, DueDiligenceItem, LedgerEntry, Tranche, Vote
        from portfolio.scopes import register

        register()
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
            }
        )
        register_change_choices({"decision": DecisionOutcome})
