"""ISO 11649 structured creditor references ("RF references"): what a member quotes when paying a capital call.

    reference   = "RF" + kk + body, body 1–21 letters and digits, kk two check digits
    kk          = 98 − (number(body + "RF00") mod 97), letters read as A=10 … Z=35 (ISO 7064 mod 97-10, as an IBAN)
    e.g. body 539007547034 → RF18539007547034 (the standard's own example), printed in groups of four:
    RF18 5390 0754 7034.

A reference is stored compact (upper case, no spaces); banks and members type it with spaces and in lower case, so
every comparison goes through `creditor_reference_compact`. The check digits come from python-stdnum's mod 97-10.
"""

import re

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

_BODY = re.compile(r"^[A-Z0-9]{1,21}$")


def creditor_reference_compact(value: str) -> str:
    """`value` in upper case without spaces (and other separators banks print): "rf18 5390 0754 7034" → RF18…"""
    return iso11649.compact(value or "")


def creditor_reference_create(body: str) -> str:
    """The RF reference (compact) for `body`: 1–21 letters and digits, e.g. "539007547034" → "RF18539007547034"."""
    body = creditor_reference_compact(body)
    if not _BODY.match(body):
        raise ValueError(f"An RF reference body is 1 to 21 letters and digits, not {body!r}.")
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def creditor_reference_is_valid(value: str) -> bool:
    """Whether `value` (spaces and lower case allowed) is an RF reference with correct check digits."""
    return iso11649.is_valid(value or "")


def creditor_reference_format(value: str) -> str:
    """The reference as printed for people, in groups of four: "RF18 5390 0754 7034"."""
    return iso11649.format(value)


def creditor_reference_in(reference: str, text: str) -> bool:
    """Whether `text` (a remittance or statement description) quotes `reference`, whatever its spaces and case."""
    squeezed = re.sub(r"\s+", "", (text or "").upper())
    return creditor_reference_compact(reference) in squeezed
