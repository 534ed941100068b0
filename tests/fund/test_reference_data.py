import csv
import datetime
import shutil

import pytest

from fund.models import LabourMarketRegion, Municipality, PostcodeArea
from fund.services.postcodes import postcode_municipality
from fund.services.reference import DATA_DIR, MUNICIPALITIES_FILE, reference_data_load

pytestmark = pytest.mark.django_db


def test_the_shipped_files_give_342_municipalities_35_regions_and_the_postcode_table():
    assert Municipality.objects.filter(valid_to__isnull=True).count() == 342
    assert LabourMarketRegion.objects.count() == 35
    assert PostcodeArea.objects.values("pc4").distinct().count() == 4092 - 20  # 20 postcodes span two municipalities
    velsen = Municipality.objects.select_related("labour_market_region").get(code="GM0453")
    assert (velsen.name, velsen.province_name, velsen.labour_market_region.code) == ("Velsen", "Noord-Holland", "AM37")


def test_loading_the_same_files_again_changes_nothing():
    before = (Municipality.objects.count(), PostcodeArea.objects.count())
    result = reference_data_load()
    assert (result.municipalities, result.municipalities_ended) == (342, 0)
    assert (Municipality.objects.count(), PostcodeArea.objects.count()) == before


def test_a_newer_cbs_file_ends_a_merged_municipality_and_adds_the_new_one(tmp_path):
    for name in DATA_DIR.glob("*.csv"):
        shutil.copy(name, tmp_path / name.name)
    path = tmp_path / MUNICIPALITIES_FILE
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows = [r for r in rows if r["gemeentecode"] != "GM0377"]  # Bloemendaal merges away
    rows.append(
        rows[0]
        | {
            "gemeentecode": "GM1999",
            "gemeentecode_num": "1999",
            "gemeentenaam": "Duinstreek",
            "gemeentenaam_statline": "Duinstreek",
            "arbeidsmarktregiocode": "AM37",
        }
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)

    result = reference_data_load(directory=tmp_path, valid_from=datetime.date(2027, 1, 1))

    assert (result.municipalities, result.municipalities_ended) == (342, 1)
    assert Municipality.objects.get(code="GM0377").valid_to == datetime.date(2026, 12, 31)
    assert Municipality.objects.get(code="GM1999").valid_from == datetime.date(2027, 1, 1)
    assert postcode_municipality("3011").code == "GM0599"
