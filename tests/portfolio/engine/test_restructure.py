"""Restructuring the must-show loan on 15 July 2023."""

from datetime import date
from decimal import Decimal

import pytest

from portfolio.engine.errors import EngineError
from portfolio.engine.restructure import loan_restructure
from portfolio.engine.serialize import parse_terms
from portfolio.engine.statement import loan_statement
from portfolio.engine.transactions import Transaction
from tests.portfolio.engine.helpers import FIRST_EXAMPLE

DUE = [date(2022, 12, 1), date(2023, 1, 1), date(2023, 2, 1), date(2023, 3, 1), date(2023, 4, 1), date(2023, 5, 1)]


def _behind():
    terms = parse_terms(FIRST_EXAMPLE)
    payments = [Transaction(index=i, date=d, type="repayment", amount=Decimal("305.00")) for i, d in enumerate(DUE)]
    return terms, loan_statement(terms, payments, date(2023, 7, 15))


@pytest.mark.parametrize(("capitalise", "principal"), [(True, "3497.15"), (False, "3431.23")])
def test_restructuring_starts_a_new_schedule_on_what_is_owed(capitalise, principal):
    terms, statement = _behind()
    result = loan_restructure(
        terms=terms,
        statement=statement,
        changes={"repayments": 24, "annual_interest_rate": Decimal("8")},
        capitalise_arrears=capitalise,
    )
    # principal 3431.23, overdue interest of installments 7 and 8: 34.31 + 31.61
    assert result.schedule.total_principal == Decimal(principal)
    assert result.capitalised + result.carried_arrears == Decimal("65.92")
    assert result.schedule.installments[0].due_date == date(2023, 8, 15)
    assert len(result.schedule.installments) == 24


def test_unknown_term_in_a_restructuring_is_refused():
    terms, statement = _behind()
    with pytest.raises(EngineError) as error:
        loan_restructure(terms=terms, statement=statement, changes={"term_months": 24}, capitalise_arrears=True)
    assert error.value.field == "term_months"
