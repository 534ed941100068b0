"""Import the official IRIS+ catalog (the Excel or CSV file GIIN offers for download) into the metric catalog."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from impactmetrics.services.catalog import iris_catalog_import


class Command(BaseCommand):
    help = "Import GIIN's IRIS+ catalog of metrics from .xlsx or .csv (headings matched by name)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            result = iris_catalog_import(path=path)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line in result.skipped:
            self.stderr.write(line)
        self.stdout.write(
            f"{result.created} metrics added (switched off until their kind is checked), {result.updated} updated, "
            f"{len(result.skipped)} rows skipped."
        )
