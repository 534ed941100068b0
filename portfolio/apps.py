from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from fund.audit import register_action_labels
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
            }
        )
