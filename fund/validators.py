"""Field rules shared by forms and services, with messages that name what is wrong."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import at_02 as sepa_creditor_id
from stdnum.exceptions import ValidationError as StdnumValidationError

from fund.choices import MemberKind

_KVK = re.compile(r"^[0-9]{8}$")


def kvk_number_clean(value: str) -> str:
    """A KvK (Chamber of Commerce) number: exactly 8 digits; spaces and dots are ignored."""
    compact = re.sub(r"[\s.]", "", value or "")
    if not _KVK.match(compact):
        raise ValidationError(
            _("A KvK number has exactly 8 digits; “%(value)s” has %(count)s.")
            % {"value": value, "count": sum(c.isdigit() for c in compact)},
            code="kvk_number",
        )
    return compact


def iban_clean(value: str) -> str:
    """An IBAN checked for country format and check digits; returned in compact form (NL91ABNA0417164300)."""
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid IBAN (check the country code, check digits and length).") % {"value": value},
            code="iban",
        ) from exc


def member_municipality_errors(*, kind: str, municipality: object | None) -> dict[str, list[str]]:
    """A member names a municipality exactly when it is a municipality (its officers then read its capital
    account): the errors by field, empty when the pair is right. The database holds the same rule."""
    if kind == MemberKind.MUNICIPALITY and municipality is None:
        return {"municipality": [_("A municipality member names the municipality it is.")]}
    if kind != MemberKind.MUNICIPALITY and municipality is not None:
        return {"municipality": [_("Only a municipality member names a municipality; leave it empty for this kind.")]}
    return {}


def bic_clean(value: str) -> str:
    """A BIC (SWIFT code) of 8 or 11 characters with a known country; returned in upper case without spaces."""
    try:
        return str(BIC((value or "").replace(" ", "").upper()))
    except SchwiftyException as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid BIC (8 or 11 letters and digits, e.g. ABNANL2A).") % {"value": value},
            code="bic",
        ) from exc


def creditor_id_clean(value: str) -> str:
    """A SEPA creditor identifier (e.g. NL08ZZZ502057730000) checked for its check digits (ISO 7064 mod 97-10, as an
    IBAN); returned in compact upper-case form."""
    try:
        return str(sepa_creditor_id.validate(value or ""))
    except StdnumValidationError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid SEPA creditor id (check the country code, check digits and length).")
            % {"value": value},
            code="creditor_id",
        ) from exc
