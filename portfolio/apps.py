from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from fund.audit import (
            register_action_labels,
            register_action_models,
            register_change_choices,
            register_change_labels,
        )
        from portfolio.choices import DecisionOutcome, EligibilityCheckCode, ImpactMetric, LedgerEntryType
        from portfolio.models import ConditionPrecedent, DueDiligenceItem, LedgerEntry, Tranche, Vote
        from portfolio.scopes import register

        register()
        register_action_labels(
            {
                "application.created": _("Application started"),
                "application.updated": _("Application changed"),
                "application.submitted": _("Application submitted"),
                "application.screening": _("Screening started"),
                "application.due_diligence": _("Due diligence started"),
                "application.ic": _("Sent to the investment committee"),
                "application.approved": _("Approved by the investment committee"),
                "application.declined": _("Declined"),
                "application.withdrawn": _("Withdrawn by the applicant"),
                "application.co_financing_added": _("Co-financing added"),
                "application.co_financing_removed": _("Co-financing removed"),
                "application.document_uploaded": _("Document uploaded"),
                "application.question_asked": _("Question asked"),
                "application.question_answered": _("Question answered"),
                "application.eligibility_checked": _("Eligibility checked"),
                "application.dd_item_updated": _("Due-diligence item updated"),
                "application.assessed": _("Scores and risk grade set"),
                "ic_meeting.created": _("IC meeting planned"),
                "ic_meeting.item_added": _("Put on the agenda"),
                "ic.conflict_declared": _("Conflict of interest declared"),
                "ic.vote_cast": _("Vote cast"),
                "ic.decision_approved": _("IC decision: approved"),
                "ic.decision_declined": _("IC decision: declined"),
                "loan.created": _("Loan created"),
                "loan.condition_met": _("Condition precedent met"),
                "loan.condition_waiver_requested": _("Waiver of a condition precedent requested"),
                "loan.condition_waived": _("Condition precedent waived (four-eyes)"),
                "loan.condition_waiver_rejected": _("Waiver of a condition precedent rejected"),
                "bank.line_assigned": _("Bank line assigned to a loan"),
                "bank.line_split": _("Bank line split across loans"),
                "bank.line_parked": _("Bank line parked"),
                "bank.line_ignored": _("Bank line set aside: not a loan payment"),
                "application.impact_plan_not_created": _("Impact plan not created"),
                "loan.status_changed": _("Loan status changed"),
                "loan.contract_signed": _("Contract signed"),
                "loan.schedule_version": _("New repayment schedule"),
                "loan.condition_checked": _("Condition precedent checked"),
                "loan.impact_target_added": _("Impact target added"),
                "loan.payment_file": _("Payment file produced"),
                "loan.tranche_requested": _("Tranche requested"),
                "loan.tranche_approved": _("Tranche approved"),
                "loan.tranche_cancelled": _("Tranche cancelled"),
                "loan.restructuring_requested": _("Restructuring requested"),
                "loan.restructuring_approved": _("Restructuring approved"),
                "loan.restructuring_rejected": _("Restructuring rejected"),
                "bank.statement_imported": _("Bank statement imported"),
                "bank.direct_debit_file": _("Direct debit file produced"),
            }
            # A ledger posting is recorded as "loan.<entry type>": "Repayment", "Disbursement", ...
            | {f"loan.{value}": label for value, label in LedgerEntryType.choices}
        )
        register_action_models(
            {
                "loan.tranche_requested": Tranche,
                "loan.tranche_approved": Tranche,
                "loan.tranche_cancelled": Tranche,
                "loan.condition_checked": ConditionPrecedent,
                "loan.condition_met": ConditionPrecedent,
                "application.dd_item_updated": DueDiligenceItem,
                "ic.vote_cast": Vote,
            }
            | {f"loan.{value}": LedgerEntry for value in LedgerEntryType.values}
        )
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
        register_change_choices({"decision": DecisionOutcome, "metric_codes": ImpactMetric})
