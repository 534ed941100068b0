"""Demo loan servicing: the funds' bank accounts, a second fund manager (four-eyes), and about three years of loans.

Every movement goes through the servicing services, like real use: contracts, conditions precedent, tranches
requested by one manager and approved by the other, repayments, restructurings, a write-off with a recovery, an early
repayment and an impact-linked step-down. Most loans pay on time; some pay late or stopped paying, so PAR30 and
PAR90 are not zero. Snapshots are taken for the last twelve quarter ends, which the dashboard and reports read.

Idempotent: a loan that exists (by reference) is left as it is; snapshots are only taken where missing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from schwifty import IBAN

from demo.funds import second_manager
from demo.historic import change_backdate, demo_moment, historic_loan_create, historic_meeting
from fund.models import Fund, Organisation, PendingChange, User
from fund.services.approvals import change_approve
from portfolio.choices import LoanStatus, VersionBasis
from portfolio.engine.dates import add_months
from portfolio.models import FundBankAccount, Loan, ScheduledInstallmentRow, Tranche
from portfolio.services.arrears import snapshots_take
from portfolio.services.contract import loan_contract_sign
from portfolio.services.disbursement import (
    condition_precedent_meet,
    tranche_approve,
    tranche_confirm,
    tranche_request,
)
from portfolio.services.ledger import repayment_post
from portfolio.services.loan_approvals import impact_step_down_request, loan_write_off_request, manual_payment_post
from portfolio.services.loan_changes import (
    impact_target_add,
    loan_payoff,
    restructuring_approve,
    restructuring_request,
)

D = datetime.date

# fund slug: (account name, 10-digit ABN AMRO account number, SEPA creditor id)
BANK_ACCOUNTS = {
    "sif-rotterdam": ("Coöperatie SIF Rotterdam U.A.", "0417164300", "NL08ZZZ502057730000"),
    "sif-zkij": ("Coöperatie SIF ZKIJ U.A.", "0517164301", "NL61ZZZ951234570000"),
}
CONDITIONS = ("Getekende overeenkomst met de bank", "Bewijs van eigen inbreng")
COVENANTS = ("Solvabiliteit minimaal 20 %", "Jaarlijkse impactrapportage")
RECENT = ("Fietsfabriek Zuid B.V.", "Buurtkeuken Delfshaven B.V.", "Kringloopcentrum Haarlem Stichting")


@dataclass(frozen=True)
class Step:
    """One event in a demo loan's life, in date order.

    kind: pay (every installment due before `on`, each `delay` days late), tranche, restructure, write_off,
    recover, payoff."""

    kind: str
    on: datetime.date
    delay: int = 0
    amount: str = ""
    repayments: int = 0
    rate: str = ""
    grace: int = 0


@dataclass(frozen=True)
class DemoLoan:
    organisation: str
    fund: str
    reference: str
    amount: str
    rate: str
    term: int
    disbursed_on: datetime.date
    grace: int = 0
    first_tranche: str = ""  # the whole amount unless given
    mandate: bool = False
    steps: tuple[Step, ...] = field(default_factory=tuple)


def pay(until: datetime.date, delay: int = 0) -> Step:
    return Step("pay", until, delay=delay)


FAR = D(2099, 1, 1)  # pay every installment that has fallen due by today

BOOK = [
    # on time, fully repaid in 2026
    DemoLoan(
        "Stichting Werkplaats Feijenoord",
        "sif-rotterdam",
        "SIFR-2023-04",
        "80000",
        "3.500",
        36,
        D(2023, 6, 1),
        steps=(pay(FAR),),
    ),
    DemoLoan(
        "Energieklussers Rotterdam B.V.",
        "sif-rotterdam",
        "SIFR-2023-07",
        "120000",
        "4.000",
        36,
        D(2023, 10, 2),
        mandate=True,
        steps=(pay(FAR),),
    ),
    # on time
    DemoLoan(
        "Zorgcafé Charlois B.V.",
        "sif-rotterdam",
        "SIFR-2024-01",
        "45000",
        "3.000",
        48,
        D(2024, 1, 15),
        mandate=True,
        steps=(pay(FAR),),
    ),
    DemoLoan(
        "Groene Daken Rotterdam B.V.",
        "sif-rotterdam",
        "SIFR-2024-02",
        "250000",
        "4.500",
        60,
        D(2024, 3, 1),
        grace=6,
        first_tranche="150000",
        mandate=True,
        steps=(pay(D(2024, 7, 2)), Step("tranche", D(2024, 7, 1), amount="100000"), pay(FAR)),
    ),
    # on time until the spring of 2026, since then two installments behind (PAR30)
    DemoLoan(
        "Havenwerk Leer-werkbedrijf B.V.",
        "sif-rotterdam",
        "SIFR-2024-05",
        "150000",
        "3.500",
        72,
        D(2024, 9, 2),
        grace=12,
        steps=(pay(D(2026, 4, 1)), pay(FAR, delay=65)),
    ),
    # stopped paying in the spring of 2026 (PAR90 by the third quarter)
    DemoLoan(
        "Maaltijdmakers Rotterdam B.V.",
        "sif-rotterdam",
        "SIFR-2024-03",
        "150000",
        "4.000",
        60,
        D(2024, 6, 3),
        steps=(pay(D(2026, 5, 10)),),
    ),
    # repaid early in full
    DemoLoan(
        "Taalhuis Werkt B.V.",
        "sif-rotterdam",
        "SIFR-2024-00",
        "35000",
        "3.000",
        36,
        D(2024, 2, 1),
        steps=(pay(D(2025, 8, 10)), Step("payoff", D(2025, 8, 15))),
    ),
    # restructured after six months of arrears, on time since
    DemoLoan(
        "Kinderopvang Samen B.V.",
        "sif-rotterdam",
        "SIFR-2023-06",
        "90000",
        "4.000",
        48,
        D(2023, 9, 1),
        steps=(pay(D(2024, 10, 1)), Step("restructure", D(2025, 3, 1), repayments=36, rate="2.000"), pay(FAR)),
    ),
    # restructured with a new grace period, then paying a little late
    DemoLoan(
        "Schoon Rotterdam Coöperatie U.A.",
        "sif-rotterdam",
        "SIFR-2023-08",
        "100000",
        "4.000",
        60,
        D(2023, 11, 1),
        steps=(
            pay(D(2025, 6, 1)),
            Step("restructure", D(2025, 10, 1), repayments=48, rate="3.000", grace=6),
            pay(FAR, delay=12),
        ),
    ),
    # stopped paying, written off, part recovered from the receiver
    DemoLoan(
        "Digitaal Erbij B.V.",
        "sif-rotterdam",
        "SIFR-2023-05",
        "60000",
        "4.500",
        48,
        D(2023, 7, 3),
        steps=(
            pay(D(2024, 11, 1)),
            Step("write_off", D(2025, 9, 30)),
            Step("recover", D(2026, 2, 16), amount="8000.00"),
        ),
    ),
    # SIF ZKIJ, since its start in 2025
    DemoLoan(
        "Fietsherstel Schalkwijk B.V.",
        "sif-zkij",
        "SIFZ-2025-01",
        "60000",
        "3.000",
        48,
        D(2025, 5, 1),
        mandate=True,
        steps=(pay(FAR),),
    ),
    DemoLoan(
        "Duinzicht Zorgboerderij B.V.",
        "sif-zkij",
        "SIFZ-2025-02",
        "120000",
        "3.500",
        60,
        D(2025, 7, 1),
        grace=6,
        steps=(pay(FAR, delay=20),),
    ),
    DemoLoan(
        "Kennemer Klusbedrijf B.V.",
        "sif-zkij",
        "SIFZ-2025-03",
        "75000",
        "4.000",
        36,
        D(2025, 9, 1),
        steps=(pay(D(2026, 9, 15)),),
    ),
]


def _bank_accounts(funds: list[Fund]) -> None:
    for fund in funds:
        name, account, creditor_id = BANK_ACCOUNTS[fund.slug]
        iban = IBAN.generate("NL", bank_code="ABNA", account_code=account)
        FundBankAccount.objects.get_or_create(
            fund=fund,
            defaults={"account_name": name, "iban": iban.compact, "bic": str(iban.bic), "creditor_id": creditor_id},
        )


def _borrower_iban(organisation: Organisation) -> str:
    return organisation.iban or IBAN.generate("NL", bank_code="INGB", account_code=organisation.kvk_number[-7:]).compact


def _contract(loan: Loan, *, manager: User, signed_on: datetime.date, disbursed_on: datetime.date, mandate: bool):
    loan_contract_sign(
        actor=manager,
        loan=loan,
        signed_on=signed_on,
        planned_disbursement_date=disbursed_on,
        first_due_date=add_months(disbursed_on, 1),
        borrower_iban=_borrower_iban(loan.organisation),
        mandate_reference=f"MND-{loan.reference}" if mandate else "",
        mandate_signed_on=signed_on if mandate else None,
        security="Pandrecht op inventaris en voorraad",
        guarantees="Borgstelling van de bestuurders tot 10 % van de hoofdsom",
    )
    for condition in loan.conditions_precedent.all():
        condition_precedent_meet(actor=manager, condition=condition, evidence="Ontvangen en gecontroleerd.")


def _disburse(loan: Loan, *, amount: Decimal, on: datetime.date, manager: User, approver: User) -> Tranche:
    tranche = tranche_request(actor=manager, loan=loan, amount=amount, planned_date=on)
    tranche_approve(actor=approver, tranche=tranche)
    tranche_confirm(actor=approver, tranche=tranche, paid_on=on)
    moment = timezone.make_aware(datetime.datetime.combine(on - datetime.timedelta(days=3), datetime.time(10)))
    Tranche.objects.filter(pk=tranche.pk).update(requested_at=moment, approved_at=moment + datetime.timedelta(hours=4))
    change_backdate(tranche, requested_at=moment)
    return tranche


def _installments(loan: Loan) -> list[ScheduledInstallmentRow]:
    """The installments of the loan's latest schedule (after the last tranche or restructuring)."""
    version = (
        loan.schedule_versions.filter(basis__in=(VersionBasis.DISBURSEMENT, VersionBasis.TRANCHE, "restructuring"))
        .order_by("-number")
        .first()
    )
    return list(version.installments.order_by("number"))


