"""The Dutch catalogue is complete, and so is the metric catalog: a Dutch reader meets no English text."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from impactmetrics.models import Metric

PO_FILE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_message_of_the_dutch_catalogue_is_translated_and_none_is_fuzzy():
    # msgfmt reports e.g. "1518 translated messages, 2 fuzzy translations, 1 untranslated message."
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", str(PO_FILE), "-o", "/dev/null"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d{3,} translated messages?\.", result.stderr.strip()), result.stderr


@pytest.mark.django_db
def test_every_catalog_metric_has_a_dutch_name_and_definition(demo):
    metrics = list(Metric.objects.all())
    assert len(metrics) >= 32
    assert [m.code for m in metrics if not m.name_nl.strip() or not m.definition_nl.strip()] == []
    # Dutch text, not a copy of the English: only a metric whose name is a Dutch word anyway may keep it.
    assert [m.code for m in metrics if m.name_nl == m.name or m.definition_nl == m.definition] == []


@pytest.mark.django_db
def test_a_metric_reads_in_the_language_of_the_page(demo):
    banen = Metric.objects.get(code="SIF-BANEN")
    with translation.override("nl"):
        assert (banen.local_name, banen.local_unit) == ("Banenafspraakbanen (25,5 u = 1)", "banen")
        assert banen.local_definition.startswith("Banen voor mensen uit het doelgroepregister")
        assert str(banen) == "SIF-BANEN Banenafspraakbanen (25,5 u = 1)"
    with translation.override("en"):
        assert (banen.local_name, banen.local_unit) == ("Banenafspraak jobs (25.5 h = 1)", "jobs")


@pytest.mark.django_db
def test_a_metric_without_dutch_text_falls_back_to_english(demo):
    imported = Metric(code="PI0000", name="Imported Metric", definition="From the IRIS+ file.", kind="flow")
    with translation.override("nl"):
        assert (imported.local_name, imported.local_definition) == ("Imported Metric", "From the IRIS+ file.")


@pytest.mark.django_db
def test_importing_the_iris_catalog_keeps_the_dutch_name_and_a_new_metric_reads_in_english_until_translated(
    demo, tmp_path
):
    from openpyxl import Workbook

    from impactmetrics.services.catalog import iris_catalog_import

    path = tmp_path / "iris.xlsx"
    workbook = Workbook()
    workbook.active.append(["Metric Definition", "Metric Name", "ID", "Reporting Format"])
    workbook.active.append(["GIIN text for employees.", "Total Employees (official)", "OD9151", "Numeric"])
    workbook.active.append(["GIIN text for a new one.", "Client Individuals: Smallholder", "PI9999", "Integer"])
    workbook.save(path)

    iris_catalog_import(path=path)

    with translation.override("nl"):
        assert Metric.objects.get(code="OD9151").local_name == "Werknemers: totaal"
        assert Metric.objects.get(code="PI9999").local_name == "Client Individuals: Smallholder"
