"""Reading ISO 20022 CAMT.053 (bank-to-customer statement, version .001.02) files.

The file is validated against the official schema first; a file that is not valid is rejected whole, with each problem
naming the entry it is in. Only booked entries (status BOOK) become lines; each transaction of a batch entry is a line.
"""

import bisect
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from portfolio.banking.statement import BankStatement, StatementFileError, StatementLine

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
NS = {"c": NAMESPACE}
_SCHEMA_PATH = Path(__file__).parent / "xsd" / "camt.053.001.02.xsd"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_SCHEMA_PATH)))


def _parser() -> etree.XMLParser:
    # No entities, no network: a statement file is untrusted input.
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


def _text(node, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None and found.text else ""


def _date(node, path: str) -> date | None:
    value = _text(node, f"{path}/c:Dt") or _text(node, f"{path}/c:DtTm")[:10]
    return date.fromisoformat(value) if value else None


def _amount(node, path: str) -> tuple[Decimal, str] | None:
    found = node.find(path, NS)
    if found is None or not found.text:
        return None
    return Decimal(found.text.strip()), found.get("Ccy", "")


def _entry_locator(root) -> tuple[list[int], list[str]]:
    """Source line where each entry starts, and its name for messages ('statement X, entry N')."""
    lines, names = [], []
    for statement in root.iterfind(".//c:Stmt", NS):
        statement_id = _text(statement, "c:Id")
        for number, entry in enumerate(statement.iterfind("c:Ntry", NS), start=1):
            lines.append(entry.sourceline)
            names.append(f"statement {statement_id}, entry {number}")
    return lines, names


def _where(line: int, starts: list[int], names: list[str]) -> str:
    index = bisect.bisect_right(starts, line) - 1
    return f"{names[index]} (line {line})" if index >= 0 else f"line {line}"


def camt053_parse(content: bytes) -> list[BankStatement]:
    """Parse a CAMT.053.001.02 file into statements; raises StatementFileError naming every problem."""
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise StatementFileError("The file is not well-formed XML.", [str(exc)]) from exc
    if root.getroottree().docinfo.doctype:
        raise StatementFileError("The file declares a DOCTYPE; bank statements never do, so it is refused.")
    if etree.QName(root).namespace != NAMESPACE:
        raise StatementFileError(
            f"This is not a CAMT.053.001.02 statement (namespace {etree.QName(root).namespace or 'none'})."
        )
    schema = _schema()
    if not schema.validate(root):
        starts, names = _entry_locator(root)
        problems = [f"{_where(e.line, starts, names)}: {e.message}" for e in schema.error_log]
        raise StatementFileError(
            f"The statement does not follow the CAMT.053 schema ({len(problems)} problems); nothing was imported.",
            problems,
        )
    statements, problems = [], []
    for statement_node in root.iterfind(".//c:Stmt", NS):
        statements.append(_statement(statement_node, problems))
    if problems:
        raise StatementFileError(f"{len(problems)} entries cannot be read; nothing was imported.", problems)
    return statements


def _balance(statement_node, codes: tuple[str, ...]) -> Decimal | None:
    for balance in statement_node.iterfind("c:Bal", NS):
        if _text(balance, "c:Tp/c:CdOrPrtry/c:Cd") in codes:
            amount = Decimal(_text(balance, "c:Amt"))
            return -amount if _text(balance, "c:CdtDbtInd") == "DBIT" else amount
    return None


def _statement(node, problems: list[str]) -> BankStatement:
    statement = BankStatement(
        statement_id=_text(node, "c:Id"),
        account_iban=_text(node, "c:Acct/c:Id/c:IBAN") or _text(node, "c:Acct/c:Id/c:Othr/c:Id"),
        currency=_text(node, "c:Acct/c:Ccy") or "EUR",
        opening_balance=_balance(node, ("OPBD", "PRCD")),
        closing_balance=_balance(node, ("CLBD",)),
    )
    for number, entry in enumerate(node.iterfind("c:Ntry", NS), start=1):
        where = f"statement {statement.statement_id}, entry {number}"
        if _text(entry, "c:Sts") != "BOOK":
            statement.warnings.append(f"{where}: status {_text(entry, 'c:Sts')}, not booked; skipped.")
            continue
        try:
            statement.lines.extend(_entry_lines(entry, statement, number))
        except (ValueError, InvalidOperation) as exc:
            problems.append(f"{where}: {exc}")
    statement.check_balances()
    return statement


def _entry_lines(entry, statement: BankStatement, number: int) -> list[StatementLine]:
    found = _amount(entry, "c:Amt")
    if found is None:  # the schema check refuses such a file first
        raise ValueError("no amount")
    amount, currency = found
    if currency != "EUR":
        raise ValueError(f"amount in {currency or 'no currency'}; only EUR accounts can be imported")
    sign = Decimal(-1) if _text(entry, "c:CdtDbtInd") == "DBIT" else Decimal(1)
    booking_date = _date(entry, "c:BookgDt")
    value_date = _date(entry, "c:ValDt") or booking_date
    if booking_date is None:
        raise ValueError("no booking date")
    common: dict[str, Any] = {
        "account_iban": statement.account_iban,
        "statement_id": statement.statement_id,
        "entry_number": number,
        "booking_date": booking_date,
        "value_date": value_date,
        "currency": currency,
        "is_reversal": _text(entry, "c:RvslInd").lower() == "true",
    }
    entry_reference = _text(entry, "c:AcctSvcrRef") or _text(entry, "c:NtryRef")
    details = [d for d in entry.iterfind("c:NtryDtls/c:TxDtls", NS) if len(d)]
    if not details:
        return [
            StatementLine(
                **common,
                detail_number=1,
                bank_reference=entry_reference,
                amount=sign * amount,
                remittance=_text(entry, "c:AddtlNtryInf"),
            )
        ]
    lines = []
    for detail_number, detail in enumerate(details, start=1):
        detail_amount = _amount(detail, "c:AmtDtls/c:TxAmt/c:Amt") or _amount(detail, "c:AmtDtls/c:InstdAmt/c:Amt")
        if detail_amount is None:
            if len(details) > 1:
                raise ValueError(f"transaction {detail_number} of a batch entry has no amount")
            detail_amount = (amount, currency)
        party = "Dbtr" if sign > 0 else "Cdtr"
        remittance = " ".join(u.text.strip() for u in detail.iterfind("c:RmtInf/c:Ustrd", NS) if u.text)
        lines.append(
            StatementLine(
                **common,
                detail_number=detail_number,
                bank_reference=_text(detail, "c:Refs/c:AcctSvcrRef") or entry_reference,
                amount=sign * detail_amount[0],
                end_to_end_id=_clean_e2e(_text(detail, "c:Refs/c:EndToEndId")),
                mandate_id=_text(detail, "c:Refs/c:MndtId"),
                remittance=remittance or _text(detail, "c:AddtlTxInf") or _text(entry, "c:AddtlNtryInf"),
                structured_reference=_text(detail, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref"),
                counterparty_iban=_text(detail, f"c:RltdPties/c:{party}Acct/c:Id/c:IBAN"),
                counterparty_name=_text(detail, f"c:RltdPties/c:{party}/c:Nm"),
            )
        )
    if len(lines) > 1 and sum(line.amount for line in lines) != sign * amount:
        raise ValueError(f"the transactions add up to {sum(abs(x.amount) for x in lines)}, the entry says {amount}")
    return lines


def _clean_e2e(value: str) -> str:
    return "" if value.upper() in {"NOTPROVIDED", "NONREF"} else value
