"""Load (or refresh from a newer CBS release) the municipalities, labour-market regions and postcode table."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from fund.services.reference import (
    DATA_DIR,
    DEFAULT_VALID_FROM,
    MUNICIPALITIES_FILE,
    POSTCODES_FILE,
    REGIONS_FILE,
    reference_data_load,
)


class Command(BaseCommand):
    help = "Load CBS municipalities, labour-market regions and postcodes (idempotent; accepts newer files)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=DATA_DIR)
        parser.add_argument("--municipalities", default=MUNICIPALITIES_FILE)
        parser.add_argument("--regions", default=REGIONS_FILE)
        parser.add_argument("--postcodes", default=POSTCODES_FILE)
        parser.add_argument("--valid-from", type=datetime.date.fromisoformat, default=DEFAULT_VALID_FROM)

    def handle(self, *args, **options):
        result = reference_data_load(
            directory=options["directory"],
            municipalities_file=options["municipalities"],
            regions_file=options["regions"],
            postcodes_file=options["postcodes"],
            valid_from=options["valid_from"],
        )
        self.stdout.write(
            f"{result.regions} labour-market regions, {result.municipalities} municipalities "
            f"({result.municipalities_ended} ended), {result.postcodes} postcode rows."
        )
