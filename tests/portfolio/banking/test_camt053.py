from decimal import Decimal
from pathlib import Path

import pytest

from portfolio.banking.camt053 import camt053_parse
from portfolio.banking.statement import StatementFileError

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_abn_amro_sample_gives_every_transaction_of_every_entry():
    [statement] = camt053_parse(_read("abnamro_voorbeeldbestand_camt053.xml"))
    assert (statement.account_iban, len(statement.lines)) == ("NL77ABNA0574908765", 29)
    # 13 entries; entry 4 batches 10 acceptgiro payments, entry 10 seven direct debits, entry 7 two transfers
    assert [line.detail_number for line in statement.lines if line.entry_number == 4] == list(range(1, 11))
    # opening 1,000.01 + movements −900.00 = closing 100.01: the balances reconcile, so no warning
    assert sum(line.amount for line in statement.lines) == Decimal("-900.00")
    assert statement.warnings == []


def test_credit_carries_payer_iban_name_and_remittance():
    [statement] = camt053_parse(_read("abnamro_voorbeeldbestand_camt053.xml"))
    line = statement.lines[1]
    assert (line.amount, line.counterparty_iban, line.counterparty_name, line.remittance, line.end_to_end_id) == (
        Decimal("1.00"),
        "NL46ABNA0499998748",
        "NAAM",
        "OMSCHRIJVING",
        "",
    )  # NOTPROVIDED is no reference


def test_direct_debit_returns_are_flagged_as_reversals():
    [statement] = camt053_parse(_read("abnamro_voorbeeldbestand_camt053.xml"))
    reversals = [(line.entry_number, line.amount) for line in statement.lines if line.is_reversal]
    assert reversals == [(12, Decimal("-1.00")), (13, Decimal("-921.00"))]


def test_truncated_ing_file_is_read_with_a_warning_about_its_balances():
    [statement] = camt053_parse(_read("ing_nl_batch_camt053.xml"))
    assert [line.amount for line in statement.lines] == [Decimal("-4753.74"), Decimal("2688.00"), Decimal("5000.00")]
    assert len(statement.warnings) == 1 and "closing balance says 23038.20" in statement.warnings[0]


def test_two_accounts_in_one_file_and_empty_transaction_details():
    statements = camt053_parse(_read("sns_volksbank_two_accounts_camt053.xml"))
    assert [(s.account_iban, len(s.lines)) for s in statements] == [
        ("NL14SNSB0012345678", 7),
        ("NL78SNSB0022446688", 4),
    ]
    assert statements[0].lines[0].remittance.startswith("Kosten klantonderzoek")


def test_a_file_that_breaks_the_schema_is_rejected_whole_naming_the_entries():
    with pytest.raises(StatementFileError) as excinfo:
        camt053_parse(_read("de_apobank_credits_camt053.xml"))
    assert "72 problems" in str(excinfo.value) and "nothing was imported" in str(excinfo.value)
    assert "entry 1 (line 87)" in excinfo.value.problems[1]


def test_a_non_euro_entry_rejects_the_file_and_names_the_entry():
    content = _read("abnamro_voorbeeldbestand_camt053.xml").replace(
        b"<Amt Ccy='EUR'>1.00</Amt>", b"<Amt Ccy='USD'>1.00</Amt>", 1
    )
    with pytest.raises(StatementFileError) as excinfo:
        camt053_parse(content)
    assert excinfo.value.problems == [
        "statement 0574908765.2013-04-02, entry 1: amount in USD; only EUR accounts can be imported"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Document><BkToCstmrStmt>", "not well-formed"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'/>", "not a CAMT.053.001.02"),
        (b"hello", "not well-formed"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(StatementFileError, match=message):
        camt053_parse(content)


def test_external_entities_are_not_resolved():
    content = (
        b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'>&x;</Document>"
    )
    with pytest.raises(StatementFileError, match="DOCTYPE") as excinfo:
        camt053_parse(content)
    assert "root:" not in str(excinfo.value)


def test_import_keys_are_unique_within_a_file_and_stable_across_reads():
    first = [key for key, _ in camt053_parse(_read("abnamro_voorbeeldbestand_camt053.xml"))[0].keyed_lines()]
    again = [key for key, _ in camt053_parse(_read("abnamro_voorbeeldbestand_camt053.xml"))[0].keyed_lines()]
    assert len(set(first)) == 29 and first == again
