"""Template filters for the PDF reports: one format per kind of number (see reporting.formatting)."""

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from fund.templatetags.sif_format import money
from impactmetrics.choices import MetricKind
from reporting import formatting

register = template.Library()


@register.filter
def decimals(value, places: int = 1) -> str:
    """{{ value|decimals:1 }}: grouped, always `places` decimals, in the active language."""
    return formatting.decimal_text(value, int(places))


@register.filter
def percent(value) -> str:
    """{{ ratio|percent }}: "45,70 %" (two decimals); "—" when there is no figure."""
    return formatting.percent_text(value)


@register.filter
def metric(value, aggregate) -> str:
    """{{ m.value|metric:m }}: an impact figure in the format its metric is counted in."""

    def field(name: str, default: str = "") -> str:
        return aggregate.get(name, default) if isinstance(aggregate, dict) else getattr(aggregate, name, default)

    return formatting.metric_text(
        value, data_type=field("data_type", "decimal"), is_ratio=field("kind") == MetricKind.RATIO
    )


@register.filter
def css_string(value) -> str:
    """{% filter css_string %}…{% endfilter %}: the running header as a CSS string, escaped for CSS (not JS)."""
    return mark_safe(formatting.css_string(value))  # noqa: S308 -- all but letters, digits and spaces is escaped


@register.filter
def tape_cell(row, column) -> str:
    """{{ row|tape_cell:column }}: one loan tape cell in its column's format (money, percent, date, text)."""
    value = getattr(row, column.field)
    if column.kind == "money":
        return money(value)
    if column.kind == "percent":
        return formatting.percent_text(value)
    if column.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT") if value else "—"
    return "" if value is None else str(value)
