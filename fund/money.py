"""The one rounding rule for money in the Django apps: to the cent, half up.

The loan engine has its own, configurable per loan, because it must follow the loan's contract."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money_round(amount: Decimal) -> Decimal:
    """Round a Decimal amount to whole cents, half up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
