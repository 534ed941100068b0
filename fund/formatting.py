"""Numbers as people read them, in the active language: the one place pages, charts, messages and PDFs format them.

Dutch: "1.234,56", "17,4", "45,70 %", "25,5 u", "€ 75.000,00"; English: "1,234.56", "17.4", "45.70 %", "25.5 h",
"€75,000.00". Code that builds text (chart labels, messages, history panels) calls these instead of f-strings, which
always write an English decimal point.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from importlib import import_module
from typing import Any

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext as _
from djmoney.models.fields import MoneyField
from djmoney.money import Money
from moneyed.l10n import format_money

_MONEY_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value, places: int | None = None) -> str:
    """`value` with `places` decimals (None: as many as it has, trailing zeros dropped), grouped in thousands;
    empty for None."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    if places is None:
        amount = amount.normalize()
        places = max(-int(amount.as_tuple().exponent), 0)
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value, places: int | None = 2) -> str:
    """A percentage that is already ×100: 45.7 → "45,70 %" (nl) or "45.70 %" (en), with `places` decimals (None:
    as many as it has); empty for None."""
    return "" if value is None or value == "" else f"{number(value, places)}\xa0%"


def hours(value, places: int | None = None) -> str:
    """Hours: 25.5 → "25,5 u" (nl) or "25.5 h" (en); empty for None."""
    if value is None or value == "":
        return ""
    # Translators: the abbreviation of "hours" after a number, e.g. 25,5 u.
    unit = _("h")
    return f"{number(value, places)}\xa0{unit}"


def money(value) -> str:
    """A Money or Decimal amount in euros: "€ 1.234,56" (nl) or "€1,234.56" (en); empty for None."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Money) else Money(_decimal(value), "EUR")
    locale = _MONEY_LOCALES.get((translation.get_language() or "nl")[:2], "nl_NL")
    return format_money(amount, locale=locale)


def parse_decimal(text) -> Decimal | None:
    """A number written the machine way ("75000.00", "-3", "1.5E+2"), or None when `text` is not one."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def date(value: datetime.date) -> str:
    """A date in the active language's short format: 31-01-2026 (nl), 2026-01-31 (en)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# An amount after a euro sign as stored by older audit events or written by code ("€ 75000.00", "€ 75.000,00",
# "€75,000.00"), a percentage ("12.5%") and an ISO date.
_EURO_AMOUNT = re.compile(r"€\s?(-?\d[\d.,]*(?<=\d))")
_PERCENT = re.compile(r"(?<![\d.,])(-?\d+(?:\.\d+)?)\s?%")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _written_amount(text: str) -> Decimal | None:
    """An amount as either language or a machine writes it: "75.000,00" and "1.234" (Dutch), "75,000.00" and
    "1,234" (English), "75000.00"; None when it is none of these."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d{1,2}", digits):
        return Decimal(sign + digits.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", digits):
        return Decimal(sign + digits.replace(",", ""))
    return None


def _labels(value: str, labels: dict[str, str]) -> str | None:
    """A stored choice value, or a comma-separated list of them, as labels; None when a part is no choice."""
    parts = [part.strip() for part in str(value).split(",")]
    return ", ".join(str(labels[part]) for part in parts) if all(part in labels for part in parts) else None


def localize_amounts_and_dates(text: str) -> str:
    """`text` with every euro amount, percentage ("12.5%") and ISO date in it rewritten in the active language's
    format."""

    def _date(match: re.Match) -> str:
        try:
            return date(datetime.date(*map(int, match.groups())))
        except ValueError:
            return match.group(0)

    def _money(match: re.Match) -> str:
        amount = _written_amount(match.group(1))
        return match.group(0) if amount is None else money(amount)

    text = _EURO_AMOUNT.sub(_money, text)
    text = _PERCENT.sub(lambda m: percent(Decimal(m.group(1)), None), text)
    return _ISO_DATE.sub(_date, text)


def choice_labels_text(value: str, choices: type[models.Choices]) -> str | None:
    """A stored value of `choices` (or a comma-separated list of them) as labels; None when a part is no choice."""
    return _labels(value, dict(choices.choices))


def value_for_field(field: models.Field, value: str) -> str:
    """A value stored as text for `field` (a choice code, "75000.00", "2026-01-31", "True") as the reader reads it:
    the choice's label, the amount, number or date in the active language. Text it cannot read is shown with its
    amounts and dates localized."""
    base_field: Any = getattr(field, "base_field", None)  # an ArrayField's choices are its items'
    choices = field.choices or getattr(base_field, "choices", None)
    if choices:
        flat = field.flatchoices if field.choices else base_field.flatchoices
        return _labels(value, {str(code): label for code, label in flat}) or str(value)
    if isinstance(field, models.BooleanField) and value in ("True", "False"):
        return _("yes") if value == "True" else _("no")
    parsed = parse_decimal(value)
    if parsed is not None and isinstance(field, MoneyField):
        return money(parsed)
    if parsed is not None and isinstance(field, models.DecimalField | models.FloatField):
        return number(parsed)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return date(datetime.date.fromisoformat(str(value)))
        except ValueError:
            pass
    return localize_amounts_and_dates(str(value))


def choice_label(value, choices: str) -> str:
    """The label of `value` in the TextChoices class named "app.ClassName" (in that app's choices module), in the
    active language; a value the class does not know is returned as it is."""
    app, _dot, name = choices.partition(".")
    cls = getattr(import_module(f"{app}.choices"), name)
    try:
        return str(cls(value).label)
    except ValueError:
        return "" if value is None else str(value)
