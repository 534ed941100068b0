"""Servicing fixtures: a fund of its own (so demo loans never mix into the figures), two managers, serviced loans."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from schwifty import IBAN

from demo.historic import historic_loan_create
from fund.choices import Role
from fund.models import Fund, Organisation, PendingChange, RoleAssignment, User
from fund.services.approvals import change_approve
from impactmetrics.services.plans import PlanMetricSpec, impact_plan_create
from impactmetrics.services.requests import data_requests_open
from impactmetrics.services.submissions import SubmissionInput, submission_approve, submission_submit
from portfolio.engine.dates import add_months
from portfolio.models import FundBankAccount, Loan
from portfolio.services.contract import loan_contract_sign
from portfolio.services.disbursement import tranche_approve, tranche_confirm, tranche_request
from portfolio.services.ledger import repayment_post
from portfolio.services.loan_approvals import loan_write_off_request
from portfolio.services.payee import borrower_iban_pending

D = datetime.date


def iban(number: int) -> str:
    return str(IBAN.generate("NL", bank_code="ABNA", account_code=f"{number:010d}"))


@dataclass
class Book:
    fund: Fund
    requester: User
    approver: User
    organisation: Organisation
    counter: int = 0

    def loan(
        self,
        *,
        amount: str = "12000",
        rate: str = "0",
        term: int = 12,
        disbursed_on: datetime.date = D(2025, 1, 1),
        first_due: datetime.date | None = None,
        grace: int = 0,
        mandate: str = "",
        conditions: tuple[str, ...] = (),
        disburse: bool = True,
        tranche: str | None = None,
    ) -> Loan:
        """A loan contracted and (unless `disburse` is false) paid out in full on `disbursed_on`."""
        self.counter += 1
        loan = historic_loan_create(
            fund=self.fund,
            organisation=self.organisation,
            reference=f"TEST-{self.fund.slug.upper()}-{self.counter:03d}",
            amount=Decimal(amount),
            rate=Decimal(rate),
            term_months=term,
            grace_months=grace,
            approved_on=disbursed_on - datetime.timedelta(days=30),
            conditions=conditions,
        )
        loan_contract_sign(
            actor=self.requester,
            loan=loan,
            signed_on=disbursed_on - datetime.timedelta(days=10),
            planned_disbursement_date=disbursed_on,
            first_due_date=first_due or _month_later(disbursed_on),
            borrower_iban=iban(self.counter + 100 * self.fund.pk),
            mandate_reference=mandate,
            mandate_signed_on=disbursed_on - datetime.timedelta(days=10) if mandate else None,
        )
        # each test loan pays to its own IBAN, not the organisation's: a second manager approves it (four eyes)
        change_approve(actor=self.approver, change=borrower_iban_pending(loan))
        if disburse:
            t = tranche_request(
                actor=self.requester, loan=loan, amount=Decimal(tranche or amount), planned_date=disbursed_on
            )
            tranche_approve(actor=self.approver, tranche=t)
            tranche_confirm(actor=self.approver, tranche=t, paid_on=disbursed_on)
        loan.refresh_from_db()
        return loan

    @staticmethod
    def pay(loan: Loan, on: datetime.date, amount: str = "1000") -> None:
        repayment_post(actor=None, loan=loan, value_date=on, amount=Decimal(amount))

    def approved(self, result: object) -> None:
        """The other manager approves what one asked for when it waits for approval (a payment above the threshold)."""
        if isinstance(result, PendingChange):
            change_approve(actor=self.approver, change=result)

    def write_off(self, loan: Loan, on: datetime.date, reason: str = "Faillissement") -> None:
        """Written off as the product does it: one manager asks, the other approves (four eyes)."""
        change = loan_write_off_request(actor=self.requester, loan=loan, on=on, reason=reason)
        change_approve(actor=self.approver, change=change)


def _month_later(day: datetime.date) -> datetime.date:
    return add_months(day, 1)


@pytest.fixture
def book(demo) -> Book:
    fund = Fund.objects.create(
        name="SIF Testfonds", slug="sif-test", inception_date=D(2024, 1, 1), target_size=Decimal("5000000")
    )
    FundBankAccount.objects.create(
        fund=fund, account_name="SIF Testfonds", iban="NL91ABNA0417164300", creditor_id="NL98ZZZ999999999999"
    )
    approver = User.objects.get(email="manager2@sif.example")  # the demo's second fund manager
    for user in (demo.manager, approver):
        RoleAssignment.objects.create(user=user, role=Role.FUND_MANAGER, fund=fund)
    demo.manager._sif_roles = None
    return Book(
        fund=fund, requester=demo.manager, approver=approver, organisation=demo.organisation("Kringloop Noord B.V.")
    )


def approved_placements(book: Book, *, per_quarter: str, year_to: datetime.date) -> None:
    """The book's investee reports `per_quarter` placements from social assistance (SIF-PLACED) for each of the four
    quarters up to `year_to`, typed in by one fund manager and approved by the other (as impact data must be)."""
    start = add_months(year_to + datetime.timedelta(days=1), -12)
    impact_plan_create(
        actor=book.requester,
        organisation=book.organisation,
        fund=book.fund,
        start_date=start,
        metrics=[PlanMetricSpec(code="SIF-PLACED")],
    )
    for request in data_requests_open(fund=book.fund, today=year_to + datetime.timedelta(days=1)):
        data = SubmissionInput(raw={"SIF-PLACED": per_quarter}, comments={}, explanations={})
        version = submission_submit(actor=book.requester, request=request, data=data)
        submission_approve(actor=book.approver, version=version)
