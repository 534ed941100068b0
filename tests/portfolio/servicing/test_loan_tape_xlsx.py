"""The loan tape as XLSX: one row per paid-out loan on the chosen date, worst arrears first, with the figures a fund
manager adds up (outstanding, arrears) and checks by hand; only the fund's managers may download it.

The book (fund sif-test, loans L-TEST-SIF-TEST-001 to -006), all at 0 % unless said otherwise, so every installment
is principal only:

    001  12,000 / 12 months from 1 Jan 2025 (1,000 due on the 1st from 1 Feb), pays Feb–Jun on time
    002  12,000 / 12 months from 1 Jan 2025, pays Feb and Mar, then stops (oldest unpaid: 1 Apr)
    003  24,000 / 24 months from 15 Apr 2025 (1,000 due on the 15th from 15 May), never pays
    004   6,000 at 6 % / 6 months from 1 Jun 2025 (first due 1 Jul)
    005   3,000 / 3 months from 1 Jan 2025, pays Feb, Mar, Apr: repaid
    006   6,000 / 6 months from 1 Jan 2025, never pays, written off on 15 May 2025

On 30 June 2025:
    001  outstanding 12,000 − 5 × 1,000 = 7,000; nothing overdue, DPD 0
    002  outstanding 12,000 − 2,000 = 10,000; overdue Apr, May, Jun = 3,000; DPD 30 Jun − 1 Apr = 30 + 31 + 29 = 90
    003  outstanding 24,000; overdue 15 May, 15 Jun = 2,000; DPD 30 Jun − 15 May = 16 + 30 = 46
    004  outstanding 6,000; nothing due yet; rate 6 %
    005  repaid, 0
    006  written off, 0
    total outstanding 47,000; total overdue 5,000; more than 30 days late: 002 + 003 = 34,000 (PAR30 72.34 %)

On 15 February 2025 (003 and 004 not paid out yet, so not on the tape):
    001  11,000; 002  11,000; 005  2,000 (each paid February's installment)
    006  6,000 with February's 1,000 overdue, DPD 14
    total outstanding 30,000; total overdue 1,000
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from fund.choices import Role
from fund.models import RoleAssignment, User
from portfolio.choices import AgingBucket, LoanStatus

D = datetime.date
# in Dutch, the language of the pages (locale/nl); the columns of the investor report's loan tape (issue 10: the XLSX
# once lacked the principal, disbursed amount, dates, instrument and municipality, and its rate had no unit)
HEADER = ("Lening", "Portefeuillebedrijf", "Gemeente", "Instrument", "Status", "Goedgekeurd", "Eerste vervaldatum")
HEADER += ("Einddatum", "Hoofdsom", "Uitbetaald", "Uitstaand", "Achterstand", "Rente (% per jaar)")
HEADER += ("Dagen achterstand", "Achterstandsklasse")
# the columns the figures below check: loan, borrower, status, outstanding, arrears, DPD, bucket, rate
CHECKED = ("Lening", "Portefeuillebedrijf", "Status", "Uitstaand", "Achterstand", "Dagen achterstand")
CHECKED += ("Achterstandsklasse", "Rente (% per jaar)")


@pytest.fixture
def tape_book(book):
    on_time = book.loan(disbursed_on=D(2025, 1, 1))
    for month in (2, 3, 4, 5, 6):
        book.pay(on_time, D(2025, month, 1))
    stopped = book.loan(disbursed_on=D(2025, 1, 1))
    for month in (2, 3):
        book.pay(stopped, D(2025, month, 1))
    book.loan(amount="24000", term=24, disbursed_on=D(2025, 4, 15))
    book.loan(amount="6000", rate="6", term=6, disbursed_on=D(2025, 6, 1))
    repaid = book.loan(amount="3000", term=3, disbursed_on=D(2025, 1, 1))
    for month in (2, 3, 4):
        book.pay(repaid, D(2025, month, 1))
    written_off = book.loan(amount="6000", term=6, disbursed_on=D(2025, 1, 1))
    book.write_off(written_off, D(2025, 5, 15), "Faillissement")
    return book


def tape(client, user, fund, as_of: str):
    client.force_login(user)
    # the tape reads the day's snapshots as they are: the manager first brings the dashboard up to date (a POST)
    client.post(reverse("portfolio:portfolio_update", args=[fund.slug]), {"as_of": as_of})
    return client.get(reverse("portfolio:loan_tape_xlsx", args=[fund.slug]), {"as_of": as_of})


def rows_of(response, columns: tuple[str, ...] = CHECKED) -> list[tuple]:
    """The header and rows of the workbook, each cut down to `columns` (in that order)."""
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    if columns is None:
        return [header, *rows]
    positions = [header.index(name) for name in columns]
    return [header] + [tuple(row[i] for i in positions) for row in rows]


def nl(choice) -> str:
    """A status or bucket as the Dutch workbook names it."""
    with translation.override("nl"):
        return str(choice.label)


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_loan_tape_at_the_half_year_has_every_paid_out_loan_worst_first(client, tape_book):
    response = tape(client, tape_book.requester, tape_book.fund, "2025-06-30")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="loan-tape-sif-test-2025-06-30.xlsx"'
    header, *rows = rows_of(response)
    assert header == HEADER
    ref = "L-TEST-SIF-TEST-{:03d}".format
    borrower = "Kringloop Noord"  # by the name it trades under, as the report's tape names investees
    got = [(r[0], r[1], r[2], money(r[3]), money(r[4]), r[5], r[6], Decimal(str(r[7]))) for r in rows]
    active, repaid, written_off = nl(LoanStatus.ACTIVE), nl(LoanStatus.REPAID), nl(LoanStatus.WRITTEN_OFF)
    current = nl(AgingBucket("current"))
    assert got == [
        (ref(2), borrower, active, Decimal("10000.00"), Decimal("3000.00"), 90, nl(AgingBucket("61-90")), 0),
        (ref(3), borrower, active, Decimal("24000.00"), Decimal("2000.00"), 46, nl(AgingBucket("31-60")), 0),
        (ref(1), borrower, active, Decimal("7000.00"), Decimal("0.00"), 0, current, 0),
        (ref(4), borrower, active, Decimal("6000.00"), Decimal("0.00"), 0, current, 6),
        # a loan that owes nothing says how it ended, never "current"
        (ref(5), borrower, repaid, Decimal("0.00"), Decimal("0.00"), 0, nl(AgingBucket("repaid")), 0),
        (ref(6), borrower, written_off, Decimal("0.00"), Decimal("0.00"), 0, nl(AgingBucket("written_off")), 0),
    ]
    assert active == "Actief"  # statuses and buckets by their Dutch names, not their codes
    # what the manager adds up under the columns
    outstanding = sum(money(r[3]) for r in rows)
    assert outstanding == Decimal("47000.00")
    assert sum(money(r[4]) for r in rows) == Decimal("5000.00")
    par30 = sum(money(r[3]) for r in rows if r[5] > 30) / outstanding
    assert round(par30 * 100, 2) == Decimal("72.34")


def test_loan_tape_on_an_earlier_date_leaves_out_loans_not_yet_paid_out(client, tape_book):
    _, *rows = rows_of(tape(client, tape_book.requester, tape_book.fund, "2025-02-15"))
    ref = "L-TEST-SIF-TEST-{:03d}".format
    assert [(r[0], money(r[3]), money(r[4]), r[5], r[6]) for r in rows] == [
        (ref(6), Decimal("6000.00"), Decimal("1000.00"), 14, nl(AgingBucket("1-30"))),
        (ref(1), Decimal("11000.00"), Decimal("0.00"), 0, nl(AgingBucket("current"))),
        (ref(2), Decimal("11000.00"), Decimal("0.00"), 0, nl(AgingBucket("current"))),
        (ref(5), Decimal("2000.00"), Decimal("0.00"), 0, nl(AgingBucket("current"))),
    ]
    assert sum(money(r[3]) for r in rows) == Decimal("30000.00")


def test_the_second_manager_downloads_the_same_tape(client, tape_book):
    first = rows_of(tape(client, tape_book.requester, tape_book.fund, "2025-06-30"))
    second = rows_of(tape(client, tape_book.approver, tape_book.fund, "2025-06-30"))
    assert first == second and len(first) == 7


@pytest.mark.parametrize("role", ["investee", "coinvestor"])
def test_investee_and_co_investor_are_refused(client, tape_book, demo, role):
    response = tape(client, demo.user(role), tape_book.fund, "2025-06-30")
    assert response.status_code == 403
    assert b"TEST-SIF-TEST" not in response.content


def test_a_manager_of_another_fund_does_not_find_it(client, tape_book, demo):
    other = User.objects.create_user(email="beheerder@ander-fonds.example", password="x")
    RoleAssignment.objects.create(user=other, role=Role.FUND_MANAGER, fund=demo.rotterdam_fund)
    response = tape(client, other, tape_book.fund, "2025-06-30")
    assert response.status_code == 404
    assert b"TEST-SIF-TEST" not in response.content


def test_anonymous_is_sent_to_the_login_page(client, tape_book):
    response = client.get(reverse("portfolio:loan_tape_xlsx", args=[tape_book.fund.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_loan_tape_workbook_has_the_reports_columns_with_dates_and_the_rates_unit(client, tape_book):
    from portfolio.selectors.activity import LOAN_TAPE_COLUMNS

    response = tape(client, tape_book.requester, tape_book.fund, "2025-06-30")
    with translation.override("nl"):
        assert rows_of(response, None)[0] == tuple(str(c.label) for c in LOAN_TAPE_COLUMNS)  # the PDF tape's columns
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "L-TEST-SIF-TEST-004")
    cell = {name: row[header.index(name)] for name in header}
    # 004: 6,000 at 6 % over 6 months, paid out 1 June 2025, first due 1 July, last due 1 July + 5 months = 1 December
    assert money(cell["Hoofdsom"].value) == money(cell["Uitbetaald"].value) == Decimal("6000.00")
    assert cell["Eerste vervaldatum"].value.date() == D(2025, 7, 1)
    assert cell["Einddatum"].value.date() == D(2025, 12, 1)
    assert cell["Rente (% per jaar)"].value == 6 and cell["Rente (% per jaar)"].number_format == '0.00" %"'
    assert cell["Gemeente"].value and cell["Instrument"].value
