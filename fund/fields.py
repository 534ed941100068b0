"""Numbers as people type them: one reader, one writer, and the decimal and money form fields every form uses.

Guarantees:
- `number_read` reads a number the way a person of the active language (or the one given) writes it: Dutch "35.000",
  "35.000,00", "1.234,56", "9,6"; English "35,000", "35,000.00", "1,234.56", "9.6"; plain "35000" in both. Spaces
  around it, a leading "€" or "EUR" and a minus sign are allowed.
- It never guesses: input with two possible readings is refused with a message that shows how to write the number in
  that language. The only such input is one separator that is the language's decimal mark, followed by exactly three
  digits after one to three digits ("35,000" in Dutch, "1.234" in English), when the thousands reading fits the field
  too. The language's thousands mark in that position is a thousands mark ("35.000" in Dutch is 35000); a separator
  that cannot be a thousands mark (not followed by exactly three digits, or after a leading 0 or more than three
  digits, or when the thousands reading does not fit the field) is the decimal mark, whichever character it is.
  With both characters, the last one is the decimal mark and the other must group the digits by three.
- `number_write` writes a number in the language's format, and what it writes always reads back to the same value.
- `LocalizedDecimalField` and `LocalizedMoneyField` read with `number_read` and show their initial or bound value with
  `number_write`, so a form shown again after an error reads back the same amount.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# language → (decimal mark, thousands mark)
MARKS = {"nl": (",", "."), "en": (".", ",")}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"^(€|eur)", re.IGNORECASE)
_SHAPE = re.compile(r"^[\d.,]+$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}$")


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "nl")[:2]
    return code if code in MARKS else "nl"


def number_write(
    value: Decimal | int,
    *,
    language: str | None = None,
    decimal_places: int | None = None,
    max_whole_digits: int | None = None,
) -> str:
    """The number as the language writes it ("35.000,00" / "35,000.00"), grouped by thousands.

    With `decimal_places` it is rounded to and shows that many decimals; without, trailing zeros are left out. Three
    decimals after one to three digits would read as thousands, so they get a fourth ("1,2340") unless the field
    has no room for thousands (`max_whole_digits` below 4, as for a rate): the text always reads back the same."""
    decimal_mark, thousands_mark = MARKS[_language(language)]
    value = Decimal(value)
    if decimal_places is not None:
        value = value.quantize(Decimal(1).scaleb(-decimal_places))
    sign, text = ("-", f"{-value:f}") if value < 0 else ("", f"{value:f}")
    whole, _dot, fraction = text.partition(".")
    if decimal_places is None:
        fraction = fraction.rstrip("0")
    thousands_fit = max_whole_digits is None or max_whole_digits >= 4
    if len(fraction) == 3 and whole != "0" and len(whole) <= 3 and thousands_fit:
        fraction += "0"
    grouped = f"{int(whole):,}".replace(",", thousands_mark)
    return sign + grouped + (decimal_mark + fraction if fraction else "")


def _example(whole: Decimal, language: str, decimal_places: int | None) -> str:
    """'35000 or 35.000,00': a whole number as plain digits and in the language's format with its decimals."""
    places = 2 if decimal_places is None else min(decimal_places, 2)
    return _("%(plain)s or %(grouped)s") % {
        "plain": f"{int(whole)}",
        "grouped": number_write(whole, language=language, decimal_places=places),
    }


def _ambiguous(text: str, thousands: Decimal, small: Decimal, language: str, places: int | None) -> ValidationError:
    """'35,000' in Dutch: 35000 to an English reader, 35 to a Dutch one; say how to write either unmistakably."""
    message = _("“%(value)s” can be read two ways. Write %(thousands)s.") % {
        "value": text,
        "thousands": _example(thousands, language, places),
    }
    if places is None or -int(small.normalize().as_tuple().exponent) <= places:
        message += " " + _("For a number below %(limit)s write %(small)s.") % {
            "limit": number_write(1000, language=language),
            "small": number_write(small, language=language),
        }
    return ValidationError(message, code="ambiguous")


def _invalid(text: str) -> ValidationError:
    return ValidationError(_("“%(value)s” is not a number."), code="invalid", params={"value": text})


