"""Load the CBS reference data shipped in fund/data (municipalities, labour-market regions, postcodes)."""

from django.db import migrations


def load(apps, schema_editor):
    from fund.services.reference import reference_data_load

    reference_data_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
