"""Golden numbers: a hand-computed loan tape of eight loans, its PAR30, PAR90, aging and write-off ratio on three dates.

Every loan lends 12,000.00 at 0 % over 12 monthly installments of 1,000.00 (so each payment is principal and the
sums are easy to check by hand), paid out on 1 January 2025, first due 1 February 2025; due dates are the 1st of each
month. G lends 24,000.00 from 1 May 2025 (2,000.00 a month from 1 June). The dates: D1 = 15 April 2025,
D2 = 15 July 2025, D3 = 15 October 2025.

    loan  story                                          D1 out / DPD      D2 out / DPD      D3 out / DPD
    A     pays every installment on its due date         9,000 / 0         6,000 / 0         3,000 / 0
    B     pays Feb and Mar, then nothing                 10,000 / 14       10,000 / 105      10,000 / 197
    C     pays 500 on each due date (partial)            10,500 / 45       9,000 / 75        7,500 / 136
    D     pays Feb, Mar; restructured 1 Jun 2025 into    10,000 / 14       9,000 / 0         9,000 / 75
          10 × 1,000 from 1 Jul; pays 1 Jul only
    E     pays Feb only; written off 1 Sep 2025          11,000 / 45       11,000 / 136      0 (written off
          (11,000 principal), recovers 2,000 on 1 Oct                                        11,000)
    F     pays Feb, Mar; pays off on 10 Apr (10,000)     0                 0                 0
    G     24,000 from 1 May, pays on time                (not yet lent)    20,000 / 0        14,000 / 0
    H     pays Feb, Mar, Apr's on 20 Apr, May–Aug on     10,000 / 14       6,000 / 0         5,000 / 44
          time, then nothing

DPD by hand: D1 − 1 Apr = 14; D1 − 1 Mar = 45; D2 − 1 Apr = 29+31+30+15 = 105; D2 − 1 May = 75; D2 − 1 Mar = 136;
D3 − 1 Apr = 197; D3 − 1 Jun = 136; D3 − 1 Aug = 75; D3 − 1 Sep = 44.
C: by D1 it paid 3 × 500 = 1,500, so installment 2 (1 Mar) is the oldest unpaid; by D2 3,000 (installment 4, 1 May);
by D3 4,500 (installment 5, 1 Jun).
"""

import datetime
from decimal import Decimal

from portfolio.selectors.quality import portfolio_figures, portfolio_period
from portfolio.services.arrears import snapshots_take
from portfolio.services.loan_changes import loan_payoff, restructuring_approve, restructuring_request

D = datetime.date
D1, D2, D3 = D(2025, 4, 15), D(2025, 7, 15), D(2025, 10, 15)
DUE = [D(2025, m, 1) for m in range(2, 13)]  # 1 Feb ... 1 Dec 2025


def build_tape(book):
    loans = {name: book.loan() for name in "ABCDEFH"}
    loans["G"] = book.loan(amount="24000", disbursed_on=D(2025, 5, 1))
    pay = book.pay
    for due in DUE:
        pay(loans["A"], due)
        pay(loans["C"], due, "500")
    for due in DUE[:2]:
        pay(loans["B"], due)
        pay(loans["D"], due)
        pay(loans["F"], due)
        pay(loans["H"], due)
    pay(loans["E"], DUE[0])
    # typed in by one manager, so (above the fund's threshold of 0.00) approved by the other
    book.approved(loan_payoff(actor=book.requester, loan=loans["F"], on=D(2025, 4, 10)))
    pay(loans["H"], D(2025, 4, 20))
    for due in DUE[3:7]:  # May–Aug
        pay(loans["H"], due)
    for due in DUE[4:]:  # Jun onwards
        pay(loans["G"], due, "2000")
    restructuring = restructuring_request(
        actor=book.requester,
        loan=loans["D"],
        effective_date=D(2025, 6, 1),
        repayments=10,
        annual_interest_rate=Decimal("0"),
        reason="Seizoensdip: nieuwe looptijd.",
    )
    restructuring_approve(actor=book.approver, restructuring=restructuring)
    pay(loans["D"], D(2025, 7, 1))
    book.write_off(loans["E"], D(2025, 9, 1), "Faillissement.")
    pay(loans["E"], D(2025, 10, 1), "2000")
    return loans


def buckets(figures):
    return {b.bucket: (b.balance, b.count) for b in figures.buckets if b.count}


def test_golden_tape(book):
    build_tape(book)
    snapshots_take(fund=book.fund, dates=[D1, D2, D3])

    d1 = portfolio_figures(fund=book.fund, as_of=D1)
    # gross 9,000 + 10,000 + 10,500 + 10,000 + 11,000 + 10,000 = 60,500; PAR30: C + E = 21,500 → 35.54 %
    assert d1.outstanding == Decimal("60500.00")
    assert (d1.par30, d1.par30_ratio) == (Decimal("21500.00"), Decimal("35.54"))
    assert (d1.par90, d1.par90_ratio) == (Decimal("0.00"), Decimal("0.00"))
    assert d1.loans == 6
    assert buckets(d1) == {
        "current": (Decimal("9000.00"), 1),
        "1-30": (Decimal("30000.00"), 3),
        "31-60": (Decimal("21500.00"), 2),
    }

    d2 = portfolio_figures(fund=book.fund, as_of=D2)
    # gross 6,000 + 10,000 + 9,000 + 9,000 + 11,000 + 20,000 + 6,000 = 71,000
    # PAR30: B + C + E = 30,000 → 42.25 %; PAR90: B + E = 21,000 → 29.58 %
    assert d2.outstanding == Decimal("71000.00")
    assert (d2.par30, d2.par30_ratio) == (Decimal("30000.00"), Decimal("42.25"))
    assert (d2.par90, d2.par90_ratio) == (Decimal("21000.00"), Decimal("29.58"))
    assert buckets(d2) == {
        "current": (Decimal("41000.00"), 4),
        "61-90": (Decimal("9000.00"), 1),
        "91-180": (Decimal("21000.00"), 2),
    }

    d3 = portfolio_figures(fund=book.fund, as_of=D3)
    # gross 3,000 + 10,000 + 7,500 + 9,000 + 14,000 + 5,000 = 48,500
    # PAR30: B + C + D + H = 31,500 → 64.95 %; PAR90: B + C = 17,500 → 36.08 %; NPL (90+) the same 17,500
    assert d3.outstanding == Decimal("48500.00")
    assert (d3.par30, d3.par30_ratio) == (Decimal("31500.00"), Decimal("64.95"))
    assert (d3.par90, d3.par90_ratio) == (Decimal("17500.00"), Decimal("36.08"))
    assert d3.npl_ratio == Decimal("36.08")
    assert buckets(d3) == {
        "current": (Decimal("17000.00"), 2),
        "31-60": (Decimal("5000.00"), 1),
        "61-90": (Decimal("9000.00"), 1),
        "91-180": (Decimal("7500.00"), 1),
        ">180": (Decimal("10000.00"), 1),
    }

    # Write-off ratio (D2, D3]: 11,000 written off / average gross (71,000 + 48,500) / 2 = 59,750, over 92 days,
    # annualised: 11,000 × 365 / (59,750 × 92) = 4,015,000 / 5,497,000 = 73.04 %.
    period = portfolio_period(fund=book.fund, start=D2, end=D3)
    assert period.written_off == Decimal("11000.00")
    assert period.average_outstanding == Decimal("59750.00")
    assert period.write_off_ratio == Decimal("73.04")
    # (D1, D2]: nothing written off
    assert portfolio_period(fund=book.fund, start=D1, end=D2).write_off_ratio == Decimal("0.00")