class _Runner:
    """Plays one demo loan's steps through the services; never posts anything dated after today."""

    def __init__(self, loan: Loan, manager: User, approver: User, today: datetime.date):
        self.loan, self.manager, self.approver, self.today = loan, manager, approver, today
        self.loan.refresh_from_db()  # the services worked on their own locked copies
        self.paid_through = D(1900, 1, 1)  # due date of the last installment paid

    def run(self, step: Step) -> None:
        if step.on > self.today and step.kind != "pay":
            return
        getattr(self, f"_{step.kind}")(step)
        self.loan.refresh_from_db()

    def _pay(self, step: Step) -> None:
        for row in _installments(self.loan):
            paid_on = row.due_date + datetime.timedelta(days=step.delay)
            if row.due_date <= self.paid_through or row.due_date >= step.on or paid_on > self.today:
                continue
            if self.loan.status not in (LoanStatus.ACTIVE, LoanStatus.RESTRUCTURED):
                return
            repayment_post(actor=None, loan=self.loan, value_date=paid_on, amount=row.total, source="bank_statement")
            self.paid_through = row.due_date
            self.loan.refresh_from_db()

    def _tranche(self, step: Step) -> None:
        _disburse(self.loan, amount=Decimal(step.amount), on=step.on, manager=self.manager, approver=self.approver)

    def _restructure(self, step: Step) -> None:
        request = restructuring_request(
            actor=self.manager,
            loan=self.loan,
            effective_date=step.on,
            repayments=step.repayments,
            annual_interest_rate=Decimal(step.rate),
            grace_months=step.grace,
            reason="Omzetdaling na het verlies van een grote opdrachtgever; nieuw plan met de accountant besproken.",
        )
        restructuring_approve(actor=self.approver, restructuring=request)
        change_backdate(request, requested_at=demo_moment(step.on - datetime.timedelta(days=7), 10))
        self.paid_through = step.on

    def _approved(self, result: object, on: datetime.date) -> None:
        """The second manager approves what the first asked for (four eyes), as a fund team does, on the day `on`."""
        if isinstance(result, PendingChange):
            change_approve(actor=self.approver, change=result)
            change_backdate(result, requested_at=demo_moment(on, 10))

    def _write_off(self, step: Step) -> None:
        self._approved(
            loan_write_off_request(
                actor=self.manager, loan=self.loan, on=step.on, reason="Faillissement uitgesproken; curator aangesteld."
            ),
            step.on,
        )

    def _recover(self, step: Step) -> None:
        self._approved(
            manual_payment_post(
                actor=self.manager,
                loan=self.loan,
                value_date=step.on,
                amount=Decimal(step.amount),
                note="Uitkering uit de boedel",
            ),
            step.on,
        )

    def _payoff(self, step: Step) -> None:
        self._approved(loan_payoff(actor=self.manager, loan=self.loan, on=step.on), step.on)


