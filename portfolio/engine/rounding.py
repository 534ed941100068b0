"""The engine's single rounding rule for money."""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

ROUNDING_MODES = {"half_even": ROUND_HALF_EVEN, "half_up": ROUND_HALF_UP}


def round_money(amount: Decimal, mode: str, step: Decimal = CENT) -> Decimal:
    """Round `amount` to a multiple of `step` (a cent unless given) with `mode`; the result always has two decimals.

    `mode` is a `decimal` rounding constant (see `ROUNDING_MODES`).
    """
    if step == CENT:
        return amount.quantize(CENT, rounding=mode)
    return ((amount / step).quantize(Decimal(1), rounding=mode) * step).quantize(CENT, rounding=mode)
