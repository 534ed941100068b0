from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_document_tables_file")]

    operations = [
        migrations.AlterField(
            model_name="reportrun",
            name="report_type",
            field=models.CharField(
                choices=[
                    ("investor", "Quarterly investor report"),
                    ("municipality", "Municipality report"),
                    ("impact", "Yearly impact report"),
                    ("statement", "Investee statement"),
                ],
                max_length=20,
                verbose_name="report",
            ),
        ),
    ]
