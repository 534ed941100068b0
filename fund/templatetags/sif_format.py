"""Display formatting in the active language (see fund.formatting): € 1.234,56 in Dutch, €1,234.56 in English."""

from django import template

from fund import formatting

register = template.Library()


@register.filter
def money(value) -> str:
    """Format a Money or Decimal amount in euros for the active language; empty for None."""
    return formatting.money(value)


@register.filter
def number(value, places=None) -> str:
    """A number in the active language, grouped in thousands: `{{ x|number:1 }}` → "17,4" in Dutch."""
    return formatting.number(value, None if places is None else int(places))


@register.filter
def percent(value, places=2) -> str:
    """A percentage (already ×100) in the active language: `{{ x|percent }}` → "45,70 %" in Dutch."""
    return formatting.percent(value, int(places))


@register.filter
def hours(value, places=None) -> str:
    """Hours in the active language: `{{ x|hours }}` → "25,5 u" in Dutch, "25.5 h" in English."""
    return formatting.hours(value, None if places is None else int(places))


@register.filter
def choice_label(value, choices: str) -> str:
    """The label of a stored choice value, for rows that carry the bare code (a selector's dataclass, the loan
    engine's statuses): `{{ i.status|choice_label:"portfolio.InstallmentStatus" }}` → "Partly paid"."""
    return formatting.choice_label(value, choices)


@register.filter
def choice_labels(values, choices: str) -> list[str]:
    """The labels of a list of stored choice values: `{{ codes|choice_labels:"fund.Theme"|join:", " }}`."""
    return [formatting.choice_label(value, choices) for value in values or []]
