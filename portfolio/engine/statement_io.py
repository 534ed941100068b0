"""JSON-shaped input and output of `loan_statement`: {terms, transactions, as_of, policy} in, the loan's state out."""

from collections.abc import Mapping
from typing import Any

from portfolio.engine.errors import TransactionError
from portfolio.engine.rounding import CENT
from portfolio.engine.serialize import money, parse_date, parse_decimal, parse_int, parse_terms
from portfolio.engine.statement import Statement, loan_statement
from portfolio.engine.statuses import TransactionType
from portfolio.engine.transactions import MONEY_TYPES, TRANSACTION_TYPES, Policy, Transaction

_REQUEST_FIELDS = ("terms", "transactions", "as_of", "policy")
_TRANSACTION_FIELDS = {"date", "type", "amount", "rate", "reverses"}


def statement_request_to_dict(data: object) -> dict[str, Any]:
    """Parse a statement request, run it, and return the statement as the command prints it."""
    if not isinstance(data, Mapping):
        raise TransactionError("input", "must be a JSON object with terms, transactions, as_of and policy")
    for key in data:
        if key not in _REQUEST_FIELDS:
            raise TransactionError(str(key), "is not a known field of a statement request")
    if "terms" not in data:
        raise TransactionError("terms", "is required")
    if data.get("as_of") is None:
        raise TransactionError("as_of", "is required")
    terms = parse_terms(data["terms"], prefix="terms.")
    as_of = parse_date(data["as_of"], "as_of", TransactionError)
    transactions = parse_transactions(data.get("transactions") or [])
    policy = parse_policy(data.get("policy") or {})
    return statement_to_dict(loan_statement(terms, transactions, as_of, policy))


def parse_policy(data: object) -> Policy:
    if not isinstance(data, Mapping):
        raise TransactionError("policy", "must be a JSON object")
    for key in data:
        if key not in ("allocation", "interest_recalculation", "prepayment", "early_payment"):
            raise TransactionError(f"policy.{key}", "is not a known policy setting")
    values = {key: value for key, value in data.items() if value is not None}
    return Policy(**values)


def parse_transactions(data: object) -> list[Transaction]:
    """Typed transactions; each problem names `transactions[i].field`."""
    if not isinstance(data, list):
        raise TransactionError("transactions", "must be a list")
    return [_parse_transaction(item, index) for index, item in enumerate(data)]


def _parse_transaction(item: object, index: int) -> Transaction:
    where = f"transactions[{index}]"
    if not isinstance(item, Mapping):
        raise TransactionError(where, "must be a JSON object")
    for key in item:
        if key not in _TRANSACTION_FIELDS:
            raise TransactionError(f"{where}.{key}", "is not a known transaction field")
    kind = item.get("type")
    if kind not in TRANSACTION_TYPES:
        raise TransactionError(f"{where}.type", f"must be one of {', '.join(TRANSACTION_TYPES)} (got {kind!r})")
    when = parse_date(item.get("date"), f"{where}.date", TransactionError)
    amount = rate = reverses = None
    if kind in MONEY_TYPES:
        if item.get("amount") is None:
            raise TransactionError(f"{where}.amount", f"is required for a {kind}")
        amount = parse_decimal(item["amount"], f"{where}.amount", TransactionError)
        if amount <= 0 or amount != amount.quantize(CENT):
            raise TransactionError(f"{where}.amount", "must be a positive amount in whole cents")
    elif kind == TransactionType.RATE_CHANGE:
        if item.get("rate") is None:
            raise TransactionError(f"{where}.rate", "is required for a rate_change")
        rate = parse_decimal(item["rate"], f"{where}.rate", TransactionError)
        if not 0 <= rate <= 1000:
            raise TransactionError(f"{where}.rate", "must be between 0 and 1000 percent")
    elif kind == TransactionType.REVERSAL:
        reverses = parse_int(item.get("reverses"), f"{where}.reverses", TransactionError)
        if not 0 <= reverses < index:
            raise TransactionError(f"{where}.reverses", "must be the index of an earlier transaction")
    return Transaction(index=index, date=when, type=kind, amount=amount, rate=rate, reverses=reverses)


def statement_to_dict(statement: Statement) -> dict[str, Any]:
    return {
        "as_of": statement.as_of.isoformat(),
        "status": statement.status,
        "outstanding_principal": money(statement.outstanding_principal),
        "arrears": money(statement.arrears),
        "days_past_due": statement.days_past_due,
        "accrued_interest": money(statement.accrued_interest),
        "payoff_amount": money(statement.payoff_amount),
        "written_off_amount": money(statement.written_off_amount),
        "recovered": money(statement.recovered),
        "overpaid_amount": money(statement.overpaid_amount),
        "held_in_advance": money(statement.held_in_advance),
        "payoff_breakdown": _breakdown(statement),
        "annual_interest_rate": str(statement.annual_interest_rate),
        "installments": [
            {
                "number": view.number,
                "due_date": view.due_date.isoformat(),
                "principal": money(view.principal),
                "interest": money(view.interest),
                "fees": money(view.fees),
                "penalties": money(view.penalties),
                "total": money(view.total),
                "paid": money(view.paid),
                "outstanding": money(view.outstanding),
                "status": view.status,
            }
            for view in statement.installments
        ],
    }


def _breakdown(statement: Statement) -> dict[str, Any] | None:
    parts = statement.payoff_breakdown
    if parts is None:
        return None
    return {
        "principal": money(parts.principal),
        "interest": money(parts.interest),
        "fees": money(parts.fees),
        "penalties": money(parts.penalties),
        "held_in_advance": money(parts.held_in_advance),
        "credit": money(parts.credit),
    }
