"""Display formatting in the active language: € 1.234,56 in Dutch, €1,234.56 in English."""

from decimal import Decimal

from django import template
from django.utils import translation
from djmoney.money import Money
from moneyed.l10n import format_money

register = template.Library()

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@register.filter
def money(value) -> str:
    """Format a Money or Decimal amount in euros for the active language; empty for None."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Money) else Money(Decimal(value), "EUR")
    locale = _LOCALES.get((translation.get_language() or "nl")[:2], "nl_NL")
    return format_money(amount, locale=locale)
