"""The metric catalog: loading the shipped starter set and importing the official IRIS+ catalog.

The IRIS+ catalog is GIIN's; users download it (Excel) themselves and import it here. Headings are matched by name,
wherever the heading row is and in whatever order the columns come.
"""

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import User
from fund.uploads import MB, size_check, xlsx_read
from impactmetrics.choices import AuditAction, DataType, MetricKind, MetricSource

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STARTER_FILE = DATA_DIR / "starter_metrics.csv"
CATALOG_MAX_BYTES = 20 * MB  # the IRIS+ catalog is a few MB


def _decimal_or_none(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def metric_catalog_load(*, path: Path = STARTER_FILE, apps: Apps = global_apps) -> int:
    """Upsert the starter catalog from CSV (idempotent); returns the number of metrics in it."""
    metric_model = apps.get_model("impactmetrics", "Metric")
    theme_model = apps.get_model("impactmetrics", "MetricTheme")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # An early migration loads the catalog into a model that has no Dutch fields yet.
    has_dutch = any(field.name == "name_nl" for field in metric_model._meta.get_fields())
    metrics = {}
    for row in rows:
        dutch = {"name_nl": row["name_nl"], "definition_nl": row["definition_nl"]} if has_dutch else {}
        metric, _created = metric_model.objects.update_or_create(
            code=row["code"],
            defaults=dutch
            | {
                "iris_id": row["iris_id"],
                "name": row["name"],
                "definition": row["definition"],
                "unit": row["unit"],
                "kind": MetricKind.STOCK if row["kind"] == MetricKind.RATIO else row["kind"],
                "data_type": row["data_type"],
                "dimension": row["dimension"],
                "min_value": _decimal_or_none(row["min_value"]),
                "max_value": _decimal_or_none(row["max_value"]),
                "options": [o for o in row["options"].split(";") if o],
                "source": MetricSource.STARTER if row["iris_id"] else MetricSource.FUND,
            },
        )
        metrics[metric.code] = (metric, row)
        for theme in filter(None, row["themes"].split(";")):
            theme_model.objects.get_or_create(metric=metric, theme=theme)
    # Links between metrics once all exist (a ratio's kind is set with its numerator and denominator).
    for metric, row in metrics.values():
        metric.kind = row["kind"]
        metric.numerator = metrics[row["numerator"]][0] if row["numerator"] else None
        metric.denominator = metrics[row["denominator"]][0] if row["denominator"] else None
        metric.part_of = metrics[row["part_of"]][0] if row["part_of"] else None
        metric.save()
    return len(metrics)


def metric_catalog_dutch_fill(*, path: Path = STARTER_FILE, apps: Apps = global_apps) -> int:
    """Give the shipped metrics their Dutch name and definition where they have none (a name a fund entered itself
    stays); returns the number of metrics filled."""
    metric_model = apps.get_model("impactmetrics", "Metric")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    filled = 0
    for metric in metric_model.objects.filter(code__in=rows):
        row = rows[metric.code]
        changed = False
        for column in ("name_nl", "definition_nl"):
            if not getattr(metric, column) and row[column]:
                setattr(metric, column, row[column])
                changed = True
        if changed:
            metric.save(update_fields=["name_nl", "definition_nl"])
            filled += 1
    return filled


# ---- the official IRIS+ catalog ----------------------------------------------------------------------------------

HEADINGS = {
    "iris_id": {"id", "metricid", "irisid", "irismetricid", "irisplusid"},
    "name": {"metricname", "name", "metric", "irismetricname"},
    "definition": {"definition", "metricdefinition"},
    "reporting_format": {"reportingformat", "format", "datatype", "metricformat"},
}
REQUIRED = ("iris_id", "name")
_ID = re.compile(r"^[A-Z]{2}\d{4}$")
_FORMATS = {
    "currency": DataType.MONEY,
    "reportingcurrency": DataType.MONEY,
    "yesno": DataType.BOOLEAN,
    "integer": DataType.INTEGER,
    "percent": DataType.DECIMAL,
    "percentage": DataType.DECIMAL,
    "number": DataType.DECIMAL,
    "numeric": DataType.DECIMAL,
}


def _norm(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


@dataclass
class IrisImportResult:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> list[list[Any]]:
    # GIIN's catalog: under a thousand metrics of a few dozen columns; the caps keep a wrong file from filling memory
    size_check(size=path.stat().st_size, limit=CATALOG_MAX_BYTES, name=path.name, field="file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = xlsx_read(
            path.read_bytes(),
            field="file",
            sheet_name=lambda title: "metric" in title.lower(),
            max_rows=20_000,
            max_columns=200,
            max_cells=1_000_000,
            max_unpacked_bytes=10 * CATALOG_MAX_BYTES,
        )
        return sheet.rows
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return list(csv.reader(handle))
    raise ValidationError({"file": [_("Import an .xlsx or .csv file.")]})


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The first row (of the first 20) that holds the required headings, and the column of each known heading."""
    for index, row in enumerate(rows[:20]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            for key, names in HEADINGS.items():
                if _norm(cell) in names and key not in columns:
                    columns[key] = col
        if all(key in columns for key in REQUIRED):
            return index, columns
    raise ValidationError(
        {"file": [_("No heading row with “Metric ID” and “Metric Name” found in the first 20 rows.")]}
    )


@transaction.atomic
def iris_catalog_import(*, path: Path, actor: User | None = None) -> IrisImportResult:
    """Import GIIN's IRIS+ catalog: metrics we have get GIIN's name (and definition when ours is empty); new ones are
    added switched off, because their kind (flow, stock or ratio) must be chosen before anyone reports them."""
    from impactmetrics.models import Metric

    rows = _read_rows(path)
    header_index, columns = _header(rows)
    result = IrisImportResult()

    def cell(row: list[Any], key: str) -> str:
        col = columns.get(key)
        return str(row[col]).strip() if col is not None and col < len(row) and row[col] is not None else ""

    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        iris_id = cell(row, "iris_id").upper()
        if not iris_id:
            continue
        if not _ID.match(iris_id):
            result.skipped.append(_("Row %(row)d: “%(id)s” is not an IRIS+ ID.") % {"row": number, "id": iris_id})
            continue
        name, definition = cell(row, "name")[:200], cell(row, "definition")
        data_type = _FORMATS.get(_norm(cell(row, "reporting_format")), DataType.DECIMAL)
        existing = Metric.objects.filter(iris_id=iris_id).first()
        if existing:
            existing.name = name or existing.name
            if definition and (not existing.definition or existing.source == MetricSource.IRIS_IMPORT):
                existing.definition = definition
            existing.save(update_fields=["name", "definition"])
            result.updated += 1
            continue
        Metric.objects.create(
            code=iris_id,
            iris_id=iris_id,
            name=name or iris_id,
            definition=definition,
            kind=MetricKind.FLOW if data_type in (DataType.INTEGER, DataType.MONEY) else MetricKind.STOCK,
            data_type=data_type,
            min_value=Decimal(0) if data_type != DataType.BOOLEAN else None,
            max_value=Decimal(100) if "percent" in _norm(cell(row, "reporting_format")) else None,
            source=MetricSource.IRIS_IMPORT,
            is_active=False,
        )
        result.created += 1
    if result.created or result.updated:
        metric = Metric.objects.filter(source=MetricSource.IRIS_IMPORT).first() or Metric.objects.first()
        if metric is not None:  # always: a metric was just created or updated
            audit_record(
                actor=actor,
                action=AuditAction.METRIC_CATALOG_IMPORTED,
                obj=metric,
                changes={"iris_catalog": [None, f"{path.name}: {result.created} new, {result.updated} updated"]},
            )
    return result
