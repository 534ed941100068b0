"""The XML Auditfile Financieel 3.2 (XAF) of a fund's fiscal year: what Dutch accountants and the tax authority read.

Written incrementally (lxml's `xmlfile`), so a year of any size streams to a file without being held in memory.
Content: header (fiscal year, start and end, EUR, the software, the day it was made); company (the fund, its KvK
number); customersSuppliers (each loan's organisation as ORG-<id>, a customer, and each member as MEM-<id>, other:
the IDs the lines carry as custSupID); generalLedger (every account: the fund's own number, its name, B for balance
sheet and off-balance accounts and P for profit and loss, its RGS code as lead code and as a taxonomy concept);
periods (the twelve months); openingBalance (balance-sheet accounts on the first day of the year, the results of
earlier years that no year-end entry closed yet added to the retained result, so it balances); transactions (one
journal per journal code, one transaction per entry, its lines with debit or credit, account, source reference,
loan as projID). Totals (linesCount, totalDebit, totalCredit) are the year's lines: the trial balance's.

Validated against the official schema (portfolio/accounting/data/XmlAuditfileFinancieel3.2.xsd) in the tests.
"""

import datetime
import itertools
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import IO

from django.db.models import Count, Q, Sum
from django.utils import timezone
from lxml import etree

from fund.models import Fund, Member, Organisation

from .choices import PROFIT_AND_LOSS_KINDS, AccountRole, JournalCode
from .exports import relation_id, source_reference
from .models import Account, JournalLine
from .selectors import Period, trial_balance

XAF_NAMESPACE = "http://www.auditfiles.nl/XAF/3.2"
XAF_SCHEMA = Path(__file__).parent / "data" / "XmlAuditfileFinancieel3.2.xsd"
ZERO = Decimal("0.00")
# XAF journal types: B bank, M memorial, Z other (loans and capital have no type of their own)
_JOURNAL_TYPES = {JournalCode.BANK: "B", JournalCode.MEMORIAL: "M", JournalCode.LOANS: "Z", JournalCode.CAPITAL: "Z"}


def _software_version() -> str:
    try:
        return metadata.version("sifportfolio")[:20]
    except metadata.PackageNotFoundError:
        return "0"


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


class _Writer:
    def __init__(self, xf: "etree._IncrementalFileWriter") -> None:
        self.xf = xf

    def leaf(self, name: str, value: object) -> None:
        with self.xf.element(name):
            self.xf.write(str(value))

    def leaves(self, *pairs: tuple[str, object]) -> None:
        for name, value in pairs:
            if value not in (None, ""):
                self.leaf(name, value)


def xaf_totals(*, fund: Fund, year: int) -> tuple[int, Decimal, Decimal]:
    """Lines, debits and credits of the fund's journal lines dated in `year` (one query)."""
    row = JournalLine.objects.filter(entry__fund=fund, entry__value_date__year=year).aggregate(
        n=Count("id"), d=Sum("debit"), c=Sum("credit")
    )
    return row["n"], row["d"] or ZERO, row["c"] or ZERO


def xaf_write(*, fund: Fund, year: int, out: IO[bytes]) -> None:
    """Write the fund's XAF 3.2 auditfile for fiscal (calendar) year `year` to `out`."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        w = _Writer(xf)
        with xf.element("auditfile", nsmap={None: XAF_NAMESPACE}):
            with xf.element("header"):
                w.leaves(
                    ("fiscalYear", year),
                    ("startDate", start.isoformat()),
                    ("endDate", end.isoformat()),
                    ("curCode", "EUR"),
                    ("dateCreated", timezone.localdate().isoformat()),
                    ("softwareDesc", "sifportfolio"),
                    ("softwareVersion", _software_version()),
                )
            with xf.element("company"):
                w.leaves(("companyIdent", fund.kvk_number), ("companyName", fund.name))
                w.leaf("taxRegistrationCountry", "NL")
                w.leaf("taxRegIdent", "")
                _relations(w, fund)
                accounts = _ledger(w, fund)
                _periods(w, year)
                _opening_balance(w, fund, start, accounts)
                _transactions(w, fund, year)


def _address(w: _Writer, organisation: Organisation) -> None:
    with w.xf.element("streetAddress"):
        w.leaves(
            ("streetname", organisation.street),
            ("city", organisation.city[:50]),
            ("postalCode", organisation.postcode[:10]),
            ("country", "NL"),
        )


def _relation(w: _Writer, cust_sup_id: str, organisation: Organisation, kind: str) -> None:
    with w.xf.element("customerSupplier"):
        w.leaves(
            ("custSupID", cust_sup_id),
            ("custSupName", organisation.display_name[:50]),
            ("website", organisation.website),
            ("commerceNr", organisation.kvk_number),
            ("custSupTp", kind),
        )
        _address(w, organisation)


def _relations(w: _Writer, fund: Fund) -> None:
    """The loans' organisations (customers) and the members (other), in the IDs the lines carry."""
    borrowers = Organisation.objects.filter(loans__fund=fund).distinct().order_by("pk")
    members = Member.objects.filter(fund=fund).select_related("organisation").order_by("pk")
    with w.xf.element("customersSuppliers"):
        for organisation in borrowers:
            _relation(w, f"ORG-{organisation.pk}", organisation, "C")
        for member in members:
            _relation(w, f"MEM-{member.pk}", member.organisation, "O")


