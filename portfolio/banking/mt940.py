"""Reading SWIFT MT940 statements as Dutch banks send them (ING, Rabobank, ABN AMRO), with the `mt-940` library.

The :86: field of SEPA-era files carries tagged details (/EREF/.../IBAN/.../NAME/.../REMI/...); they are parsed into
the same fields a CAMT.053 line has, so matching works the same for both formats.
"""

import re
from decimal import Decimal

import mt940

from portfolio.banking.statement import BankStatement, StatementFileError, StatementLine

_TAGS = (
    "TRTP",
    "IBAN",
    "BIC",
    "NAME",
    "REMI",
    "EREF",
    "CNTP",
    "MARF",
    "CSID",
    "ORDP",
    "BENM",
    "ISDT",
    "RTRN",
    "PREF",
    "TRCD",
    "ADDR",
    "SVCL",
    "ULTC",
    "ULTD",
    "PURP",
    "CREF",
    "KREF",
    "OCMT",
    "FCOM",
)
_TAG_SPLIT = re.compile(r"/(" + "|".join(_TAGS) + r")/")
_IBAN_IN_ACCOUNT = re.compile(r"^([A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}?)(EUR)?$")


def sepa_details(details: str) -> dict[str, str]:
    """The tagged parts of an :86: field: {'EREF': ..., 'IBAN': ..., 'NAME': ..., 'REMI': ...}.

    Wrapped lines are joined without a space (banks cut words at the line length).
    """
    text = (details or "").replace("\r", "").replace("\n", "")
    parts = _TAG_SPLIT.split(text)
    tags: dict[str, str] = {}
    for tag, value in zip(parts[1::2], parts[2::2], strict=False):
        tags.setdefault(tag, value.strip().strip("/"))
    if "CNTP" in tags:  # ING: /CNTP/IBAN/BIC/NAME/CITY/
        fields = [*tags["CNTP"].split("/"), "", "", ""][:3]
        tags.setdefault("IBAN", fields[0])
        tags.setdefault("NAME", fields[2])
    for party in ("ORDP", "BENM"):  # Rabobank: /ORDP//NAME/... or /BENM//NAME/...
        if tags.get(party) and "IBAN" not in tags:
            tags["IBAN"] = tags[party].split("/")[0]
    remi = tags.get("REMI", "")
    if remi.startswith(("USTD", "STRD")):  # /REMI/USTD//text/ or /REMI/STRD/CUR/reference/
        kind, _, rest = remi.partition("/")
        rest = rest.removeprefix("/").removeprefix("CUR/")
        tags["REMI"] = rest.strip("/")
        if kind == "STRD":
            tags["STRD"] = rest.strip("/")
    if parts[0].strip() != "" and not tags:
        tags["REMI"] = text.strip()
    return tags


def _account_iban(identification: str) -> str:
    compact = (identification or "").replace(" ", "")
    match = _IBAN_IN_ACCOUNT.match(compact)
    return match.group(1) if match else compact


def mt940_parse(content: bytes | str) -> list[BankStatement]:
    """Parse an MT940 file into statements; raises StatementFileError when it cannot be read."""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    if ":20:" not in text or (":61:" not in text and ":62F:" not in text):
        raise StatementFileError("This is not an MT940 statement (no :20: and :61:/:62F: fields).")
    try:
        transactions = mt940.models.Transactions()
        transactions.parse(text)
    except Exception as exc:  # the library raises plain exceptions for malformed fields
        raise StatementFileError("The MT940 file cannot be read; nothing was imported.", [str(exc)]) from exc
    data = transactions.data
    statement = BankStatement(
        statement_id=f"{data.get('transaction_reference', '')}/{data.get('statement_number', '')}",
        account_iban=_account_iban(data.get("account_identification", "")),
        currency="EUR",
        opening_balance=_balance(data.get("final_opening_balance")),
        closing_balance=_balance(data.get("final_closing_balance")),
    )
    problems = []
    for number, transaction in enumerate(transactions.transactions, start=1):
        tx = transaction.data
        amount = tx.get("amount")
        if amount is None or tx.get("date") is None:
            problems.append(f"statement {statement.statement_id}, entry {number}: no amount or date")
            continue
        if amount.currency != "EUR":
            problems.append(f"statement {statement.statement_id}, entry {number}: amount in {amount.currency}")
            continue
        tags = sepa_details(tx.get("transaction_details", ""))
        booking = tx.get("entry_date") or tx["date"]
        statement.lines.append(
            StatementLine(
                account_iban=statement.account_iban,
                statement_id=statement.statement_id,
                entry_number=number,
                detail_number=1,
                bank_reference=tx.get("bank_reference") or tx.get("customer_reference") or "",
                booking_date=booking,
                value_date=tx["date"],
                amount=Decimal(amount.amount),
                currency="EUR",
                is_reversal=str(tx.get("status", "")).startswith("R"),
                end_to_end_id="" if tags.get("EREF", "").upper() in {"NOTPROVIDED", "NONREF"} else tags.get("EREF", ""),
                remittance=tags.get("REMI", ""),
                structured_reference=tags.get("STRD", ""),
                counterparty_iban=(tags.get("IBAN") or _iban_or_blank(tx.get("extra_details", ""))).replace(" ", ""),
                counterparty_name=tags.get("NAME", ""),
                mandate_id=tags.get("MARF", ""),
            )
        )
    if problems:
        raise StatementFileError(f"{len(problems)} entries cannot be read; nothing was imported.", problems)
    _warn_outside_period(statement, data.get("final_opening_balance"), data.get("final_closing_balance"))
    statement.check_balances()
    return [statement]


def _iban_or_blank(value: str) -> str:
    """Rabobank puts the counterparty's account after // in the :61: field."""
    compact = (value or "").replace(" ", "")
    return compact if _IBAN_IN_ACCOUNT.match(compact) else ""


def _warn_outside_period(statement: BankStatement, opening, closing) -> None:
    if opening is None or closing is None:
        return
    start, end = opening.date, closing.date
    for line in statement.lines:
        if not start <= line.value_date <= end:
            statement.warnings.append(
                f"{line.label}: value date {line.value_date} lies outside the statement period {start}–{end}."
            )


def _balance(balance) -> Decimal | None:
    return None if balance is None else Decimal(balance.amount.amount)
