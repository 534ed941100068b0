from django.apps import AppConfig


class ImpactmetricsConfig(AppConfig):
    name = "impactmetrics"
    verbose_name = "Impact metrics"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from fund.audit import register_action_labels
        from impactmetrics import scopes

        scopes.register()
        register_action_labels(
            {
                "benefit_norm.set": _("Social-assistance norm set"),
                "data_request.opened": _("Data request opened"),
                "impact_plan.created": _("Impact plan created"),
                "impact_plan.target_set": _("Impact target set"),
                "metric_catalog.imported": _("IRIS+ catalog imported"),
                "outcome_payment.claimed": _("Outcome payment claimed"),
                "outcome_payment.paid": _("Outcome payment received"),
                "person_record.added": _("Person added"),
                "person_record.ended": _("Person left"),
                "sroi.created": _("SROI analysis made"),
                "submission.approved": _("Report approved"),
                "submission.correction_started": _("Correction started"),
                "submission.draft_saved": _("Draft saved"),
                "submission.evidence_added": _("Evidence added"),
                "submission.returned": _("Report returned with comments"),
                "submission.submitted": _("Report submitted"),
                "submission.uploaded": _("Report uploaded from a spreadsheet"),
            }
        )
