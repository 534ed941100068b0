"""Writing small CAMT.053 files for tests (valid against the ISO 20022 schema unless told otherwise)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Credit:
    amount: str
    on: datetime.date
    payer_iban: str = ""
    end_to_end: str = "NOTPROVIDED"
    remittance: str = ""
    reference: str = ""
    debit: bool = False


def camt053(account: str, credits: list[Credit], statement_id: str = "STMT-1") -> bytes:
    entries = "".join(_entry(c, i) for i, c in enumerate(credits, 1))
    total = sum((Decimal(c.amount) * (-1 if c.debit else 1) for c in credits if _is_number(c.amount)), Decimal(0))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>2025-12-01T08:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>{statement_id}</Id><CreDtTm>2025-12-01T08:00:00</CreDtTm>
<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>
{_balance("OPBD", Decimal(0), "2025-01-01")}
{_balance("CLBD", total, "2025-12-31")}
{entries}
</Stmt>
</BkToCstmrStmt>
</Document>
""".encode()


def _balance(code: str, amount: Decimal, on: str) -> str:
    return (
        f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{amount:.2f}</Amt>'
        f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{on}</Dt></Dt></Bal>"
    )


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _entry(c: Credit, number: int) -> str:
    indicator = "DBIT" if c.debit else "CRDT"
    payer = f"<DbtrAcct><Id><IBAN>{c.payer_iban}</IBAN></Id></DbtrAcct>" if c.payer_iban else ""
    remittance = f"<RmtInf><Ustrd>{c.remittance}</Ustrd></RmtInf>" if c.remittance else ""
    return f"""<Ntry>
<NtryRef>{c.reference or f"REF-{number}"}</NtryRef>
<Amt Ccy="EUR">{c.amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{c.on.isoformat()}</Dt></BookgDt><ValDt><Dt>{c.on.isoformat()}</Dt></ValDt>
<AcctSvcrRef>BANK-{number}</AcctSvcrRef><BkTxCd/>
<NtryDtls><TxDtls><Refs><EndToEndId>{c.end_to_end}</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>Betaler {number}</Nm></Dbtr>{payer}</RltdPties>{remittance}</TxDtls></NtryDtls>
</Ntry>
"""
