"""Restructuring: new terms from a date, on what the borrower still owes, with or without the arrears capitalised."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from portfolio.engine.errors import TermsError, TransactionError
from portfolio.engine.rounding import ZERO
from portfolio.engine.schedule import Schedule, generate_schedule
from portfolio.engine.statement import Statement
from portfolio.engine.statuses import StatementStatus
from portfolio.engine.terms import Terms


@dataclass(frozen=True, slots=True)
class Restructuring:
    """The new contract and its schedule; the old schedule stays as it was up to the restructuring date."""

    terms: Terms
    schedule: Schedule
    capitalised: Decimal  # overdue interest and charges added to the new principal
    carried_arrears: Decimal  # overdue interest and charges left owing outside the new schedule


def loan_restructure(
    *, terms: Terms, statement: Statement, changes: Mapping[str, Any], capitalise_arrears: bool
) -> Restructuring:
    """New terms starting on `statement.as_of` for the principal outstanding then (plus the arrears if capitalised).

    `changes` overrides any term (e.g. repayments, annual_interest_rate, first_repayment_date); graces and tranches
    of the old contract do not carry over unless given again. Guarantees: the new schedule's principal equals the
    outstanding principal plus exactly the capitalised amount.
    """
    if statement.status != StatementStatus.ACTIVE:
        raise TransactionError("statement", f"only an active loan can be restructured (this one is {statement.status})")
    due = [view for view in statement.installments if view.due_date <= statement.as_of]
    overdue_other = sum((view.outstanding - view.outstanding_principal for view in due), ZERO)
    capitalised = overdue_other if capitalise_arrears else ZERO
    principal = statement.outstanding_principal + capitalised
    if principal <= 0:
        raise TransactionError("statement", "nothing is outstanding to restructure")
    fresh: dict[str, Any] = {
        "principal": principal,
        "disbursement_date": statement.as_of,
        "first_repayment_date": None,
        "grace_principal": 0,
        "grace_interest_payment": 0,
        "grace_interest_charged": 0,
        "disbursements": (),
        "annual_interest_rate": statement.annual_interest_rate,
    }
    unknown = set(changes) - set(Terms.__dataclass_fields__)
    if unknown:
        raise TermsError(sorted(unknown)[0], "is not a known loan term")
    new_terms = replace(terms, **{**fresh, **changes})
    return Restructuring(
        terms=new_terms,
        schedule=generate_schedule(new_terms),
        capitalised=capitalised,
        carried_arrears=overdue_other - capitalised,
    )
