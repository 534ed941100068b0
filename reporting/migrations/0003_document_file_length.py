from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_run_notified_at")]

    operations = [
        migrations.AlterField(
            model_name="reportdocument",
            name="file",
            field=models.FileField(blank=True, max_length=255, upload_to="reports/"),
        ),
    ]
