"""The metric catalog: the shipped starter set and importing GIIN's IRIS+ file (headings matched by name)."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from impactmetrics.models import Metric

pytestmark = pytest.mark.django_db


def test_the_starter_set_says_how_each_metric_adds_up():
    employees = Metric.objects.get(code="OD9151")
    disabled = Metric.objects.get(code="OI4038")
    share = Metric.objects.get(code="SIF-DIST-SHARE")
    assert employees.kind == "stock" and employees.iris_id == "OD9151"
    assert Metric.objects.get(code="PI3687").kind == "flow"
    assert disabled.part_of.code == "OI8869"
    assert (share.kind, share.numerator.code, share.denominator.code) == ("ratio", "SIF-DISTANCE", "OD9151")
    assert Metric.objects.get(code="SIF-BANEN").name == "Banenafspraak jobs (25.5 h = 1)"
    assert {t.theme for t in Metric.objects.get(code="SIF-PLACED").themes.all()} == {"labour_participation", "poverty"}
    assert all(m.definition for m in Metric.objects.filter(source__in=("starter", "fund")))


def test_every_selected_iris_id_the_starter_set_uses_is_in_the_shipped_id_list():
    from impactmetrics.services.catalog import DATA_DIR

    with (DATA_DIR / "iris_plus_selected_ids.csv").open() as handle:
        shipped = {row["metric_id"]: row["metric_name"] for row in csv.DictReader(handle)}
    for metric in Metric.objects.exclude(iris_id=""):
        assert shipped[metric.iris_id] == metric.name


def _iris_xlsx(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IRIS+ Metrics"
    sheet.append(["IRIS+ Catalog of Metrics 5.3c"])
    sheet.append([])
    sheet.append(["Section", "Metric Definition", "Metric Name", "ID", "Reporting Format"])
    sheet.append(["Operational Impact", "GIIN text for employees.", "Total Employees (official)", "OD9151", "Numeric"])
    sheet.append(["Product Impact", "GIIN text for a new one.", "Client Individuals: Smallholder", "PI9999", "Integer"])
    sheet.append(["Product Impact", "", "Not an id", "hello", "Numeric"])
    workbook.save(path)


def test_import_iris_catalog_matches_headings_by_name_updates_ours_and_adds_new_ones_switched_off(tmp_path, capsys):
    path = tmp_path / "iris.xlsx"
    _iris_xlsx(path)
    ours_before = Metric.objects.get(code="OD9151").definition

    call_command("import_iris_catalog", str(path))

    ours = Metric.objects.get(code="OD9151")
    assert ours.name == "Total Employees (official)"
    assert ours.definition == ours_before  # our own words stay; GIIN's name is taken
    new = Metric.objects.get(iris_id="PI9999")
    assert (new.name, new.definition, new.data_type, new.is_active) == (
        "Client Individuals: Smallholder",
        "GIIN text for a new one.",
        "integer",
        False,
    )
    out = capsys.readouterr()
    assert "1 metrics added" in out.out and "1 updated" in out.out
    assert "Row 6" in out.err


def test_import_iris_catalog_reads_csv_and_refuses_a_file_without_the_headings(tmp_path):
    good = tmp_path / "iris.csv"
    good.write_text("Metric ID,Metric Name,Definition\nPI8888,Something New,Text\n", encoding="utf-8")
    call_command("import_iris_catalog", str(good), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Metric.objects.get(code="PI8888").is_active is False

    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Metric ID"):
        call_command("import_iris_catalog", str(bad))
