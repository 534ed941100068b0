"""Writing SEPA payment initiation files with `sepaxml`: credit transfers (pain.001.001.03) for disbursements and
direct debits (pain.008.001.02) for installments. Every file is validated against the official schema before it is
handed out; amounts go in as Decimal euros and are converted to whole cents exactly.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaDD, SepaTransfer

_XSD = Path(__file__).parent / "xsd"


class PaymentFileError(Exception):
    """A payment file could not be produced; the message names the payment or field."""


@dataclass(frozen=True)
class Party:
    name: str
    iban: str
    bic: str = ""


@dataclass(frozen=True)
class CreditTransfer:
    """Money the fund pays out (a loan tranche)."""

    end_to_end_id: str
    amount: Decimal
    creditor: Party
    remittance: str
    execution_date: datetime.date


@dataclass(frozen=True)
class DirectDebit:
    """Money the fund collects under a mandate (an installment)."""

    end_to_end_id: str
    amount: Decimal
    debtor: Party
    mandate_id: str
    mandate_date: datetime.date
    remittance: str
    collection_date: datetime.date
    sequence_type: str = "RCUR"  # FRST for the first collection under a mandate


def _bic(party: Party) -> dict[str, str]:
    """The party's BIC, or the one its IBAN's bank code implies; left out when neither is known (allowed in SEPA)."""
    if party.bic:
        return {"BIC": party.bic}
    try:
        bic = IBAN(party.iban).bic
    except SchwiftyException:
        bic = None
    return {"BIC": str(bic)} if bic else {}


def _cents(amount: Decimal, where: str) -> int:
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value() or cents <= 0:
        raise PaymentFileError(f"{where}: the amount {amount} must be positive and in whole cents.")
    return int(cents)


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_XSD / f"{name}.xsd")))


def pain_validate(content: bytes, schema_name: str) -> list[str]:
    """Schema errors of a generated pain file (empty when valid)."""
    schema = _schema(schema_name)
    document = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    return [] if schema.validate(document) else [f"line {e.line}: {e.message}" for e in schema.error_log]


def _export(document, schema_name: str) -> bytes:
    content = document.export(validate=False)
    errors = pain_validate(content, schema_name)
    if errors:
        raise PaymentFileError(f"The generated {schema_name} file is not valid: {errors[0]}")
    return content


def credit_transfer_file(*, debtor: Party, transfers: list[CreditTransfer]) -> bytes:
    """A pain.001.001.03 file paying `transfers` from the fund's account; one batch per execution date."""
    if not transfers:
        raise PaymentFileError("There is nothing to pay.")
    document = SepaTransfer(
        {"name": debtor.name, "IBAN": debtor.iban, **_bic(debtor), "batch": True, "currency": "EUR"},
        schema="pain.001.001.03",
    )
    for transfer in transfers:
        document.add_payment(
            {
                "name": transfer.creditor.name,
                "IBAN": transfer.creditor.iban,
                **_bic(transfer.creditor),
                "amount": _cents(transfer.amount, transfer.end_to_end_id),
                "execution_date": transfer.execution_date,
                "description": transfer.remittance,
                "endtoend_id": transfer.end_to_end_id,
            }
        )
    return _export(document, "pain.001.001.03")


def direct_debit_file(*, creditor: Party, creditor_id: str, debits: list[DirectDebit]) -> bytes:
    """A pain.008.001.02 file collecting `debits` into the fund's account under the fund's creditor id."""
    if not debits:
        raise PaymentFileError("There is nothing to collect.")
    document = SepaDD(
        {
            "name": creditor.name,
            "IBAN": creditor.iban,
            "BIC": _bic(creditor).get("BIC", "NOTPROVIDED"),
            "batch": True,
            "creditor_id": creditor_id,
            "currency": "EUR",
            "instrument": "CORE",
        },
        schema="pain.008.001.02",
    )
    for debit in debits:
        document.add_payment(
            {
                "name": debit.debtor.name,
                "IBAN": debit.debtor.iban,
                **_bic(debit.debtor),
                "amount": _cents(debit.amount, debit.end_to_end_id),
                "type": debit.sequence_type,
                "collection_date": debit.collection_date,
                "mandate_id": debit.mandate_id,
                "mandate_date": debit.mandate_date,
                "description": debit.remittance,
                "endtoend_id": debit.end_to_end_id,
            }
        )
    return _export(document, "pain.008.001.02")
