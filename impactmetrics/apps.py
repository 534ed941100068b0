from django.apps import AppConfig


class ImpactmetricsConfig(AppConfig):
    name = "impactmetrics"
    verbose_name = "Impact metrics"

    def ready(self) -> None:
        from impactmetrics import scopes

        scopes.register()
