"""Loading CBS reference data (labour-market regions, municipalities, postcodes) from the CSV files in fund/data.

Accepts a newer CBS file: rows are upserted by code; a municipality missing from the new file (merged away) keeps its
row
with `valid_to` set to the day before the new file's validity, so history stays resolvable.
"""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MUNICIPALITIES_FILE = "nl_gemeenten_2026.csv"
REGIONS_FILE = "nl_arbeidsmarktregios_2025.csv"
POSTCODES_FILE = "nl_pc4_gemeente_2024.csv"
DEFAULT_VALID_FROM = datetime.date(2026, 1, 1)


@dataclass(frozen=True)
class ReferenceLoadResult:
    regions: int
    municipalities: int
    municipalities_ended: int
    postcodes: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def reference_data_load(
    *,
    directory: Path = DATA_DIR,
    municipalities_file: str = MUNICIPALITIES_FILE,
    regions_file: str = REGIONS_FILE,
    postcodes_file: str = POSTCODES_FILE,
    valid_from: datetime.date = DEFAULT_VALID_FROM,
    apps: Apps = global_apps,
) -> ReferenceLoadResult:
    """Upsert the reference tables from CSV; idempotent (loading the same files twice changes nothing)."""
    region_model = apps.get_model("fund", "LabourMarketRegion")
    municipality_model = apps.get_model("fund", "Municipality")
    postcode_model = apps.get_model("fund", "PostcodeArea")

    regions = {}
    for row in _rows(directory / regions_file):
        region, _ = region_model.objects.update_or_create(
            code=row["arbeidsmarktregiocode"], defaults={"name": row["arbeidsmarktregionaam"]}
        )
        regions[region.code] = region

    seen = set()
    for row in _rows(directory / municipalities_file):
        code = row["gemeentecode"]
        seen.add(code)
        region = regions.get(row["arbeidsmarktregiocode"]) or region_model.objects.get(
            code=row["arbeidsmarktregiocode"]
        )
        existing = municipality_model.objects.filter(code=code).first()
        values = {
            "name": row["gemeentenaam"],
            "statline_name": row["gemeentenaam_statline"],
            "province_code": row["provinciecode"],
            "province_name": row["provincienaam"],
            "labour_market_region": region,
            "valid_to": None,
        }
        if existing is None:
            municipality_model.objects.create(code=code, valid_from=valid_from, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
    ended = municipality_model.objects.filter(valid_to__isnull=True).exclude(code__in=seen)
    ended_count = ended.update(valid_to=valid_from - datetime.timedelta(days=1))

    by_code = {m.code: m.pk for m in municipality_model.objects.all()}
    postcode_model.objects.all().delete()
    postcode_model.objects.bulk_create(
        [
            postcode_model(
                pc4=row["pc4"].zfill(4),
                municipality_id=by_code[row["gemeentecode"]],
                share_of_addresses=Decimal(row["share_of_addresses"]),
                is_main_municipality=row["is_main_municipality"] == "1",
            )
            for row in _rows(directory / postcodes_file)
            if row["gemeentecode"] in by_code
        ],
        batch_size=2000,
    )
    return ReferenceLoadResult(
        regions=region_model.objects.count(),
        municipalities=municipality_model.objects.filter(valid_to__isnull=True).count(),
        municipalities_ended=ended_count,
        postcodes=postcode_model.objects.count(),
    )
