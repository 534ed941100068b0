from django.apps import AppConfig


class ImpactmetricsConfig(AppConfig):
    name = "impactmetrics"
    verbose_name = "Impact metrics"

    def ready(self) -> None:

        from fund.audit import register_action_labels, register_fund_paths
        from impactmetrics import scopes
        from impactmetrics.choices import AuditAction
        from impactmetrics.models import DataRequest, SroiAnalysis, SubmissionVersion

        scopes.register()
        register_action_labels(dict(AuditAction.choices))
        # Whose fund an impact event belongs to (shown to that fund's managers).
        register_fund_paths({DataRequest: "plan", SubmissionVersion: "request__plan", SroiAnalysis: "plan"})
