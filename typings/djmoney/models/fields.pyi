# The two model fields of django-money as the product uses them. django-money types its Money class but not its
# fields, so the django-stubs plugin would take a MoneyField for a plain DecimalField (set and read as a Decimal)
# where it takes and gives Money. Only what the product calls is declared.
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models.expressions import Combinable
from djmoney.money import Money

_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)

class CurrencyField(models.CharField[_ST, _GT]):
    def __init__(self, price_field: Any = ..., default: Any = ..., **kwargs: Any) -> None: ...

class MoneyField(models.DecimalField[_ST, _GT]):
    # A DecimalField in the database, Money in Python: the narrower types of the base class do not apply.
    _pyi_private_set_type: Money | Decimal | int | float | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Money  # type: ignore[assignment]
    def __init__(
        self,
        verbose_name: Any = ...,
        name: str | None = ...,
        max_digits: int | None = ...,
        decimal_places: int | None = ...,
        default: Any = ...,
        default_currency: str | None = ...,
        currency_choices: Any = ...,
        currency_max_length: int = ...,
        currency_field_name: str | None = ...,
        money_descriptor_class: Any = ...,
        **kwargs: Any,
    ) -> None: ...
