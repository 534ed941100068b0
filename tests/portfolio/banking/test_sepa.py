import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from portfolio.banking.sepa import (
    CreditTransfer,
    DirectDebit,
    Party,
    PaymentFileError,
    credit_transfer_file,
    direct_debit_file,
    pain_validate,
)

SAMPLES = Path(__file__).parent / "samples"
FUND = Party("SIF Rotterdam", "NL91ABNA0417164300")
NS001 = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _transfer(e2e: str, amount: str, iban: str = "NL20INGB0001234567") -> CreditTransfer:
    return CreditTransfer(
        e2e, Decimal(amount), Party("Buurtkeuken Delfshaven B.V.", iban), f"Lening {e2e}", datetime.date(2026, 12, 3)
    )


def test_the_bank_samples_validate_against_the_schemas():
    for name, schema in [
        ("ing_pain.001.001.03_voorbeeldbestand.xml", "pain.001.001.03"),
        ("abnamro_pain.008.001.02_voorbeeldbestand.xml", "pain.008.001.02"),
    ]:
        assert pain_validate((SAMPLES / name).read_bytes(), schema) == []


def test_credit_transfer_file_validates_and_adds_up():
    content = credit_transfer_file(
        debtor=FUND, transfers=[_transfer("L12-T1", "125000.00"), _transfer("L13-T1", "0.01")]
    )
    assert pain_validate(content, "pain.001.001.03") == []
    root = etree.fromstring(content)
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS001) == "125000.01"
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS001) == "2"
    ids = [e.text for e in root.iterfind(".//p:EndToEndId", NS001)]
    assert ids == ["L12-T1", "L13-T1"]
    assert root.findtext(".//p:CdtrAgt/p:FinInstnId/p:BIC", namespaces=NS001) == "INGBNL2A"  # derived from the IBAN


def test_direct_debit_file_validates():
    debit = DirectDebit(
        "L12-I5",
        Decimal("305.00"),
        Party("Buurtkeuken", "NL20INGB0001234567"),
        "SIF-12",
        datetime.date(2026, 1, 5),
        "Termijn 5",
        datetime.date(2026, 12, 10),
        "FRST",
    )
    content = direct_debit_file(creditor=FUND, creditor_id="NL08ZZZ502057730000", debits=[debit])
    assert pain_validate(content, "pain.008.001.02") == []
    assert b"<SeqTp>FRST</SeqTp>" in content and b"<MndtId>SIF-12</MndtId>" in content


@pytest.mark.parametrize("amount", ["0.00", "-5.00", "10.005"])
def test_amounts_must_be_positive_whole_cents(amount):
    with pytest.raises(PaymentFileError, match="L12-T1"):
        credit_transfer_file(debtor=FUND, transfers=[_transfer("L12-T1", amount)])


def test_an_empty_payment_file_is_refused():
    with pytest.raises(PaymentFileError, match="nothing to pay"):
        credit_transfer_file(debtor=FUND, transfers=[])