def _ledger(w: _Writer, fund: Fund) -> list[Account]:
    accounts = list(Account.objects.filter(fund=fund).order_by("number"))
    with w.xf.element("generalLedger"):
        for account in accounts:
            with w.xf.element("ledgerAccount"):
                w.leaves(
                    ("accID", account.number),
                    ("accDesc", account.label),
                    ("accTp", "P" if account.kind in PROFIT_AND_LOSS_KINDS else "B"),
                    ("leadCode", account.rgs_code),
                    ("leadDescription", "RGS" if account.rgs_code else ""),
                )
                if account.rgs_code:
                    with w.xf.element("taxonomy"):
                        w.leaf("taxoRef", "RGS 3")
                        with w.xf.element("entryPoint"):
                            w.leaf("entryPointRef", "RGS")
                            w.leaf("conceptRef", account.rgs_code)
    return accounts


def _periods(w: _Writer, year: int) -> None:
    with w.xf.element("periods"):
        for month in range(1, 13):
            first = datetime.date(year, month, 1)
            last = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
            with w.xf.element("period"):
                w.leaves(
                    ("periodNumber", month),
                    ("periodDesc", first.strftime("%Y-%m")),
                    ("startDatePeriod", first.isoformat()),
                    ("endDatePeriod", last.isoformat()),
                )


def _opening_balance(w: _Writer, fund: Fund, start: datetime.date, accounts: list[Account]) -> None:
    """Balance-sheet accounts on the year's first day; earlier years' results go to the retained result."""
    before = trial_balance(fund=fund, period=Period(start, start - datetime.timedelta(days=1)))
    opening = {row.number: row.opening for row in before.rows}
    earlier_result = sum((opening[a.number] for a in accounts if a.kind in PROFIT_AND_LOSS_KINDS), ZERO)
    lines: list[tuple[str, Decimal]] = []
    for account in accounts:
        if account.kind in PROFIT_AND_LOSS_KINDS:
            continue
        amount = opening[account.number] + (earlier_result if account.role == AccountRole.RETAINED_RESULT else ZERO)
        if amount != 0:
            lines.append((account.number, amount))
    with w.xf.element("openingBalance"):
        w.leaves(
            ("opBalDate", start.isoformat()),
            ("opBalDesc", f"Opening balance {start.year}"),
            ("linesCount", len(lines)),
            ("totalDebit", _amount(sum((a for _n, a in lines if a > 0), ZERO))),
            ("totalCredit", _amount(-sum((a for _n, a in lines if a < 0), ZERO))),
        )
        for nr, (number, amount) in enumerate(lines, start=1):
            with w.xf.element("obLine"):
                w.leaves(
                    ("nr", nr),
                    ("accID", number),
                    ("amnt", _amount(abs(amount))),
                    ("amntTp", "D" if amount > 0 else "C"),
                )


def _transactions(w: _Writer, fund: Fund, year: int) -> None:
    count, debit, credit = xaf_totals(fund=fund, year=year)
    lines = (
        JournalLine.objects.filter(entry__fund=fund, entry__value_date__year=year)
        .filter(~Q(entry__number=None))
        .select_related("entry", "account", "loan")
        .order_by("entry__journal", "entry__fiscal_year", "entry__number", "id")
        .iterator(chunk_size=2000)
    )
    with w.xf.element("transactions"):
        w.leaves(("linesCount", count), ("totalDebit", _amount(debit)), ("totalCredit", _amount(credit)))
        for journal, journal_lines in itertools.groupby(lines, key=lambda line: line.entry.journal):
            with w.xf.element("journal"):
                w.leaves(
                    ("jrnID", journal),
                    ("desc", JournalCode(journal).label),
                    ("jrnTp", _JOURNAL_TYPES[JournalCode(journal)]),
                )
                for _entry_id, entry_lines in itertools.groupby(journal_lines, key=lambda line: line.entry_id):
                    _transaction(w, list(entry_lines))


def _transaction(w: _Writer, lines: list[JournalLine]) -> None:
    entry = lines[0].entry
    with w.xf.element("transaction"):
        w.leaves(
            ("nr", f"{entry.fiscal_year}-{entry.number:04d}" if entry.number else ""),
            ("desc", entry.description),
            ("periodNumber", entry.value_date.month),
            ("trDt", entry.value_date.isoformat()),
            ("sourceID", entry.posted_by_id or ""),
        )
        for nr, line in enumerate(lines, start=1):
            amount = line.debit or line.credit
            with w.xf.element("trLine"):
                w.leaves(
                    ("nr", nr),
                    ("accID", line.account.number),
                    ("docRef", source_reference(line)),
                    ("effDate", entry.value_date.isoformat()),
                    ("desc", line.description or entry.description),
                    ("amnt", _amount(amount)),
                    ("amntTp", "D" if line.debit else "C"),
                    ("custSupID", relation_id(line)),
                    ("projID", line.loan.reference if line.loan is not None else ""),
                )


def xaf_validate(content: bytes) -> list[str]:
    """The schema's complaints about an auditfile (none: it is valid)."""
    schema = etree.XMLSchema(etree.parse(str(XAF_SCHEMA)))
    document = etree.fromstring(content)
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]
