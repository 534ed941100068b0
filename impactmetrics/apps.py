from django.apps import AppConfig


class ImpactmetricsConfig(AppConfig):
    name = "impactmetrics"
    verbose_name = "Impact metrics"

    def ready(self) -> None:

        from fund.audit import register_action_labels
        from impactmetrics import scopes
        from impactmetrics.choices import AuditAction

        scopes.register()
        register_action_labels(dict(AuditAction.choices))