def _book_loan(spec: DemoLoan, funds: dict[str, Fund], manager: User, approver: User, today: datetime.date) -> None:
    if Loan.objects.filter(reference=f"L-{spec.reference}").exists() or spec.disbursed_on > today:
        return
    fund = funds[spec.fund]
    approved_on = spec.disbursed_on - datetime.timedelta(days=45)
    loan = historic_loan_create(
        fund=fund,
        organisation=Organisation.objects.get(legal_name=spec.organisation),
        reference=spec.reference,
        amount=Decimal(spec.amount),
        rate=Decimal(spec.rate),
        term_months=spec.term,
        grace_months=spec.grace,
        approved_on=approved_on,
        approved_by=manager,
        meeting=historic_meeting(fund=fund, held_on=approved_on.replace(day=1)),
        conditions=CONDITIONS,
        covenants=COVENANTS,
    )
    _contract(
        loan,
        manager=manager,
        signed_on=spec.disbursed_on - datetime.timedelta(days=14),
        disbursed_on=spec.disbursed_on,
        mandate=spec.mandate,
    )
    first = Decimal(spec.first_tranche or spec.amount)
    _disburse(loan, amount=first, on=spec.disbursed_on, manager=manager, approver=approver)
    runner = _Runner(loan, manager, approver, today)
    for step in spec.steps:
        runner.run(step)


