"""Applications reference the metric catalog: `metrics` (impactmetrics.Metric) replaces the free `metric_codes` list."""

from django.db import migrations, models


def codes_to_metrics(apps, schema_editor):
    Application = apps.get_model("portfolio", "Application")
    Metric = apps.get_model("impactmetrics", "Metric")
    by_code = {metric.code: metric for metric in Metric.objects.all()}
    for application in Application.objects.exclude(metric_codes=[]):
        missing = [code for code in application.metric_codes if code not in by_code]
        if missing:
            raise RuntimeError(f"{application.reference}: metrics not in the catalog: {', '.join(missing)}")
        application.metrics.set([by_code[code] for code in application.metric_codes])


def metrics_to_codes(apps, schema_editor):
    Application = apps.get_model("portfolio", "Application")
    for application in Application.objects.prefetch_related("metrics"):
        application.metric_codes = sorted(metric.code for metric in application.metrics.all())
        application.save(update_fields=["metric_codes"])


class Migration(migrations.Migration):
    dependencies = [
        ("impactmetrics", "0004_metric_dutch_name_and_definition"),
        ("portfolio", "0006_eligibility_reason_in_each_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="metrics",
            field=models.ManyToManyField(
                blank=True, related_name="applications", to="impactmetrics.metric", verbose_name="metrics to report"
            ),
        ),
        migrations.RunPython(codes_to_metrics, metrics_to_codes),
        migrations.RemoveField(model_name="application", name="metric_codes"),
    ]
