"""Money invariants of servicing, over random terms, payment sequences and policies."""

from datetime import timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portfolio.engine.schedule import generate_schedule
from portfolio.engine.statement import loan_statement
from portfolio.engine.transactions import Policy, Transaction
from tests.portfolio.engine.strategies import examples, loan_terms, payment_days, policies


def _repayments(payments) -> list[Transaction]:
    return [Transaction(index=i, date=d, type="repayment", amount=a) for i, (d, a) in enumerate(payments)]


def _policy_for(terms, policy: dict) -> Policy:
    if terms.interest_method == "flat":
        policy = {**policy, "interest_recalculation": False}
    return Policy(**policy)


@settings(max_examples=examples(150), deadline=None)
@given(loan_terms(), st.booleans())
def test_a_loan_without_transactions_follows_its_schedule(terms, recalc):
    recalc = recalc and terms.interest_method != "flat"
    last_due = terms.due_dates()[-1]
    statement = loan_statement(terms, [], last_due + timedelta(days=1), Policy(interest_recalculation=recalc))
    schedule = generate_schedule(terms)
    if not recalc:
        assert [(v.principal, v.interest) for v in statement.installments] == [
            (i.principal, i.interest) for i in schedule.installments
        ]
    assert sum(v.principal for v in statement.installments) == terms.total_principal


@settings(max_examples=examples(150), deadline=None)
@given(loan_terms(flat=False))
def test_paying_on_time_with_recalculation_reproduces_the_schedule(terms):
    schedule = generate_schedule(terms)
    payments = [(row.due_date, row.total) for row in schedule.installments]
    as_of = schedule.installments[-1].due_date
    statement = loan_statement(terms, _repayments(payments), as_of, Policy(interest_recalculation=True))
    assert [(v.principal, v.interest) for v in statement.installments] == [
        (i.principal, i.interest) for i in schedule.installments
    ]
    assert statement.status == "repaid"
    assert statement.outstanding_principal == 0


@settings(max_examples=examples(200), deadline=None)
@given(st.data())
def test_every_cent_is_allocated_once_and_nothing_goes_negative(data):
    terms = data.draw(loan_terms())
    payments = data.draw(payment_days(terms))
    policy = _policy_for(terms, data.draw(policies))
    as_of = terms.disbursement_date + timedelta(days=data.draw(st.integers(0, 800)))
    statement = loan_statement(terms, _repayments(payments), as_of, policy)
    received = sum((a for d, a in payments if d <= as_of), Decimal(0))
    allocated = sum((v.paid for v in statement.installments), Decimal(0)) + statement.overpaid_amount
    assert allocated == received
    assert statement.outstanding_principal >= 0
    principal_paid = terms.total_principal - statement.outstanding_principal
    assert principal_paid <= received
    for view in statement.installments:
        assert view.outstanding >= 0
        assert view.principal >= 0
        assert view.interest >= 0
        assert view.paid + view.outstanding == view.total
    assert sum(v.principal for v in statement.installments) == terms.total_principal


@settings(max_examples=examples(200), deadline=None)
@given(st.data())
def test_paying_the_payoff_amount_repays_the_loan(data):
    terms = data.draw(loan_terms())
    payments = data.draw(payment_days(terms, max_size=6))
    policy = _policy_for(terms, data.draw(policies))
    last_due = terms.due_dates()[-1]
    as_of = terms.disbursement_date + timedelta(
        days=data.draw(st.integers(0, (last_due - terms.disbursement_date).days))
    )
    # a tranche still to be paid out after as_of would lend again after the payoff
    assume(all(tranche.date <= as_of for tranche in terms.disbursements))
    before = loan_statement(terms, _repayments(payments), as_of, policy)
    assume(before.status == "active")
    # the payoff quote's breakdown adds up to it, and no part of it is negative
    parts = before.payoff_breakdown
    gross = parts.principal + parts.interest + parts.fees + parts.penalties
    assert before.payoff_amount == max(gross - parts.held_in_advance - parts.credit, Decimal(0))
    assert min(parts.principal, parts.interest, parts.fees, parts.penalties) >= 0, parts
    assert parts.held_in_advance == before.held_in_advance
    payoff = Transaction(index=len(payments), date=as_of, type="repayment", amount=before.payoff_amount)
    after = loan_statement(terms, [*_repayments(payments), payoff], as_of, policy)
    assert after.status == "repaid", (before, after)
    assert after.outstanding_principal == 0
    assert all(view.outstanding == 0 for view in after.installments)
    assert after.payoff_amount == 0


@settings(max_examples=examples(100), deadline=None)
@given(st.data())
def test_reversing_a_payment_restores_the_state_before_it(data):
    terms = data.draw(loan_terms())
    payments = data.draw(payment_days(terms, max_size=6))
    policy = _policy_for(terms, data.draw(policies))
    extra = data.draw(payment_days(terms, max_size=1).filter(bool))[0]
    as_of = terms.due_dates()[-1]
    without = loan_statement(terms, _repayments(payments), as_of, policy)
    transactions = [
        *_repayments([*payments, extra]),
        Transaction(index=len(payments) + 1, date=max(extra[0], as_of), type="reversal", reverses=len(payments)),
    ]
    assert loan_statement(terms, transactions, as_of, policy) == without