def number_read(
    text: str,
    *,
    language: str | None = None,
    decimal_places: int | None = None,
    max_whole_digits: int | None = None,
    max_value: Decimal | None = None,
) -> Decimal:
    """Read `text` as a person of `language` (default: the active one) writes a number; see the module docstring.

    `max_whole_digits` and `max_value` say whether a thousands reading fits the field; with `decimal_places`, more
    decimals are refused. Raises ValidationError (codes "invalid", "ambiguous", "max_decimal_places")."""
    language = _language(language)
    decimal_mark = MARKS[language][0]
    original = str(text).strip()
    compact = _SPACES.sub("", original).replace("\u2212", "-")
    negative = compact.startswith("-")
    compact = compact.removeprefix("-")
    compact = _CURRENCY.sub("", compact)
    if not negative and compact.startswith("-"):
        negative, compact = True, compact[1:]
    if not compact or not _SHAPE.fullmatch(compact) or not any(c.isdigit() for c in compact):
        raise _invalid(original)
    marks = [c for c in compact if c in ".,"]
    grouped = False
    if not marks:
        number = Decimal(compact)
    elif len(set(marks)) == 2:
        point = "." if compact.rfind(".") > compact.rfind(",") else ","
        whole, fraction = compact.rsplit(point, 1)
        group_mark = "," if point == "." else "."
        if point in whole or not _grouped(whole.split(group_mark)):
            raise _invalid(original)
        grouped = True
        number = Decimal(whole.replace(group_mark, "") + "." + (fraction or "0"))
    elif len(marks) > 1:  # one character several times: it can only group thousands
        parts = compact.split(marks[0])
        if not _grouped(parts):
            raise _invalid(original)
        grouped = True
        number = Decimal("".join(parts))
    else:
        whole, fraction = compact.split(marks[0])
        as_thousands = Decimal(whole + fraction) if len(fraction) == 3 and _GROUPED.fullmatch(whole) else None
        if as_thousands is not None and _fits(as_thousands, max_whole_digits, max_value):
            if marks[0] == decimal_mark:
                raise _ambiguous(original, as_thousands, Decimal(whole + "." + fraction), language, decimal_places)
            grouped = True
            number = as_thousands
        else:
            try:
                number = Decimal((whole or "0") + "." + (fraction or "0"))
            except InvalidOperation:
                raise _invalid(original) from None
    if decimal_places is not None and -int(number.normalize().as_tuple().exponent) > decimal_places and number != 0:
        rounded = number_write(number, language=language, decimal_places=decimal_places)
        if grouped:
            message = _("Write this as %(example)s.") % {"example": rounded}
        else:
            message = ngettext(
                "Use at most %(count)d decimal, for example %(example)s.",
                "Use at most %(count)d decimals, for example %(example)s.",
                decimal_places,
            ) % {
                "count": decimal_places,
                "example": rounded,
            }
        raise ValidationError(message, code="max_decimal_places")
    return -number if negative else number


def _grouped(parts: list[str]) -> bool:
    """1–3 digits (no leading zero), then groups of exactly three."""
    return bool(_GROUPED.fullmatch(parts[0])) and all(len(p) == 3 and p.isdigit() for p in parts[1:])


def _fits(value: Decimal, max_whole_digits: int | None, max_value: Decimal | None) -> bool:
    if max_whole_digits is not None and len(str(int(value))) > max_whole_digits:
        return False
    return max_value is None or value <= max_value


class LocalizedNumberInput(forms.TextInput):
    """A text input (numeric keyboard on phones) that shows a number as the active language writes it."""

    input_type = "text"

    def __init__(self, attrs=None, decimal_places: int | None = None, max_whole_digits: int | None = None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})
        self.decimal_places = decimal_places
        self.max_whole_digits = max_whole_digits

    def format_value(self, value):
        value = getattr(value, "amount", value)  # a Money shows its amount
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return number_write(
                Decimal(str(value)), decimal_places=self.decimal_places, max_whole_digits=self.max_whole_digits
            )
        return super().format_value(value)


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed as the active language writes it (see `number_read`); refuses what can be read two ways."""

    widget = LocalizedNumberInput
    shown_places: int | None = None  # decimals the widget shows; None: as many as the value has

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        whole_digits = None if max_digits is None else max_digits - (decimal_places or 0)
        kwargs.setdefault(
            "widget", LocalizedNumberInput(decimal_places=self.shown_places, max_whole_digits=whole_digits)
        )
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        return {}  # no step/min/max: the input is text, read by number_read

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        whole_digits = None if self.max_digits is None else self.max_digits - (self.decimal_places or 0)
        return number_read(
            str(value),
            decimal_places=self.decimal_places,
            max_whole_digits=whole_digits,
            max_value=self.max_value,
        )

    def bound_data(self, data, initial):
        """Show a readable typed value in the language's format when the form comes back (e.g. with another error)."""
        try:
            return self.to_python(data) if data not in self.empty_values else data
        except ValidationError:
            return data

    def has_changed(self, initial, data):
        try:
            initial = getattr(initial, "amount", initial)
            return self.to_python(data) != (None if initial in self.empty_values else Decimal(str(initial)))
        except (ValidationError, InvalidOperation):
            return True


class LocalizedMoneyField(LocalizedDecimalField):
    """An amount in euros (cents at most), shown with two decimals: "35.000,00" in Dutch, "35,000.00" in English."""

    shown_places = 2

    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
