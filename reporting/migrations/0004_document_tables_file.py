from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_document_file_length")]

    operations = [
        migrations.AddField(
            model_name="reportdocument",
            name="tables_file",
            field=models.FileField(blank=True, max_length=255, upload_to="reports/"),
        ),
    ]
