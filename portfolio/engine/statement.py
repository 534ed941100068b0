"""Servicing: the state of a loan on a date, from its terms and the money that actually moved.

The loan is replayed day by day through its events. Each installment is opened when its period starts and closed on
its due date; its principal follows the same rules as the schedule (`LoanPlan`), its interest either stands as
scheduled (no recalculation: interest on the scheduled balance) or is what accrued on the principal actually
outstanding (recalculation). Installments not yet due on `as_of` are projected as if the overdue amounts were paid on
`as_of` and every later installment on its due date; that projection sets their amounts but never counts as paid.

Guarantees: every cent received is allocated exactly once (to a component of an installment, to principal paid in
advance, or to an overpayment); principal outstanding never goes negative; paying `payoff_amount` on `as_of` leaves
the loan repaid; a reversed transaction leaves no trace.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TypedDict

from portfolio.engine.errors import TransactionError
from portfolio.engine.plan import LoanPlan, engine_context
from portfolio.engine.rounding import ZERO, round_money
from portfolio.engine.schedule import generate_schedule
from portfolio.engine.statuses import EarlyPayment, InstallmentStatus, Prepayment, StatementStatus, TransactionType
from portfolio.engine.terms import Terms
from portfolio.engine.transactions import Policy, Transaction, effective_transactions

COMPONENTS = ("principal", "interest", "fees", "penalties")
_CHARGES = ("fees", "penalties")
_INCOME = ("interest", "fees", "penalties")


@dataclass(slots=True, eq=False)
class InstallmentState:
    """One installment while the loan is replayed: what it asks for and what real money has paid."""

    number: int
    start: date
    due_date: date
    base: Decimal = ZERO  # principal from the amortisation rule
    excess: Decimal = ZERO  # principal prepaid into this installment (reduce_installment, reduce_term)
    charged: Decimal = ZERO  # interest the period itself charges, before any deferral
    interest: Decimal = ZERO  # interest payable with this installment, after deferral and waivers
    waived: Decimal = ZERO
    fees: Decimal = ZERO
    penalties: Decimal = ZERO
    paid: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(COMPONENTS, ZERO))
    projected_principal: Decimal = ZERO  # principal the projection assumes paid on time (never real money)
    written_off: Decimal = ZERO
    defers: bool = False  # its interest is deferred to the first installment after the interest-payment grace
    closed: bool = False

    @property
    def principal(self) -> Decimal:
        return self.base + self.excess

    def amount(self, component: str) -> Decimal:
        return self.principal if component == "principal" else getattr(self, component)

    def outstanding(self, component: str) -> Decimal:
        return self.amount(component) - self.paid[component]

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fees + self.penalties

    @property
    def total_paid(self) -> Decimal:
        return sum(self.paid.values(), ZERO)

    @property
    def total_outstanding(self) -> Decimal:
        return self.total - self.total_paid - self.written_off


@dataclass(frozen=True, slots=True)
class Statement:
    """The state of a loan on `as_of` (see docs/loan-engine.md, Servicing)."""

    as_of: date
    status: StatementStatus
    outstanding_principal: Decimal
    arrears: Decimal
    days_past_due: int
    accrued_interest: Decimal
    payoff_amount: Decimal
    written_off_amount: Decimal
    recovered: Decimal
    overpaid_amount: Decimal
    annual_interest_rate: Decimal
    installments: tuple["InstallmentView", ...]
    held_in_advance: Decimal = ZERO  # paid before the next installment fell due, settling it on its due date
    payoff_breakdown: "PayoffBreakdown | None" = None
    received: "Received | None" = None


@dataclass(frozen=True, slots=True)
class Received:
    """Real money the loan has applied by `as_of`, per component, from the first disbursement (the books read it).

    `principal` counts principal paid ahead as well; money received but not applied to any component yet (held for
    the next installment, or beyond everything owed) is in none of them.
    """

    principal: Decimal
    interest: Decimal
    fees: Decimal
    penalties: Decimal


@dataclass(frozen=True, slots=True)
class PayoffBreakdown:
    """What `payoff_amount` is made of: principal + interest + fees + penalties − held in advance − credit.

    `interest` is the interest that has fallen due plus the current period's: accrued to the as-of date with
    recalculation, the current installment's scheduled interest without it (the schedule's interest stands), and
    every installment's scheduled interest with `pay_ahead` (everything still on the schedule).
    """

    principal: Decimal
    interest: Decimal
    fees: Decimal
    penalties: Decimal
    held_in_advance: Decimal
    credit: Decimal


@dataclass(frozen=True, slots=True)
class InstallmentView:
    number: int
    due_date: date
    principal: Decimal
    interest: Decimal
    fees: Decimal
    penalties: Decimal
    total: Decimal
    paid: Decimal
    outstanding: Decimal
    status: InstallmentStatus
    outstanding_principal: Decimal


def loan_statement(
    terms: Terms, transactions: list[Transaction], as_of: date, policy: Policy | None = None
) -> Statement:
    """The loan's state on `as_of` after `transactions` (those dated after `as_of` are ignored)."""
    policy = policy or Policy()
    _check_request(terms, transactions, as_of, policy)
    with engine_context():
        servicer = _Servicer(terms, policy)
        return servicer.run(effective_transactions(transactions, as_of), as_of)


