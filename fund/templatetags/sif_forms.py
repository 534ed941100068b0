"""Form helpers for templates: a number as an input's value, and the one-time token of a money form (fund.once)."""

from django import template
from django.utils.html import format_html

from fund.fields import number_write
from fund.once import ONCE_FIELD, form_token_new

register = template.Library()


@register.simple_tag
def once_field() -> str:
    """A hidden input with a fresh one-time token for this rendering of the form."""
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, form_token_new())


@register.filter
def number_input(value, max_whole_digits=None) -> str:
    """A number as the value of a text input, written as the active language writes it (reads back the same);
    give the field's digits before the decimal mark when it has no room for thousands (a rate: 3)."""
    if value is None or value == "":
        return ""
    digits = None if max_whole_digits in (None, "") else int(max_whole_digits)
    return number_write(getattr(value, "amount", value), max_whole_digits=digits)
