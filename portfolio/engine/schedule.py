"""Repayment schedules from loan terms, to the cent (conventions 1–9 of docs/loan-engine.md).

Tranche convention: `principal` is paid out on the disbursement date; each entry of `disbursements` is a further
tranche that enters the balance on its own date. A tranche dated within [start, due) of installment k is charged
interest from its date (the period's interest is summed over the sub-periods between tranches and rounded once), and
from installment k on the level installment (or the equal principal) is recalculated over the installments that are
left, on the balance at the start of period k plus the tranches of period k.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from portfolio.engine.dates import YEAR_DENOMINATOR, year_fraction_numerator
from portfolio.engine.plan import LoanPlan, engine_context
from portfolio.engine.rounding import CENT, ZERO, round_money
from portfolio.engine.terms import Terms


class ScheduledInstallment(NamedTuple):
    number: int
    due_date: date
    principal: Decimal
    interest: Decimal
    total: Decimal
    balance: Decimal  # principal outstanding after this installment


@dataclass(frozen=True, slots=True)
class Schedule:
    """The installments of a loan and their totals.

    Guarantees: principal sums to everything lent, balances never go negative and rise only by a tranche, and every
    amount has two decimals.
    """

    installments: tuple[ScheduledInstallment, ...]
    level_installment: Decimal  # the first level installment (equal installments), principal per installment else
    total_principal: Decimal
    total_interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.total_principal + self.total_interest


def generate_schedule(terms: Terms) -> Schedule:
    """The repayment schedule for `terms`, assuming every installment is paid in full on its due date."""
    with engine_context():
        plan = LoanPlan(terms)
        if terms.interest_method == "flat":
            installments, level = _flat(plan)
        else:
            installments, level = _declining(plan)
    total_principal = sum((i.principal for i in installments), ZERO)
    total_interest = sum((i.interest for i in installments), ZERO)
    return Schedule(tuple(installments), level, total_principal, total_interest)


def _declining(plan: LoanPlan) -> tuple[list[ScheduledInstallment], Decimal]:
    terms = plan.terms
    annual = terms.annual_interest_rate
    equal_installments = terms.amortization == "equal_installments"
    balance = terms.principal
    level = _level(plan, balance, annual, 1, equal_installments)
    first_level = level
    tranches = terms.disbursements
    next_tranche = 0
    free, deferred_until = terms.grace_interest_charged, terms.grace_interest_payment
    deferred = ZERO
    mode = plan.mode
    last_number = plan.repayments
    fast_principal = equal_installments and terms.grace_principal == 0
    out: list[ScheduledInstallment] = []
    for period in plan.periods:
        number = period.number
        if next_tranche < len(tranches) and tranches[next_tranche].date < period.due:
            accrued = ZERO
            cursor = period.start
            while next_tranche < len(tranches) and tranches[next_tranche].date < period.due:
                tranche = tranches[next_tranche]
                accrued += balance * plan.span_numerator(period, cursor, tranche.date)
                cursor = tranche.date
                balance += tranche.amount
                next_tranche += 1
            accrued += balance * plan.span_numerator(period, cursor, period.due)
            charged = plan.round_interest(accrued * annual, period)
            level = _level(plan, balance, annual, number, equal_installments)
        else:
            # inlined plan.period_interest: this loop is the engine's hot path
            charged = (balance * annual * period.full_numerator / period.denominator).quantize(CENT, mode)
        if number <= free:
            charged = ZERO
        if fast_principal and number < last_number:
            principal = level - charged
            if principal < 0:
                principal = ZERO
            elif principal > balance:
                principal = balance
        else:
            principal = plan.scheduled_principal(number, charged, balance, level)
        if number <= deferred_until:
            deferred += charged
            interest = ZERO
        else:
            interest = charged + deferred
            deferred = ZERO
        balance -= principal
        if balance == 0 and next_tranche == len(tranches) and number < plan.repayments:
            # repaid early (a generous multiple): this installment closes the loan
            interest += deferred
            out.append(ScheduledInstallment(number, period.due, principal, interest, principal + interest, balance))
            break
        out.append(ScheduledInstallment(number, period.due, principal, interest, principal + interest, balance))
    return out, first_level


def _level(plan: LoanPlan, balance: Decimal, annual: Decimal, number: int, equal_installments: bool) -> Decimal:
    if equal_installments:
        return plan.level_installment(balance, annual, number)
    return plan.equal_principal(balance, number)


def flat_total_interest(plan: LoanPlan) -> Decimal:
    """Convention 7: the whole flat interest, over the periods after the interest-free ones."""
    terms = plan.terms
    free = terms.grace_interest_charged
    if plan.daily:
        start = terms.disbursement_date if free == 0 else plan.periods[free - 1].due
        numerator = year_fraction_numerator(start, plan.periods[-1].due, terms.day_count)
        denominator = 100 * YEAR_DENOMINATOR[terms.day_count]
    else:
        numerator = terms.repayment_every * (terms.repayments - free)
        denominator = 100 * plan.units_per_year
    return round_money(terms.principal * terms.annual_interest_rate * numerator / denominator, plan.mode)


def _flat(plan: LoanPlan) -> tuple[list[ScheduledInstallment], Decimal]:
    terms = plan.terms
    mode = plan.mode
    repayments = terms.repayments
    free, deferred_until = terms.grace_interest_charged, terms.grace_interest_payment
    total_interest = flat_total_interest(plan)
    interest_share = total_interest / (repayments - free)
    per_interest = round_money(interest_share, mode)
    if terms.fixed_principal_percent is not None:
        principal_share = terms.principal * terms.fixed_principal_percent / 100
    else:
        principal_share = terms.principal / (repayments - terms.grace_principal)
    if terms.installment_multiple is not None:
        # the installment is rounded to the multiple; principal takes what the rounded interest leaves
        per_principal = round_money(principal_share + interest_share, mode, plan.step) - per_interest
        free_principal = round_money(principal_share, mode, plan.step)
    else:
        per_principal = free_principal = round_money(principal_share, mode)
    remaining = terms.principal
    charged_so_far = ZERO
    deferred = ZERO
    out: list[ScheduledInstallment] = []
    for period in plan.periods:
        number = period.number
        last = number == repayments
        # capped so that rounding the share up can never leave the last installment a negative remainder
        charged = ZERO if number <= free else min(per_interest, total_interest - charged_so_far)
        if number <= terms.grace_principal:
            principal = ZERO
        elif last:
            principal = remaining
        else:
            principal = min(max(free_principal if number <= free else per_principal, ZERO), remaining)
        remaining -= principal
        ends = last or remaining == 0
        if ends:
            charged = total_interest - charged_so_far  # the last installment absorbs what is left of the interest
        charged_so_far += charged
        if number <= deferred_until and not ends:
            deferred += charged
            interest = ZERO
        else:
            interest = charged + deferred
            deferred = ZERO
        out.append(ScheduledInstallment(number, period.due, principal, interest, principal + interest, remaining))
        if ends:
            break
    return out, per_principal