def _impact_targets(manager: User, approver: User, today: datetime.date) -> None:
    """Impact-linked interest on two loans: one target met on the investee's approved figures and stepped down (asked
    by one manager, approved by the other), one still to be tested."""
    from impactmetrics.models import Metric

    placed = Metric.objects.filter(code="SIF-PLACED").first()
    if placed is None:
        return
    confirmed = Loan.objects.filter(reference="L-SIFR-2024-02", status=LoanStatus.ACTIVE).first()
    if confirmed is not None and not confirmed.impact_targets.exists() and today >= D(2026, 7, 1):
        target = impact_target_add(
            actor=manager,
            loan=confirmed,
            metric=placed,
            target_value=Decimal(8),  # Groene Daken reports 4 to 6 placements each half year (demo.impact)
            test_date=D(2026, 6, 30),
            step_down=Decimal("0.500"),
            cap=Decimal("1.000"),
        )
        change = impact_step_down_request(actor=manager, target=target, today=today)
        change_approve(actor=approver, change=change)
    open_target = Loan.objects.filter(reference="L-SIFZ-2025-01", status=LoanStatus.ACTIVE).first()
    if open_target is not None and not open_target.impact_targets.exists():
        impact_target_add(
            actor=manager,
            loan=open_target,
            metric=placed,
            target_value=Decimal(6),
            test_date=D(2026, 12, 31),
            step_down=Decimal("0.500"),
            cap=Decimal("0.500"),
        )


def _recent_loans(manager: User, approver: User, today: datetime.date) -> None:
    """The loans the demo IC approved lately: Fietsfabriek paid out in full, Buurtkeuken its first tranche of two,
    Kringloopcentrum Haarlem contracted with its conditions still open; Spaarne Werkt waits for its contract."""
    recent = Loan.objects.filter(status=LoanStatus.APPROVED, organisation__legal_name__in=RECENT).select_related(
        "organisation", "decision__item__meeting"
    )
    for loan in recent.order_by("pk"):
        name = loan.organisation.legal_name
        approved_on = loan.decision.item.meeting.held_on  # the decision row itself was written today
        if name.startswith("Fietsfabriek"):
            disbursed_on = approved_on + datetime.timedelta(days=14)
            _contract(
                loan,
                manager=manager,
                signed_on=approved_on + datetime.timedelta(days=7),
                disbursed_on=disbursed_on,
                mandate=True,
            )
            _disburse(loan, amount=loan.principal.amount, on=disbursed_on, manager=manager, approver=approver)
            _Runner(loan, manager, approver, today).run(pay(FAR))
        elif name.startswith("Buurtkeuken"):
            disbursed_on = approved_on + datetime.timedelta(days=10)
            _contract(
                loan,
                manager=manager,
                signed_on=approved_on + datetime.timedelta(days=5),
                disbursed_on=disbursed_on,
                mandate=False,
            )
            _disburse(loan, amount=Decimal(100000), on=disbursed_on, manager=manager, approver=approver)
            _Runner(loan, manager, approver, today).run(pay(FAR))
        elif name.startswith("Kringloopcentrum"):
            loan_contract_sign(
                actor=manager,
                loan=loan,
                signed_on=today,
                planned_disbursement_date=today + datetime.timedelta(days=14),
                first_due_date=add_months(today + datetime.timedelta(days=14), 1),
                borrower_iban=_borrower_iban(loan.organisation),
            )


def quarter_ends(today: datetime.date, count: int) -> list[datetime.date]:
    """The last `count` calendar quarter ends before `today`, oldest first."""
    ends = []
    year, month = today.year, today.month
    cursor = D(year, ((month - 1) // 3) * 3 + 1, 1) - datetime.timedelta(days=1)
    while len(ends) < count:
        ends.append(cursor)
        cursor = D(cursor.year, cursor.month - 2, 1) - datetime.timedelta(days=1)
    return sorted(ends)


@transaction.atomic
def demo_seed() -> None:
    """Create the demo loan book and its history, or leave it as it is where it exists already."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    funds = {f.slug: f for f in Fund.objects.filter(slug__in=BANK_ACCOUNTS)}
    today = timezone.localdate()
    manager = User.objects.get(email="manager@sif.example")
    approver = second_manager(list(funds.values()))
    _bank_accounts(list(funds.values()))
    for spec in BOOK:
        _book_loan(spec, funds, manager, approver, today)
    _recent_loans(manager, approver, today)
    _impact_targets(manager, approver, today)
    for fund in funds.values():
        snapshots_take(fund=fund, dates=quarter_ends(today, 12))
