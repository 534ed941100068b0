"""Field rules shared by forms and services, with messages that name what is wrong."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

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
