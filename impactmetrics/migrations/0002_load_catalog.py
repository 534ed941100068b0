"""Load the starter metric catalog (impactmetrics/data/starter_metrics.csv) and the 2025 social-assistance norm."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from impactmetrics.services.catalog import metric_catalog_load

    metric_catalog_load(apps=apps)
    apps.get_model("impactmetrics", "BenefitNorm").objects.get_or_create(
        year=2025,
        defaults={
            "monthly_amount": Decimal("1345.45"),
            "monthly_amount_currency": "EUR",
            "source": "Bijstandsnorm alleenstaande 21 jaar tot AOW-leeftijd, 1 januari 2025 (Rijksoverheid)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("impactmetrics", "0001_initial"), ("fund", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
