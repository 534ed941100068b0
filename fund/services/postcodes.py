"""Resolving a Dutch postcode to the municipality it lies in."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import postcode as nl_postcode

from fund.models import Municipality, PostcodeArea

_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})?$")


class PostcodeError(ValidationError):
    """A postcode that is malformed or not known to the CBS table."""


def postcode_normalise(postcode: str) -> str:
    """'3011ab' → '3011 AB', '3011' → '3011'. Raises PostcodeError for anything that is not a Dutch postcode."""
    compact = re.sub(r"\s+", "", postcode or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise PostcodeError(
            _("“%(value)s” is not a Dutch postcode (four digits, optionally two letters, e.g. 3011 AB).")
            % {"value": postcode},
            code="malformed",
        )
    digits, letters = match.groups()
    if not letters:
        return digits
    try:
        return nl_postcode.validate(compact)
    except StdnumError as exc:
        raise PostcodeError(
            _("“%(value)s” is not a valid Dutch postcode.") % {"value": postcode}, code="malformed"
        ) from exc


def postcode_municipality(postcode: str) -> Municipality:
    """The municipality holding most addresses of the postcode's 4-digit area (CBS 2024 table)."""
    pc4 = postcode_normalise(postcode)[:4]
    area = (
        PostcodeArea.objects.select_related("municipality__labour_market_region")
        .filter(pc4=pc4, municipality__valid_to__isnull=True)
        .order_by("-is_main_municipality", "-share_of_addresses")
        .first()
    )
    if area is None:
        raise PostcodeError(
            _("Postcode %(pc4)s is not in the CBS postcode table; check it or enter a nearby postcode.") % {"pc4": pc4},
            code="unknown",
        )
    return area.municipality
