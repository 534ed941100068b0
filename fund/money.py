"""The rounding rules of the Django apps: money to the cent, ratios and percentages to their places, all half up.

Half up (0.125 → 0.13, 0.135 → 0.14), never Python's default half-even, so a figure rounds the way a fund manager
checks it by hand and the same figure rounds the same on every page, in every PDF and in the API. These are the
arithmetic; `fund.formatting` turns the results into text. The loan engine has its own rounding, configurable per
loan, because it must follow the loan's contract.

    ratio_of(part, whole, places)   = part / whole, rounded half up to `places` decimals
    percent_of(part, whole, places) = 100 · part / whole, rounded half up to `places` decimals (45.70 means 45.70 %)
Both are None when either number is missing or the whole is zero: a share of nothing is not 0 %."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

Number = Decimal | int


def money_round(amount: Decimal) -> Decimal:
    """Round a Decimal amount to whole cents, half up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def round_half_up(value: Number, places: int = 2) -> Decimal:
    """`value` rounded to `places` decimals, half up."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio_of(part: Number | None, whole: Number | None, places: int = 2) -> Decimal | None:
    """part / whole to `places` decimals, half up; None when either is missing or `whole` is zero."""
    if part is None or not whole:
        return None
    return round_half_up(Decimal(part) / Decimal(whole), places)


def percent_of(part: Number | None, whole: Number | None, places: int = 2) -> Decimal | None:
    """part as a percentage of whole (0–100) to `places` decimals, half up; None when either is missing or `whole`
    is zero."""
    if part is None or not whole:
        return None
    return round_half_up(Decimal(part) * HUNDRED / Decimal(whole), places)


def money_split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` split pro rata to `weights`, in the order given, each part to the cent; the parts add up to `total`.

    part i = money_round(total · weight i / Σ weights) for every part but the first; the first takes what is left,
    so the rounding difference (at most half a cent per other part) goes to the first (list the largest first).
    """
    whole = sum((Decimal(w) for w in weights), Decimal(0))
    if not weights or whole <= 0:
        return [Decimal("0.00") for _ in weights]
    rest = [money_round(Decimal(total) * Decimal(w) / whole) for w in weights[1:]]
    return [money_round(total) - sum(rest, Decimal(0)), *rest]
