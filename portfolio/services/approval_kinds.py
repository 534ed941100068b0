"""The portfolio's kinds of four-eyes change, registered with fund.services.approvals (PortfolioConfig.ready): what
approving each does, and how the approver reads it (field, now, after approval) in their own language.

Every kind is approved by another fund manager of the loan's fund (the mechanism's default checker role), never by
the manager who asked. A rejected or withdrawn tranche or restructuring request cancels or rejects the request row
itself (the kind's `on_decline`, in the decision's transaction), so the loan page never shows a request nobody can
decide any more.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from fund import formatting
from fund.models import PendingChange
from fund.services.approvals import approval_kind_register
from portfolio.choices import ChangeKind, Instrument, LoanStatus
from portfolio.services.committee import ic_decision_terms_apply
from portfolio.services.disbursement import tranche_approval_apply, tranche_change_declined
from portfolio.services.loan_approvals import (
    impact_step_down_apply,
    interest_waiver_apply,
    loan_write_off_apply,
    manual_payment_apply,
)
from portfolio.services.loan_changes import restructuring_approval_apply, restructuring_change_declined


def _money(value: Any) -> str:
    return formatting.money(value) if value not in (None, "") else "—"


def _date(value: Any) -> str:
    return formatting.date(datetime.date.fromisoformat(value)) if value else "—"


def _rate(value: Any) -> str:
    return formatting.percent(value, None) if value not in (None, "") else "—"


def _number(value: Any) -> str:
    return formatting.number(value) if value not in (None, "") else "—"


def _text(value: Any) -> str:
    return str(value) if value not in (None, "", []) else "—"


def _lines(value: Any) -> str:
    return "; ".join(value) if value else "—"


def _loan_status(value: Any) -> str:
    return str(LoanStatus(value).label) if value in LoanStatus.values else _text(value)


def _instrument(value: Any) -> str:
    return str(Instrument(value).label) if value in Instrument.values else _text(value)


# key → (label, formatter): the approver's rows show each key the change holds, in this order
FIELDS: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "value_date": (_("Value date"), _date),
    "effective_date": (_("Effective from"), _date),
    "principal_written_off": (_("Principal written off"), _money),
    "outstanding_principal": (_("Outstanding principal"), _money),
    "arrears": (_("In arrears"), _money),
    "accrued_interest": (_("Interest accrued"), _money),
    "interest_waived": (_("Interest waived"), _money),
    "amount": (_("Amount"), _money),
    "threshold": (_("Fund's threshold for manual payments"), _money),
    "note": (_("Note"), _text),
    "status": (_("Status"), _loan_status),
    "tranche": (_("Tranche"), _text),
    "planned_date": (_("Planned date"), _date),
    "borrower_iban": (_("Paid to (borrower's IBAN)"), _text),
    "paid_out_or_approved": (_("Paid out or approved so far"), _money),
    "repayments": (_("Installments from then"), _text),
    "grace_months": (_("Grace on principal (months)"), _text),
    "annual_interest_rate": (_("Interest rate (% a year)"), _rate),
    "metric": (_("Metric"), _text),
    "target_value": (_("Target"), _number),
    "approved_value": (_("Approved value (impact data)"), _number),
    "tested_from": (_("Tested from"), _date),
    "tested_to": (_("Tested to"), _date),
    "approved_reports": (_("Approved reports it comes from"), _text),
    "term_months": (_("Term (months)"), _text),
    "instrument": (_("Instrument"), _instrument),
    "votes": (_("Votes"), _text),
    "conditions_precedent": (_("Conditions precedent"), _lines),
    "covenants": (_("Covenants"), _lines),
    "reasons": (_("The committee's reasons (minutes)"), _text),
}


def change_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    """(field, now, after approval) for every key the change holds that the portfolio names, in FIELDS' order."""
    rows = []
    for key, (label, shown) in FIELDS.items():
        if key in change.before or key in change.payload:
            rows.append((str(label), shown(change.before.get(key)), shown(change.payload.get(key))))
    return rows


KINDS: dict[str, Callable[[PendingChange, Any], None]] = {
    ChangeKind.TRANCHE: tranche_approval_apply,
    ChangeKind.RESTRUCTURING: restructuring_approval_apply,
    ChangeKind.WRITE_OFF: loan_write_off_apply,
    ChangeKind.INTEREST_WAIVER: interest_waiver_apply,
    ChangeKind.IMPACT_STEP_DOWN: impact_step_down_apply,
    ChangeKind.MANUAL_PAYMENT: manual_payment_apply,
    ChangeKind.IC_DECISION_TERMS: ic_decision_terms_apply,
}
DECLINED: dict[str, Callable[[PendingChange, Any], None]] = {
    ChangeKind.TRANCHE: tranche_change_declined,
    ChangeKind.RESTRUCTURING: restructuring_change_declined,
}


def loan_approval_kinds_register() -> None:
    """Register the loan and committee kinds with the four-eyes mechanism (fund settings: portfolio.approvals)."""
    for kind, apply in KINDS.items():
        approval_kind_register(
            kind,
            label=ChangeKind(kind).label,
            apply=apply,
            describe=change_describe,
            on_decline=DECLINED.get(kind),
        )
