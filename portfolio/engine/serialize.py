"""JSON-shaped input and output of the engine: strict parsing that names the field at fault, and two-decimal strings.

Money and rates travel as decimal strings (JSON numbers are accepted when parsed with `parse_float=Decimal`); counts
are integers; dates are ISO `YYYY-MM-DD`. Unknown fields are refused, so a misspelt grace never goes unnoticed.
"""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from portfolio.engine.errors import EngineError, TermsError
from portfolio.engine.schedule import Schedule
from portfolio.engine.terms import Terms, Tranche

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_TERMS_FIELDS = {
    "principal": "decimal",
    "annual_interest_rate": "decimal",
    "repayments": "int",
    "repayment_every": "int",
    "repayment_unit": "str",
    "disbursement_date": "date",
    "first_repayment_date": "date",
    "interest_method": "str",
    "amortization": "str",
    "fixed_principal_percent": "decimal",
    "interest_period": "str",
    "day_count": "str",
    "grace_principal": "int",
    "grace_interest_payment": "int",
    "grace_interest_charged": "int",
    "installment_multiple": "decimal",
    "rounding": "str",
    "disbursements": "tranches",
}
_REQUIRED_TERMS = ("principal", "annual_interest_rate", "repayments", "disbursement_date")


def parse_decimal(value: object, name: str, error: type[EngineError] = TermsError) -> Decimal:
    """A decimal from a string, an integer or a Decimal; never from a binary float."""
    if isinstance(value, bool | float):
        raise error(name, f'must be a decimal written as a string, e.g. "12.5" (got {value!r})')
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise error(name, f"is not a decimal number (got {value!r})") from None
    else:
        raise error(name, f"must be a decimal number (got {value!r})")
    if not result.is_finite():
        raise error(name, f"is not a finite number (got {value!r})")
    return result


def parse_date(value: object, name: str, error: type[EngineError] = TermsError) -> date:
    """A calendar date written as YYYY-MM-DD."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise error(name, f"must be a date written as YYYY-MM-DD (got {value!r})")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise error(name, f"is not a calendar date (got {value!r})") from None


def parse_int(value: object, name: str, error: type[EngineError] = TermsError) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(name, f"must be a whole number (got {value!r})")
    return value


def parse_terms(data: object, prefix: str = "") -> Terms:
    """Validated `Terms` from a JSON object; any problem raises `TermsError` naming `prefix` + the field."""
    try:
        return _parse_terms(data, prefix)
    except TermsError as error:
        if prefix and not error.field.startswith(prefix):
            raise TermsError(prefix + error.field, error.message) from None
        raise


def _parse_terms(data: object, prefix: str) -> Terms:
    if not isinstance(data, Mapping):
        raise TermsError(prefix.rstrip(".") or "terms", "must be a JSON object")
    for key in data:
        if key not in _TERMS_FIELDS:
            raise TermsError(prefix + str(key), "is not a known loan term")
    for key in _REQUIRED_TERMS:
        if data.get(key) is None:
            raise TermsError(prefix + key, "is required")
    values: dict[str, Any] = {}  # each value checked by its parser above
    for key, kind in _TERMS_FIELDS.items():
        raw = data.get(key)
        if raw is None:
            continue
        name = prefix + key
        if kind == "decimal":
            values[key] = parse_decimal(raw, name)
        elif kind == "int":
            values[key] = parse_int(raw, name)
        elif kind == "date":
            values[key] = parse_date(raw, name)
        elif kind == "str":
            if not isinstance(raw, str):
                raise TermsError(name, f"must be a string (got {raw!r})")
            values[key] = raw
        else:
            values[key] = _parse_tranches(raw, name)
    return Terms(**values)


def _parse_tranches(raw: object, name: str) -> tuple[Tranche, ...]:
    if not isinstance(raw, list):
        raise TermsError(name, "must be a list of {date, amount} objects")
    tranches = []
    for index, item in enumerate(raw):
        where = f"{name}[{index}]"
        if not isinstance(item, Mapping) or set(item) != {"date", "amount"}:
            raise TermsError(where, "must be an object with exactly a date and an amount")
        tranches.append(
            Tranche(parse_date(item["date"], f"{where}.date"), parse_decimal(item["amount"], f"{where}.amount"))
        )
    return tuple(tranches)


def money(amount: Decimal) -> str:
    """An amount as a string with two decimals."""
    return f"{amount:.2f}"


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The schedule as the `loan_schedule` command prints it."""
    return {
        "installments": [
            {
                "number": item.number,
                "due_date": item.due_date.isoformat(),
                "principal": money(item.principal),
                "interest": money(item.interest),
                "total": money(item.total),
                "balance": money(item.balance),
            }
            for item in schedule.installments
        ],
        "totals": {
            "principal": money(schedule.total_principal),
            "interest": money(schedule.total_interest),
            "total": money(schedule.total),
        },
    }
