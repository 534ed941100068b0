from django.apps import AppConfig


class ImpactmetricsConfig(AppConfig):
    name = "impactmetrics"
    verbose_name = "Impact metrics"