def _check_request(terms: Terms, transactions: list[Transaction], as_of: date, policy: Policy) -> None:
    if as_of < terms.disbursement_date:
        raise TransactionError("as_of", "falls before the disbursement date")
    flat = terms.interest_method == "flat"
    if flat and policy.interest_recalculation:
        raise TransactionError("policy.interest_recalculation", "needs declining_balance interest")
    last_due = terms.due_dates()[-1]
    for tx in transactions:
        where = f"transactions[{tx.index}]"
        if tx.date < terms.disbursement_date:
            raise TransactionError(f"{where}.date", "falls before the disbursement date")
        if flat and tx.type in (TransactionType.DISBURSEMENT, TransactionType.RATE_CHANGE):
            raise TransactionError(f"{where}.type", f"{tx.type} needs a declining_balance loan")
        if tx.type == TransactionType.DISBURSEMENT and tx.date >= last_due:
            raise TransactionError(f"{where}.date", f"a tranche must fall before the last due date {last_due}")


class _Position(TypedDict):
    """Loan-level amounts on one day, before the projection touches anything."""

    accrued: Decimal
    payoff: Decimal
    principal: Decimal
    held: Decimal
    breakdown: PayoffBreakdown


class _Servicer:
    """Replays one loan; internal to `loan_statement`."""

    def __init__(self, terms: Terms, policy: Policy) -> None:
        self.terms = terms
        self.policy = policy
        self.plan = LoanPlan(terms)
        self.mode = self.plan.mode
        self.recalc = policy.interest_recalculation
        self.flat = terms.interest_method == "flat"
        self.flat_rows = generate_schedule(terms).installments if self.flat else ()
        # flat principal per installment after each re-amortisation: (from installment number, amount)
        self.flat_principal: list[tuple[int, Decimal]] = []
        self.annual = terms.annual_interest_rate
        self.installments: list[InstallmentState] = []
        self.settled = 0  # index of the oldest installment that may still be owed
        self.open: InstallmentState | None = None
        self.disbursed = terms.principal
        self.unassigned = terms.principal  # principal not yet given to an installment before the open one
        self.principal_paid = ZERO  # real money applied to principal, including money paid ahead
        self.balance = terms.principal  # principal outstanding that bears interest under recalculation
        self.deferred = ZERO  # interest charged in the interest-payment grace, not yet payable
        self.pool = ZERO  # principal paid ahead (pay_ahead), waiting for the installments it covers
        self.credit = ZERO  # money beyond the principal, waiting for interest and charges to fall due
        self.held = ZERO  # settle_next: money paid early, held for the open installment until its due date
        self.pending_charges: dict[int, dict[str, Decimal]] = {}
        self.tranches_ahead = list(terms.disbursements)
        self.projecting = False
        self.written_off_on: date | None = None
        self.written_off_amount = ZERO
        self.recovered = ZERO
        # interest accrual of the open period: accrued = Σ balance × annual × year-fraction numerator
        self.cursor = terms.disbursement_date
        self.accrued = ZERO
        self.path_balance = terms.principal
        self.level = self._level_for(terms.principal, 1)
        self.level_after: Decimal | None = None
        self._open_next()

    # --- the replay ------------------------------------------------------------------------------------------------

    def run(self, transactions: list[Transaction], as_of: date) -> Statement:
        events = [(t.date, -1, t) for t in self.terms.disbursements] + [(tx.date, tx.index, tx) for tx in transactions]
        events.sort(key=lambda event: (event[0], event[1]))
        for when, _, event in events:
            if self.written_off_on is not None:
                if isinstance(event, Transaction) and event.type in (
                    TransactionType.RECOVERY,
                    TransactionType.REPAYMENT,
                ):
                    self.recovered += event.money
                continue
            self._advance_to(when)
            if isinstance(event, Transaction):
                self._apply(event)
            else:
                self.tranches_ahead.pop(0)
                self._disburse(when, event.amount)
        if self.written_off_on is not None:
            return replace(self._written_off_statement(as_of), received=self._received())
        self._advance_to(as_of)
        now = self._position(as_of)
        received = self._received()  # before the projection, which settles installments not yet due
        self._project(as_of)
        return replace(self._statement(as_of, now), received=received)

    def _received(self) -> Received:
        paid = {c: sum((inst.paid[c] for inst in self.installments), ZERO) for c in _INCOME}
        return Received(self.principal_paid, paid["interest"], paid["fees"], paid["penalties"])

    def _apply(self, tx: Transaction) -> None:
        kind = tx.type
        if kind == TransactionType.REPAYMENT:
            self._repay(tx.date, tx.money)
        elif kind == TransactionType.DISBURSEMENT:
            if self.open is None:
                raise TransactionError(f"transactions[{tx.index}].date", "the loan has no installment left to repay it")
            self._disburse(tx.date, tx.money)
        elif kind in (TransactionType.FEE, TransactionType.PENALTY):
            self._charge(tx.date, "fees" if kind == TransactionType.FEE else "penalties", tx.money)
        elif kind == TransactionType.WAIVE_INTEREST:
            self._waive(tx.date, tx.money)
        elif kind == TransactionType.RATE_CHANGE:
            self._change_rate(tx.date, tx.new_rate)
        elif kind == TransactionType.WRITE_OFF:
            self._write_off(tx.date)
        elif kind == TransactionType.RECOVERY:
            # money received on a loan that was never written off repays it like any payment
            self._repay(tx.date, tx.money)

    def _advance_to(self, when: date) -> None:
        while self.open is not None and self.open.due_date <= when:
            self._close(self.open)

    # --- installments -----------------------------------------------------------------------------------------------

    def _open_next(self) -> None:
        number = len(self.installments) + 1
        periods = self.plan.periods
        if number > len(periods) or (self.unassigned <= 0 and not self.tranches_ahead and number > 1):
            self.open = None
            return
        period = periods[number - 1]
        inst = InstallmentState(number, period.start, period.due)
        charges = self.pending_charges.pop(number, None)
        if charges:
            inst.fees, inst.penalties = charges["fees"], charges["penalties"]
        if self.level_after is not None:
            self.level, self.level_after = self.level_after, None
        self.installments.append(inst)
        self.open = inst
        self.cursor = period.start
        self.accrued = ZERO
        self.path_balance = self.balance if self.recalc else self.unassigned
        self._compute(inst)
        if not self.recalc:
            self._apply_pool(inst)
            self._apply_credit(inst)

    def _close(self, inst: InstallmentState) -> None:
        self._accrue_to(inst.due_date)
        self._compute(inst)
        inst.closed = True
        if inst.defers:
            self.deferred += inst.charged
        else:
            self.deferred = ZERO
        surplus = inst.paid["principal"] - inst.principal
        if surplus > 0:
            # the installment's principal came out lower than the money paid ahead for it: that money moves on
            inst.paid["principal"] -= surplus
            self.pool += surplus
        self.unassigned -= inst.principal
        left = self._settle_held(inst)
        self._apply_pool(inst)
        self._apply_credit(inst)
        if self.projecting and self.recalc:
            self._settle_by_projection(inst, inst.due_date)
        self._open_next()
        if left > 0:
            # the installment came out smaller than the money held for it: the rest prepays principal on its due date
            self._pay_principal_first(inst.due_date, left)

    def _compute(self, inst: InstallmentState) -> None:
        """Set the installment's base principal and interest from the period so far plus its projected rest."""
        number = inst.number
        available = self.unassigned - inst.excess
        if self.flat:
            row = self.flat_rows[number - 1] if number <= len(self.flat_rows) else None
            charged = row.interest if row else ZERO
            if number == self.terms.repayments or row is None:
                base = available
            else:
                steps = [amount for start, amount in self.flat_principal if start <= number]
                grace = number <= self.terms.grace_principal
                base = min(steps[-1] if steps and not grace else row.principal, available)
            inst.base, inst.charged = base, charged
            inst.interest = charged - inst.waived
            return
        period = self.plan.periods[number - 1]
        if number <= self.terms.grace_interest_charged:
            charged = ZERO
        else:
            rest = self.path_balance * self.plan.span_numerator(period, self.cursor, period.due)
            charged = self.plan.round_interest((self.accrued + rest * self.annual), period)
        inst.charged = charged
        inst.base = self.plan.scheduled_principal(number, charged, available, self.level)
        ends_loan = inst.base == available and not self.tranches_ahead
        inst.defers = number <= self.terms.grace_interest_payment and not ends_loan
        payable = ZERO if inst.defers else charged + self.deferred
        inst.interest = payable - inst.waived

    def _level_for(self, balance: Decimal, number: int) -> Decimal:
        if self.terms.amortization == "equal_installments":
            return self.plan.level_installment(balance, self.annual, number)
        return self.plan.equal_principal(balance, number)

    # --- interest accrual -----------------------------------------------------------------------------------------

    def _accrue_to(self, when: date) -> None:
        inst = self.open
        if inst is None or when <= self.cursor:
            return
        end = min(when, inst.due_date)
        period = self.plan.periods[inst.number - 1]
        self.accrued += self.path_balance * self.annual * self.plan.span_numerator(period, self.cursor, end)
        self.cursor = end

    def _principal_moves(self, when: date, amount: Decimal) -> None:
        """Principal outstanding changes by `amount` on `when` (negative: repaid)."""
        if self.recalc:
            self._accrue_to(when)
            self.path_balance += amount
        self.balance += amount

    # --- money in -------------------------------------------------------------------------------------------------

    def _repay(self, when: date, amount: Decimal) -> None:
        left = amount
        installments = self.installments
        # installments before `settled` are fully paid: skip them (a charge on one of them resets the marker)
        while self.settled < len(installments) and installments[self.settled].closed:
            if installments[self.settled].total_outstanding > 0:
                break
            self.settled += 1
        for inst in installments[self.settled :]:
            if left == 0 or not inst.closed:
                break
            if inst.total_outstanding > 0:
                left = self._pay(inst, left, self.policy.order, when)
        if left > 0:
            self._pay_ahead(when, left)

    def _pay(self, inst: InstallmentState, amount: Decimal, order: tuple[str, ...], when: date) -> Decimal:
        """Pay `inst` component by component in `order`; return what is left."""
        for component in order:
            if amount == 0:
                break
            due = inst.outstanding(component)
            if due <= 0:
                continue
            part = due if due < amount else amount
            inst.paid[component] += part
            amount -= part
            if component == "principal":
                self.principal_paid += part
                self._principal_moves(when, -part)
        return amount

    def _pay_ahead(self, when: date, amount: Decimal) -> None:
        """Money beyond everything due on its date, by the early-payment policy (see docs/loan-engine.md)."""
        inst = self.open
        if self.policy.early_payment == EarlyPayment.PRINCIPAL_FIRST or inst is None:
            self._pay_principal_first(when, amount)
            return
        if amount >= self._position(when)["payoff"]:
            # enough to repay the loan today: it is repaid in full on this date, money held before included
            amount, self.held = amount + self.held, ZERO
            self._pay_principal_first(when, amount)
            return
        # held for the open installment, up to what it asks for as scheduled now; beyond that a prepayment today
        hold = min(amount, max(inst.total_outstanding - self.held, ZERO))
        self.held += hold
        rest = amount - hold
        if rest <= 0:
            return
        if self.recalc:
            principal = min(rest, max(self.balance - inst.outstanding("principal"), ZERO))
            self.principal_paid += principal
            self._principal_moves(when, -principal)
        else:
            later = self.unassigned - inst.principal - self.pool
            principal = min(rest, max(later, ZERO))
            self.principal_paid += principal
            self.balance -= principal
        self._prepay(inst, principal)
        self.credit += rest - principal

    def _settle_held(self, inst: InstallmentState) -> Decimal:
        """On its due date the money held for `inst` settles it in the allocation order; return what is left."""
        if self.held <= 0:
            return ZERO
        held, self.held = self.held, ZERO
        return self._pay(inst, held, self.policy.order, inst.due_date)

    def _pay_principal_first(self, when: date, amount: Decimal) -> None:
        """Money beyond everything due: the next installment's principal first, then the prepayment policy."""
        inst = self.open
        if inst is None:
            self.credit += amount
            return
        if self.recalc:
            principal = min(amount, self.balance)
            self.principal_paid += principal
            self._principal_moves(when, -principal)
            self._compute(inst)
            cover = min(principal, max(inst.principal - inst.paid["principal"], ZERO))
            inst.paid["principal"] += cover
            self._prepay(inst, principal - cover)
            self.credit += amount - principal
            return
        cover = min(amount, max(inst.outstanding("principal"), ZERO))
        inst.paid["principal"] += cover
        self.principal_paid += cover
        self.balance -= cover
        later = self.unassigned - inst.principal - self.pool
        prepaid = min(amount - cover, max(later, ZERO))
        self.principal_paid += prepaid
        self.balance -= prepaid
        self._prepay(inst, prepaid)
        rest = amount - cover - prepaid
        for component in self.policy.order:
            if component != "principal" and rest > 0:
                part = min(rest, max(inst.outstanding(component), ZERO))
                inst.paid[component] += part
                rest -= part
        self.credit += rest

    def _prepay(self, inst: InstallmentState, amount: Decimal) -> None:
        """Principal paid beyond the next installment's: kept ahead, or added to it and the rest re-amortised."""
        if amount <= 0:
            return
        if self.policy.prepayment == Prepayment.PAY_AHEAD:
            self.pool += amount
            return
        inst.excess += amount
        inst.paid["principal"] += amount
        self._compute(inst)
        if self.policy.prepayment == Prepayment.REDUCE_INSTALLMENT:
            later = self.unassigned - inst.principal
            if self.flat:
                remaining = self.terms.repayments - inst.number
                if remaining > 0:
                    self.flat_principal.append((inst.number + 1, round_money(later / remaining, self.mode)))
            elif inst.number < self.terms.repayments and later > 0:
                self.level_after = self._level_for(later, inst.number + 1)

    def _apply_pool(self, inst: InstallmentState) -> None:
        if self.pool > 0:
            part = min(self.pool, max(inst.outstanding("principal"), ZERO))
            inst.paid["principal"] += part
            self.pool -= part

    def _apply_credit(self, inst: InstallmentState) -> None:
        if self.credit > 0:
            order = self.policy.order
            if self.recalc and not inst.closed:
                order = tuple(c for c in order if c != "interest")  # interest is never paid before it accrued
            self.credit = self._pay(inst, self.credit, order, inst.due_date if inst.closed else inst.start)

    # --- other events ---------------------------------------------------------------------------------------------

    def _disburse(self, when: date, amount: Decimal) -> None:
        inst = self.open
        self._accrue_to(when)
        self.path_balance += amount
        self.balance += amount
        self.disbursed += amount
        self.unassigned += amount
        if inst is not None:
            self.level = self._level_for(self.unassigned - inst.excess, inst.number)
            self.level_after = None
            self._compute(inst)

    def _change_rate(self, when: date, rate: Decimal) -> None:
        self._accrue_to(when)
        self.annual = rate
        inst = self.open
        if inst is not None:
            if self.terms.amortization == "equal_installments":
                self.level = self._level_for(self.unassigned - inst.excess, inst.number)
                self.level_after = None
            self._compute(inst)

    def _charge(self, when: date, component: str, amount: Decimal) -> None:
        """A fee or penalty falls on the first installment due on or after its date."""
        target = next((p.number for p in self.plan.periods if p.due >= when), len(self.plan.periods))
        if target <= len(self.installments):
            inst = self.installments[target - 1]
        elif self.open is None:
            inst = self.installments[-1]  # the loan already ended: the charge falls on its final installment
        else:
            bucket = self.pending_charges.setdefault(target, {"fees": ZERO, "penalties": ZERO})
            bucket[component] += amount
            return
        setattr(inst, component, getattr(inst, component) + amount)
        self.settled = min(self.settled, inst.number - 1)
        self._apply_credit(inst)

    def _waive(self, when: date, amount: Decimal) -> None:
        """Forgive outstanding interest, oldest installment first (the open one only when interest stands)."""
        left = amount
        for inst in self.installments:
            if left == 0:
                break
            if inst.closed or not self.recalc:
                part = min(left, max(inst.outstanding("interest"), ZERO))
                inst.waived += part
                inst.interest -= part
                left -= part

    def _write_off(self, when: date) -> None:
        if self.held > 0:
            held, self.held = self.held, ZERO
            self._pay_principal_first(when, held)  # money held for an installment is not written off
        owed = self.disbursed - self.principal_paid + self.deferred
        for inst in self.installments:
            for component in ("interest", *_CHARGES):
                if inst.closed or component != "interest":
                    owed += max(inst.outstanding(component), ZERO)
            inst.written_off = max(inst.total_outstanding, ZERO)
        owed += sum((sum(bucket.values(), ZERO) for bucket in self.pending_charges.values()), ZERO)
        self.written_off_amount = owed
        self.written_off_on = when

    # --- as of ----------------------------------------------------------------------------------------------------

    def _position(self, as_of: date) -> _Position:
        """Loan-level amounts on `as_of`, before the projection touches anything."""
        inst = self.open
        closed_out = {
            c: sum((max(i.outstanding(c), ZERO) for i in self.installments if i.closed), ZERO) for c in COMPONENTS
        }
        pending = sum((sum(b.values(), ZERO) for b in self.pending_charges.values()), ZERO)
        accrued = ZERO
        if inst is not None and inst.number > self.terms.grace_interest_charged:
            period = self.plan.periods[inst.number - 1]
            if self.recalc:
                self._accrue_to(as_of)
                accrued = self.plan.round_interest(self.accrued, period)
            else:
                days, whole = (as_of - inst.start).days, (inst.due_date - inst.start).days
                accrued = round_money(inst.charged * days / whole, self.mode)
        outstanding_principal = self.disbursed - self.principal_paid
        pending_by = {c: sum((b[c] for b in self.pending_charges.values()), ZERO) for c in _CHARGES}
        charges = {c: closed_out[c] + pending_by[c] for c in _CHARGES}
        if inst is not None:
            for c in _CHARGES:
                charges[c] += max(inst.outstanding(c), ZERO)
        if self.recalc:
            open_charges = ZERO if inst is None else sum((max(inst.outstanding(c), ZERO) for c in _CHARGES), ZERO)
            payoff = (
                outstanding_principal
                + closed_out["interest"]
                + closed_out["fees"]
                + closed_out["penalties"]
                + accrued
                + open_charges
                + pending
                + self.deferred
            )
        else:
            payoff = sum(closed_out.values(), ZERO) + pending
            if inst is None:
                payoff += self.deferred
            else:
                payoff += max(inst.total_outstanding, ZERO) + max(self.unassigned - inst.principal - self.pool, ZERO)
                if inst.defers:
                    # interest deferred so far, this period's included, is owed although not yet payable
                    payoff += self.deferred + inst.charged
        interest = payoff - sum(charges.values(), ZERO)
        if self.recalc:
            interest -= outstanding_principal
            principal = outstanding_principal
        else:
            principal = closed_out["principal"]
            if inst is not None:
                principal += max(inst.outstanding("principal"), ZERO) + max(
                    self.unassigned - inst.principal - self.pool, Decimal(0)
                )
            interest -= principal
        breakdown = PayoffBreakdown(principal, interest, charges["fees"], charges["penalties"], self.held, self.credit)
        return {
            "accrued": accrued,
            "payoff": max(payoff - self.credit - self.held, ZERO),
            "principal": outstanding_principal,
            "held": self.held,
            "breakdown": breakdown,
        }

    def _project(self, as_of: date) -> None:
        """Fix the amounts of the installments not yet due: overdue paid on `as_of`, the rest on their due dates."""
        self.projecting = True
        if self.recalc:
            for inst in self.installments:
                if inst.closed:
                    self._settle_by_projection(inst, as_of)
        self._advance_to(date.max)

    def _settle_by_projection(self, inst: InstallmentState, when: date) -> None:
        unpaid = inst.outstanding("principal") - inst.projected_principal
        if unpaid > 0:
            inst.projected_principal += unpaid
            self._principal_moves(when, -unpaid)

    def _statement(self, as_of: date, now: _Position) -> Statement:
        views = []
        arrears = ZERO
        oldest_overdue: date | None = None
        due_marked = False
        for inst in self.installments:
            outstanding = max(inst.total_outstanding, ZERO)
            paid = inst.total_paid
            if outstanding == 0:
                status = InstallmentStatus.PAID
            elif inst.due_date < as_of:
                status = InstallmentStatus.OVERDUE
                arrears += outstanding
                oldest_overdue = oldest_overdue or inst.due_date
            elif paid > 0:
                status = InstallmentStatus.PARTLY_PAID
            elif not due_marked:
                status = InstallmentStatus.DUE
            else:
                status = InstallmentStatus.FUTURE
            if inst.due_date >= as_of and outstanding > 0:
                due_marked = True
            views.append(_view(inst, status))
        breakdown = now["breakdown"]
        if self.policy.prepayment == Prepayment.PAY_AHEAD and not self.recalc:
            # everything still on the schedule; money held in advance already sits in the installments it settles
            on_schedule = sum((max(i.total_outstanding, ZERO) for i in self.installments), ZERO)
            payoff = max(on_schedule - self.credit, ZERO)
            gross = on_schedule + now["held"]
            principal = max(now["principal"], ZERO)
            interest = gross - principal - breakdown.fees - breakdown.penalties
            breakdown = PayoffBreakdown(
                principal, interest, breakdown.fees, breakdown.penalties, now["held"], self.credit
            )
        else:
            payoff = now["payoff"]
        overpaid = self.credit if self.credit > 0 and self.open is None else ZERO
        if overpaid > 0:
            standing = StatementStatus.OVERPAID
        elif now["principal"] <= 0 and all(view.outstanding == 0 for view in views):
            standing = StatementStatus.REPAID
        else:
            standing = StatementStatus.ACTIVE
        return Statement(
            as_of=as_of,
            status=standing,
            outstanding_principal=max(now["principal"], ZERO),
            arrears=arrears,
            days_past_due=(as_of - oldest_overdue).days if oldest_overdue else 0,
            accrued_interest=now["accrued"],
            payoff_amount=payoff,
            written_off_amount=ZERO,
            recovered=ZERO,
            overpaid_amount=overpaid,
            annual_interest_rate=self.annual,
            installments=tuple(views),
            held_in_advance=now["held"],
            payoff_breakdown=breakdown,
        )

    def _written_off_statement(self, as_of: date) -> Statement:
        views = tuple(
            _view(inst, InstallmentStatus.WRITTEN_OFF if inst.written_off > 0 else InstallmentStatus.PAID)
            for inst in self.installments
        )
        return Statement(
            as_of=as_of,
            status=StatementStatus.WRITTEN_OFF,
            outstanding_principal=ZERO,
            arrears=ZERO,
            days_past_due=0,
            accrued_interest=ZERO,
            payoff_amount=ZERO,
            written_off_amount=self.written_off_amount,
            recovered=self.recovered,
            overpaid_amount=ZERO,
            annual_interest_rate=self.annual,
            installments=views,
        )


def _view(inst: InstallmentState, status: InstallmentStatus) -> InstallmentView:
    return InstallmentView(
        number=inst.number,
        due_date=inst.due_date,
        principal=inst.principal,
        interest=inst.interest,
        fees=inst.fees,
        penalties=inst.penalties,
        total=inst.total,
        paid=inst.total_paid,
        outstanding=max(inst.total_outstanding, ZERO),
        status=status,
        outstanding_principal=ZERO if inst.written_off else max(inst.outstanding("principal"), ZERO),
    )
