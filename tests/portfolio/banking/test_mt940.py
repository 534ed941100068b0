from decimal import Decimal
from pathlib import Path

import pytest

from portfolio.banking.mt940 import mt940_parse, sepa_details
from portfolio.banking.statement import StatementFileError

SAMPLES = Path(__file__).parent / "samples"


def test_ing_sample_with_counterparty_and_references_and_its_balance_off_by_540():
    [statement] = mt940_parse((SAMPLES / "ing_mijn_ing_zakelijk_mt940.txt").read_bytes())
    assert (statement.account_iban, len(statement.lines)) == ("NL20INGB0001234567", 9)
    first = statement.lines[0]
    assert (first.amount, first.end_to_end_id, first.counterparty_iban, first.counterparty_name) == (
        Decimal("-15.00"),
        "E2E2014030100899040",
        "NL08INGB0000001234",
        "ING Testrekening",
    )
    assert first.structured_reference == "5200150700013379"
    # 1,000.00 + 3,342.15 = 4,342.15 while ING's closing balance says 4,882.15
    assert statement.warnings == [
        "Statement P140104000009999/3: opening balance 1000.00 + movements 3342.15 = 4342.15, "
        "but the closing balance says 4882.15; the file may be incomplete."
    ]


def test_rabobank_entries_outside_the_statement_period_are_warned_about():
    [statement] = mt940_parse((SAMPLES / "rabobank_structured_mt940.txt").read_bytes())
    assert len(statement.lines) == 12
    assert sum(1 for line in statement.lines if line.amount > 0) == 8
    outside = [w for w in statement.warnings if "outside the statement period" in w]
    assert [w.split(":")[0] for w in outside] == [
        "statement 940S130404/0, entry 3",
        "statement 940S130404/0, entry 4",
        "statement 940S130404/0, entry 8",
        "statement 940S130404/0, entry 12",
    ]
    assert statement.lines[0].counterparty_iban == "NL96RBOS0523149468"


def test_abn_amro_wrapped_lines_are_joined():
    [statement] = mt940_parse((SAMPLES / "abnamro_sepa_mt940.txt").read_bytes())
    credit = statement.lines[0]
    assert (credit.amount, credit.counterparty_iban, credit.counterparty_name, credit.remittance) == (
        Decimal("109.65"),
        "NL75INGB0001234567",
        "HR K XXXXXXX EN/OF MW H XXXXXXX",
        "RES.NR 00042",
    )
    assert credit.end_to_end_id == ""  # NOTPROV|IDED wrapped over two lines


def test_sepa_details_of_an_unstructured_remittance():
    assert sepa_details("/REMI/USTD//Lening 12 termijn 5/EREF/SIF-12-5")["REMI"] == "Lening 12 termijn 5"


def test_a_file_that_is_not_mt940_is_refused():
    with pytest.raises(StatementFileError, match="not an MT940"):
        mt940_parse(b"<Document/>")
